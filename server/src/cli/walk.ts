// Finds the files a scan covers: walks directories honouring every .gitignore on the way (and
// .git/info/exclude), never enters .git or node_modules, follows no directory symlinks (no loops), and
// keeps only files of a language Skeptic parses. Paths named on the command line are always scanned.
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { languageForPath } from '../engine/languages';
import { byCodeUnits } from '../../../common/src/order';

export interface FileTarget {
  /** Absolute path, for reading. */
  abs: string;
  /** As given on the command line, or below it; forward slashes. What people and JSON see. */
  display: string;
  /** Set for `scan --staged`: read the index's blob, not the working tree. */
  staged?: { root: string; rel: string };
}

export interface Skipped {
  path: string;
  reason: string;
}

const NEVER_ENTER = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface IgnoreLayer {
  base: string;
  ig: Ignore;
}

function readIgnore(dir: string, names: string[]): IgnoreLayer | undefined {
  const ig = ignore();
  let any = false;
  for (const name of names) {
    try {
      ig.add(fs.readFileSync(path.join(dir, name), 'utf8'));
      any = true;
    } catch {
      // no such ignore file here: nothing to add
    }
  }
  return any ? { base: dir, ig } : undefined;
}

function isIgnored(layers: IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const { base, ig } of layers) {
    const rel = relativeTo(base, abs);
    if (rel && !rel.startsWith('..') && ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

/**
 * `abs` relative to `base`, with forward slashes. The walk's paths are joined from resolved ones, so a path
 * below `base` starts with it: slicing spares path.relative's normalising (most of the walk's time).
 */
function relativeTo(base: string, abs: string): string {
  const rel = abs.startsWith(base) && abs[base.length] === path.sep ? abs.slice(base.length + 1) : path.relative(base, abs);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

function toDisplay(p: string): string {
  return p.split(path.sep).join('/');
}

/** Ignore files from the git root (if any) down to `dir`, so `skeptic scan sub/` honours the repo's rules. */
function ancestorLayers(dir: string): IgnoreLayer[] {
  const chain: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    chain.unshift(d);
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) break;
  }
  const layers: IgnoreLayer[] = [];
  chain.forEach((d, i) => {
    const names = i === 0 && fs.existsSync(path.join(d, '.git')) ? ['.gitignore', '.git/info/exclude'] : ['.gitignore'];
    const layer = readIgnore(d, names);
    if (layer) layers.push(layer);
  });
  return layers;
}

/**
 * Expands the command line's paths into files to scan. Throws an Error with a one-line message when a
 * path does not exist (a usage error); problems met inside directories become `skipped` entries.
 */
export function collectFiles(paths: string[], cwd = process.cwd()): { files: FileTarget[]; skipped: Skipped[] } {
  const files: FileTarget[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  const add = (abs: string, display: string): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push({ abs, display });
  };
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      throw new Error(`cannot read ${given}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    if (st.isFile()) {
      if (languageForPath(abs)) add(abs, toDisplay(given));
      else throw new Error(`${given}: Skeptic does not scan this kind of file (supported: .js .jsx .mjs .cjs .ts .tsx .py .java .cs .go, package.json)`);
      continue;
    }
    const walk = (dir: string, display: string, layers: IgnoreLayer[]): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        skipped.push({ path: display || '.', reason: `unreadable directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
        return;
      }
      const own = readIgnore(dir, ['.gitignore']);
      const here = own && !layers.some(l => l.base === dir) ? [...layers, own] : layers;
      entries.sort((a, b) => byCodeUnits(a.name, b.name));
      for (const entry of entries) {
        const childAbs = path.join(dir, entry.name);
        const childDisplay = display ? `${display}/${entry.name}` : entry.name;
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const t = fs.statSync(childAbs);
            isFile = t.isFile();
            isDir = false; // never follow directory links: they can loop
          } catch {
            if (languageForPath(childAbs)) skipped.push({ path: childDisplay, reason: 'unreadable (broken symbolic link)' });
            continue;
          }
        }
        if (isDir) {
          if (NEVER_ENTER.has(entry.name) || isIgnored(here, childAbs, true)) continue;
          walk(childAbs, childDisplay, here);
        } else if (isFile && languageForPath(childAbs) && !isIgnored(here, childAbs, false)) {
          add(childAbs, childDisplay);
        }
      }
    };
    const rootDisplay = toDisplay(given) === '.' ? '' : toDisplay(given).replace(/\/+$/, '');
    // A folder named on the command line is scanned even when an enclosing .gitignore excludes it.
    const inherited = ancestorLayers(abs);
    walk(abs, rootDisplay, isIgnored(inherited, abs, true) ? inherited.filter(l => l.base === abs) : inherited);
  }
  return { files, skipped };
}
