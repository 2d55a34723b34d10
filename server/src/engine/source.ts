// Turns file bytes into text the engine can trust, or a stated reason to skip the file:
// too large, binary, minified; a BOM is dropped (editors do not count it in columns), UTF-16 is decoded,
// invalid UTF-8 becomes U+FFFD with a note rather than a silent loss.
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface DecodedSource {
  text?: string;
  /** Why the file is not scanned, in words for the person reading stderr. */
  skipReason?: string;
  /** Things worth telling the person that do not stop the scan. */
  notes: string[];
}

const MINIFIED_NAME = /\.min\.(js|mjs|cjs|css)$|[.-]bundle\.js$/i;

function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  return longest > 2000 && text.length / lines > 300;
}

export function decodeSource(bytes: Uint8Array, filePath = ''): DecodedSource {
  const notes: string[] = [];
  if (bytes.length > MAX_FILE_BYTES) {
    return { notes, skipReason: `larger than 2 MB (${(bytes.length / 1048576).toFixed(1)} MB); split the file or scan it with a dedicated tool` };
  }
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const head = bytes.subarray(0, 8000);
    if (head.includes(0)) return { notes, skipReason: 'binary file (contains NUL bytes)' };
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      text = new TextDecoder('utf-8').decode(body);
      notes.push('invalid UTF-8: the bad bytes were read as U+FFFD and the rest of the file was scanned');
    }
  }
  // Only JavaScript ships minified; a long line in Python or Java is generated data and still gets scanned.
  if (MINIFIED_NAME.test(filePath) || (/\.(js|mjs|cjs)$/i.test(filePath) && looksMinified(text))) {
    return { notes, skipReason: 'minified bundle (very long lines); scan its sources instead' };
  }
  return { text, notes };
}
