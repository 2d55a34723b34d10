// Runs the real bin/skeptic (the built bundle) in a child process, as CI and pre-commit hooks do.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function skeptic(args: string[], cwd: string, input?: string): CliRun {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'skeptic'), ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory filled with the given files (relative path -> text or bytes). */
export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

/** A Python snippet that the bundled sql-built-from-strings rule flags at line 3 (the sink). */
export const VULNERABLE_PY = 'def find(cursor, name):\n    q = "SELECT * FROM users WHERE name = \'" + name + "\'"\n    cursor.execute(q)\n';
export const SAFE_PY = 'def find(cursor, name):\n    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))\n';
