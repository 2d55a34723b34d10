// Runs git for `skeptic scan --staged`: what is staged, and the staged bytes of each file. A repository
// is untrusted input, and its config can make git run programs (core.fsmonitor, core.pager, diff drivers,
// textconv and clean/smudge filters): git is called without a shell, with those switched off, and file
// contents are read with `cat-file blob`, which applies no filter.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { languageForPath } from '../engine/languages';
import { IoError } from './args';
import type { FileTarget } from './walk';

const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'diff.external=', '--no-pager'];

export function git(args: string[], cwd: string): Buffer {
  try {
    return execFileSync('git', [...SAFE, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT') throw new IoError('git is not installed or not on PATH; --staged needs git');
    const message = err.stderr?.toString().trim().split('\n')[0] ?? (e as Error).message;
    throw new IoError(`git ${args[0]} failed: ${message}`);
  }
}

/**
 * The staged files Skeptic reads (added, copied, modified or renamed; not deleted), limited to `paths`
 * when given, each with its staged content rather than the working tree's.
 */
export function stagedFiles(paths: string[], cwd = process.cwd()): FileTarget[] {
  let root: string;
  try {
    root = git(['rev-parse', '--show-toplevel'], cwd).toString().trim();
  } catch (e) {
    throw new IoError(`--staged scans a git repository's index, and ${cwd} is not in one (${(e as Error).message.replace(/^git rev-parse failed: /, '')})`);
  }
  const names = git(['diff', '--cached', '--name-only', '--no-renames', '--diff-filter=ACMR', '-z'], root).toString().split('\0').filter(Boolean);
  const within = paths.map(p => path.resolve(cwd, p));
  const out: FileTarget[] = [];
  for (const rel of names) {
    const abs = path.join(root, rel);
    if (within.length && !within.some(w => abs === w || abs.startsWith(w + path.sep))) continue;
    if (!languageForPath(abs)) continue;
    out.push({ abs, display: path.relative(cwd, abs).split(path.sep).join('/'), staged: { root, rel } });
  }
  return out;
}

/** The staged bytes of a file (the index's blob), never the working tree's. */
export function stagedContent(target: { root: string; rel: string }): Buffer {
  return git(['cat-file', 'blob', `:${target.rel}`], target.root);
}
