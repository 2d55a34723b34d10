// The CLI contract other tools depend on: formats, fields, paths, exit codes, skipped-file reporting.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { ROOT } from '../helpers';
import { SAFE_PY, skeptic, tempTree, VULNERABLE_PY } from './cliHelpers';

describe('skeptic scan: the CLI contract', () => {
  it('exits 1 with findings, 0 without, 2 on usage and I/O errors with a one-line message', () => {
    const dir = tempTree({ 'bad.py': VULNERABLE_PY, 'good/ok.py': SAFE_PY });
    assert.strictEqual(skeptic(['scan', 'bad.py'], dir).status, 1);
    assert.strictEqual(skeptic(['scan', 'good'], dir).status, 0);
    for (const args of [['scan', '--format', 'xml'], ['scan', 'missing-dir'], ['frobnicate'], ['scan', '--bogus'], ['scan', '.', '--output', path.join(dir, 'no/such/dir/out.json')]]) {
      const r = skeptic(args, dir);
      assert.strictEqual(r.status, 2, `${args.join(' ')} -> ${r.status}`);
      const lines = r.stderr.trim().split('\n');
      assert.strictEqual(lines.length, 1, `one line expected, got:\n${r.stderr}`);
      assert.match(lines[0], /^skeptic: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('--severity sets the threshold for what is reported and for the exit status', () => {
    const dir = tempTree({ 'bad.py': VULNERABLE_PY });
    assert.strictEqual(skeptic(['scan', '--severity', 'error'], dir).status, 1);
    // sql-built-from-strings is an error: still reported at info, the lowest threshold
    const r = skeptic(['scan', '--severity', 'info', '--format', 'json'], dir);
    assert.strictEqual(JSON.parse(r.stdout).findings.length, 1);
  });

  it('--format json prints the exact documented shape with 1-based positions and paths as given', () => {
    const dir = tempTree({ 'src/db/bad.py': VULNERABLE_PY });
    const r = skeptic(['scan', 'src', '--format', 'json'], dir);
    assert.strictEqual(r.status, 1);
    const j = JSON.parse(r.stdout);
    assert.deepStrictEqual(Object.keys(j), ['tool', 'version', 'findings', 'skipped']);
    assert.strictEqual(j.tool, 'skeptic');
    assert.match(j.version, /^\d+\.\d+\.\d+$/);
    const f = j.findings[0];
    assert.deepStrictEqual(Object.keys(f), ['ruleId', 'severity', 'cwe', 'owasp', 'path', 'startLine', 'startColumn', 'endLine', 'endColumn', 'message', 'fixable']);
    assert.strictEqual(f.ruleId, 'sql-built-from-strings');
    assert.strictEqual(f.severity, 'error');
    assert.deepStrictEqual(f.cwe, ['CWE-89']);
    assert.strictEqual(f.path, 'src/db/bad.py');
    assert.deepStrictEqual([f.startLine, f.startColumn, f.endLine, f.endColumn], [3, 20, 3, 21]);
    assert.strictEqual(typeof f.fixable, 'boolean');
    const dot = JSON.parse(skeptic(['scan', '--format', 'json'], path.join(dir, 'src')).stdout);
    assert.strictEqual(dot.findings[0].path, 'db/bad.py', 'relative to the current directory when PATH defaults to .');
  });

  it('lists files in the order of their paths\' code units, whatever the locale', () => {
    const dir = tempTree({ 'b.py': VULNERABLE_PY, 'B.py': VULNERABLE_PY, 'a_x.py': VULNERABLE_PY, 'aX.py': VULNERABLE_PY, 'é.py': VULNERABLE_PY });
    const expected = ['B.py', 'aX.py', 'a_x.py', 'b.py', 'é.py'];
    for (const LANG of ['C.UTF-8', 'en_US.UTF-8', 'sv_SE.UTF-8']) {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'skeptic'), 'scan', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG, LC_ALL: LANG } });
      assert.deepStrictEqual(JSON.parse(r.stdout).findings.map((f: { path: string }) => f.path), expected, LANG);
    }
  });

  it('--format sarif writes SARIF 2.1.0 that GitHub code scanning accepts', () => {
    const dir = tempTree({ 'app/bad.py': VULNERABLE_PY });
    const out = path.join(dir, 'out.sarif');
    const r = skeptic(['scan', 'app', '--format', 'sarif', '--output', out], dir);
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stdout, '', 'the report went to --output');
    const s = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.strictEqual(s.version, '2.1.0');
    const run = s.runs[0];
    const driver = run.tool.driver;
    assert.strictEqual(driver.name, 'skeptic');
    assert.match(driver.version, /^\d+\.\d+\.\d+$/);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.ok(driver.rules.length >= 1);
    for (const rule of driver.rules) {
      assert.ok(rule.id && rule.shortDescription.text && rule.fullDescription.text, rule.id);
      assert.ok(rule.help.text && rule.help.markdown, `${rule.id} has help text and markdown`);
      assert.ok(rule.properties.tags.includes('security'));
      assert.ok(rule.properties.tags.some((t: string) => /^external\/cwe\/cwe-\d+$/.test(t)), `${rule.id} has a CWE tag`);
      assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
      assert.ok(['very-high', 'high', 'medium', 'low'].includes(rule.properties.precision));
    }
    const res = run.results[0];
    assert.strictEqual(res.ruleId, 'sql-built-from-strings');
    assert.strictEqual(res.level, 'error');
    assert.ok(res.message.text);
    const loc = res.locations[0].physicalLocation;
    assert.strictEqual(loc.artifactLocation.uri, 'app/bad.py');
    assert.strictEqual(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepStrictEqual(loc.region, { startLine: 3, startColumn: 20, endLine: 3, endColumn: 21 });
    assert.match(res.partialFingerprints['skeptic/v1'], /^[0-9a-f]{32}:\d+$/);
    assert.strictEqual(driver.rules[res.ruleIndex].id, res.ruleId);
  });

  it('fingerprints survive the finding moving down the file', () => {
    const a = tempTree({ 'x.py': VULNERABLE_PY });
    const b = tempTree({ 'x.py': '\n\n# a comment\n' + VULNERABLE_PY });
    const fp = (d: string) => JSON.parse(skeptic(['scan', '--format', 'sarif'], d).stdout).runs[0].results[0].partialFingerprints['skeptic/v1'];
    assert.strictEqual(fp(a), fp(b));
  });

  it('a scan of many files (in worker threads) gives every SARIF result the fingerprint a one-file scan does', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 48; i++) files[`m${String(i).padStart(2, '0')}.py`] = i % 2 ? VULNERABLE_PY : '\n' + VULNERABLE_PY;
    const dir = tempTree(files);
    const results = JSON.parse(skeptic(['scan', '--format', 'sarif'], dir).stdout).runs[0].results;
    assert.strictEqual(results.length, 48);
    const alone = JSON.parse(skeptic(['scan', 'm00.py', '--format', 'sarif'], dir).stdout).runs[0].results[0].partialFingerprints['skeptic/v1'];
    for (const r of results) assert.strictEqual(r.partialFingerprints['skeptic/v1'], alone);
  });

  it('--format text reads well: file:line:col, severity, rule, message, CWE and a summary line', () => {
    const dir = tempTree({ 'bad.py': VULNERABLE_PY, 'ok.py': SAFE_PY });
    const r = skeptic(['scan'], dir);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^bad\.py:3:20: error sql-built-from-strings: .+ \[CWE-89\]$/);
    assert.match(lines[lines.length - 1], /^1 finding \(1 error\) in 1 file; 2 files scanned\.$/);
    assert.match(skeptic(['scan', 'ok.py'], dir).stdout, /^No findings; 1 file scanned\.\n$/);
  });

  it('--format text says how many findings --severity hid, and --severity info lists them', () => {
    const dir = tempTree({ 'sign.py': 'import hashlib\ndef sign(data):\n    return hashlib.sha1(data).hexdigest()\n' });
    const r = skeptic(['scan'], dir);
    assert.strictEqual(r.status, 0);
    assert.match(r.stdout, /^No findings \(1 info below --severity warning not shown\); 1 file scanned\.\n$/);
    const all = skeptic(['scan', '--severity', 'info'], dir);
    assert.strictEqual(all.status, 1);
    assert.match(all.stdout, /^sign\.py:3:\d+: info weak-hash-algorithm: /);
    assert.match(all.stdout, /1 finding \(1 info\) in 1 file; 1 file scanned\.\n$/);
  });

  it('honours .gitignore, never enters .git or node_modules, and skips minified bundles out loud', () => {
    const dir = tempTree({
      '.gitignore': 'build/\n*.gen.py\n',
      'build/out.py': VULNERABLE_PY,
      'x.gen.py': VULNERABLE_PY,
      'node_modules/pkg/index.py': VULNERABLE_PY,
      '.git/hooks/x.py': VULNERABLE_PY,
      'sub/.gitignore': 'local.py\n',
      'sub/local.py': VULNERABLE_PY,
      'sub/kept.py': VULNERABLE_PY,
      'web/app.min.js': 'var a=1;',
      'web/bundle.js': 'var a=' + '1+'.repeat(6000) + '1;\n',
    });
    const r = skeptic(['scan', '--format', 'json'], dir);
    const j = JSON.parse(r.stdout);
    assert.deepStrictEqual(j.findings.map((f: { path: string }) => f.path), ['sub/kept.py']);
    const skipped = j.skipped.map((s: { path: string }) => s.path).sort();
    assert.deepStrictEqual(skipped, ['web/app.min.js', 'web/bundle.js']);
    for (const s of j.skipped) assert.match(s.reason, /minified/);
    assert.match(r.stderr, /skipped web\/app\.min\.js: minified/);
    assert.match(r.stderr, /skipped web\/bundle\.js: minified/);
  });

  it('uses worker threads for many files and finds the same as one file at a time', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`m${String(i).padStart(3, '0')}.py`] = i % 3 === 0 ? VULNERABLE_PY : SAFE_PY;
    const dir = tempTree(files);
    const j = JSON.parse(skeptic(['scan', '--format', 'json'], dir).stdout);
    assert.strictEqual(j.findings.length, 40);
    assert.deepStrictEqual(j.findings.map((f: { path: string }) => f.path), Object.keys(files).filter((_, i) => i % 3 === 0));
  });

  it('fix applies only the safe fixes, keeps CRLF and BOM, and prints what it changed', () => {
    const before = '\ufeffimport yaml\r\ncfg = yaml.load(text)\r\n' + 'requests.get(url, verify=False)\r\n';
    const dir = tempTree({ 'conf.py': before });
    const r = skeptic(['fix'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^conf\.py:2:7: yaml-load-without-safe-loader: .+$/m);
    assert.match(r.stdout, /Applied 1 safe fix in 1 file\./);
    const after = fs.readFileSync(path.join(dir, 'conf.py'), 'utf8');
    assert.strictEqual(after, before.replace('yaml.load(', 'yaml.safe_load('), 'the unsafe TLS fix is left for a person');
    assert.match(skeptic(['fix'], dir).stdout, /No safe fixes to apply\./);
  });

  it('rules lists every rule; --format json gives ids, CWE and docs', () => {
    const dir = tempTree({});
    const text = skeptic(['rules'], dir);
    assert.strictEqual(text.status, 0);
    assert.match(text.stdout, /^sql-built-from-strings\s+error\s+CWE-89/m);
    const j = JSON.parse(skeptic(['rules', '--format', 'json'], dir).stdout);
    const sql = j.find((r: { id: string }) => r.id === 'sql-built-from-strings');
    assert.deepStrictEqual(sql.cwe, ['CWE-89']);
    assert.ok(sql.docs.why.length > 10);
  });

  it('a reader that stops early (| head) gets no stack trace, and the exit status stays the scan\'s', async () => {
    // SARIF of the demo is far larger than a pipe's buffer: the write fails once the reader has gone
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'skeptic'), 'scan', 'demo', '--format', 'sarif'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', d => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>(resolve => child.on('close', resolve));
    assert.strictEqual(stderr, '');
    assert.strictEqual(status, 1); // the demo has findings
  });
});
