// bin/load.js: the build's V8 code caches are taken by both ways the command starts (`node bin/skeptic`, and
// bin/skeptic run directly, with its shebang's flag); a scan gives the same report with and without a cache;
// a damaged cache is ignored, never fatal.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

const LOADER = path.join(ROOT, 'bin', 'load.js');

/** The node flags of bin/skeptic's shebang (`#!/usr/bin/env -S node <flags>`). */
function shebangFlags(): string[] {
  const first = fs.readFileSync(path.join(ROOT, 'bin', 'skeptic'), 'utf8').split('\n')[0];
  const m = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  assert.ok(m, `unexpected shebang: ${first}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

/** What bin/load.js reports in a process started with `flags`: its cache file, and whether V8 took it. */
function probe(flags: string[]): { file: string; codeCache: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-cache-'));
  try {
    // a script file, not node -e: -e is among process.execArgv, which picks the cache
    const script = path.join(dir, 'probe.js');
    fs.writeFileSync(script, `const cli = require(${JSON.stringify(LOADER)}); cli.prepare(); const file = cli.cacheFile(); console.log(JSON.stringify({ file, codeCache: cli.load().codeCache }));`);
    const r = spawnSync(process.execPath, [...flags, script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { file: string; codeCache: string };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function scanDemo(flags: string[]): string {
  const r = spawnSync(process.execPath, [...flags, path.join(ROOT, 'bin', 'skeptic'), 'scan', 'demo', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
  assert.strictEqual(r.status, 1, r.stderr); // the demo has findings
  return r.stdout;
}

describe('bin/load.js: the CLI bundle with V8 code caches', () => {
  it('`node bin/skeptic` finds its cache, and V8 takes it', () => {
    assert.strictEqual(probe([]).codeCache, 'used');
  });

  it("bin/skeptic run directly (its shebang's flags) finds its cache, and V8 takes it", () => {
    assert.ok(shebangFlags().length > 0);
    assert.strictEqual(probe(shebangFlags()).codeCache, 'used');
  });

  it('a scan reports the same with a cache as without one', () => {
    // a flag the build made no cache for: the bundle compiles as usual
    const uncached = ['--max-old-space-size=3001'];
    assert.strictEqual(probe(uncached).codeCache, 'none');
    assert.strictEqual(scanDemo([]), scanDemo(uncached));
  });

  it('a damaged cache is ignored: V8 rejects it and the command runs', () => {
    const flags = ['--max-old-space-size=3002'];
    const { file } = probe(flags);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from('not a V8 code cache'));
    try {
      assert.strictEqual(probe(flags).codeCache, 'rejected');
      assert.strictEqual(scanDemo(flags), scanDemo([]));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
