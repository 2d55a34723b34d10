// What rules may know about the file being analysed beyond its text: its path (for rules about CI
// workflows or manifests by name) and the files beside it (lock files, read as data, never executed).
// The CLI and the server read siblings from disk; rule examples supply them in the rule file.
import * as fs from 'fs';
import * as path from 'path';

export interface FileContext {
  /** Path with forward slashes, as given or absolute; undefined for untitled documents and bare text. */
  path?: string;
  /** The text of a file beside this one, or undefined when there is none. */
  sibling(name: string): string | undefined;
}

export const NO_FILE: FileContext = { sibling: () => undefined };

const MAX_SIBLING_BYTES = 20 * 1024 * 1024;
/** Lock files change rarely but are read on every keystroke in a manifest: keep them by size and mtime. */
const cache = new Map<string, { mtimeMs: number; size: number; text: string }>();

function readCached(file: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!st.isFile() || st.size > MAX_SIBLING_BYTES) return undefined;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (cache.size > 64) cache.clear();
    cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, text });
    return text;
  } catch {
    return undefined;
  }
}

export function diskFileContext(filePath: string): FileContext {
  const dir = path.dirname(path.resolve(filePath));
  return { path: filePath.split(path.sep).join('/'), sibling: name => readCached(path.join(dir, name)) };
}

export function virtualFileContext(filePath: string | undefined, files: Record<string, string> = {}): FileContext {
  return { path: filePath, sibling: name => files[name] };
}
