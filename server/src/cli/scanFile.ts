// Scans one file from disk: size check before reading, decoding (binary, BOM, bad UTF-8, minified),
// parsing with a time budget, analysis and suppressions. Returns findings or the reason it was skipped,
// and, when asked (SARIF), a fingerprint per finding (rule + the flagged line's text) that stays stable when
// lines move.
import { createHash } from 'crypto';
import * as fs from 'fs';
import type { Finding } from '../../../common/src/types';
import { Engine, ParseTimeoutError } from '../engine/engine';
import { languageForPath } from '../engine/languages';
import { decodeSource, MAX_FILE_BYTES } from '../engine/source';
import { stagedContent } from './git';
import type { FileTarget } from './walk';

export interface FileResult {
  path: string;
  findings: Finding[];
  /** One per finding, when the scan asked for them (scanFile's `fingerprints` option); else empty. */
  fingerprints: string[];
  skipped?: string;
  notes: string[];
  /** The decoded text, kept only when the caller asks (for `skeptic fix`). */
  text?: string;
  hadBom?: boolean;
}

function lineText(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}

export function fingerprintsFor(findings: Finding[], text: string): string[] {
  const occurrences = new Map<string, number>();
  return findings.map(f => {
    const base = createHash('sha256').update(`${f.ruleId}\0${lineText(text, f.range.start.line).replace(/\s+/g, '')}`).digest('hex').slice(0, 32);
    const n = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, n);
    return `${base}:${n}`;
  });
}

export interface ScanFileOptions {
  /** Keep the decoded text in the result (for `skeptic fix`). */
  keepText?: boolean;
  /** Compute each finding's fingerprint (SARIF's partialFingerprints): a hash per finding, skipped otherwise. */
  fingerprints?: boolean;
}

const tooLarge = (size: number): string => `larger than 2 MB (${(size / 1048576).toFixed(1)} MB); split the file or scan it with a dedicated tool`;

export async function scanFile(engine: Engine, target: FileTarget, { keepText = false, fingerprints = false }: ScanFileOptions = {}): Promise<FileResult> {
  const result: FileResult = { path: target.display, findings: [], fingerprints: [], notes: [] };
  const language = languageForPath(target.abs);
  if (!language) return { ...result, skipped: 'not a language Skeptic parses' };
  let bytes: Buffer;
  try {
    const size = target.staged ? undefined : fs.statSync(target.abs).size;
    if (size !== undefined && size > MAX_FILE_BYTES) return { ...result, skipped: tooLarge(size) };
    bytes = target.staged ? stagedContent(target.staged) : fs.readFileSync(target.abs);
    if (bytes.length > MAX_FILE_BYTES) return { ...result, skipped: tooLarge(bytes.length) };
  } catch (e) {
    return { ...result, skipped: `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const decoded = decodeSource(bytes, target.abs);
  result.notes.push(...decoded.notes);
  if (decoded.text === undefined) return { ...result, skipped: decoded.skipReason };
  try {
    result.findings = await engine.scanText(language, decoded.text, { filePath: target.abs });
  } catch (e) {
    if (e instanceof ParseTimeoutError) return { ...result, skipped: `${e.message}; the file is too complex to parse in time` };
    throw e;
  }
  if (fingerprints) result.fingerprints = fingerprintsFor(result.findings, decoded.text);
  if (keepText) {
    result.text = decoded.text;
    result.hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  }
  return result;
}
