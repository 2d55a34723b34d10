// Bad input gets a clear answer and nothing is lost: each case below is one the scanner meets in real
// repositories. Positions must stay right (UTF-16 columns, as editors and SARIF count them).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { skeptic, tempTree, VULNERABLE_PY } from './cliHelpers';

interface JsonFinding { path: string; ruleId: string; startLine: number; startColumn: number; endColumn: number }
function scanJson(dir: string, ...args: string[]) {
  const r = skeptic(['scan', '--format', 'json', ...args], dir);
  return { ...r, json: JSON.parse(r.stdout) as { findings: JsonFinding[]; skipped: { path: string; reason: string }[] } };
}

describe('bad input', () => {
  it('a binary file with a source extension is skipped and named', () => {
    const dir = tempTree({ 'blob.py': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]), 'bad.py': VULNERABLE_PY });
    const r = scanJson(dir);
    assert.deepStrictEqual(r.json.skipped, [{ path: 'blob.py', reason: 'binary file (contains NUL bytes)' }]);
    assert.match(r.stderr, /skipped blob\.py: binary file/);
    assert.strictEqual(r.json.findings.length, 1, 'the other file is still scanned');
  });

  it('invalid UTF-8 is read with replacement characters, said on stderr, and the rest is scanned', () => {
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n'), Buffer.from(VULNERABLE_PY)]);
    const dir = tempTree({ 'latin1.py': bytes });
    const r = scanJson(dir);
    assert.match(r.stderr, /latin1\.py: invalid UTF-8/);
    assert.strictEqual(r.json.findings.length, 1);
    assert.strictEqual(r.json.findings[0].startLine, 4);
    assert.strictEqual(r.json.findings[0].startColumn, 20);
  });

  it('a 5 MB single-line minified file is skipped as too large, without being read into the parser', () => {
    const dir = tempTree({ 'vendor.js': 'var x=' + 'a+'.repeat(2_600_000) + '1;' });
    const started = Date.now();
    const r = scanJson(dir);
    assert.deepStrictEqual(r.json.skipped.map(s => s.path), ['vendor.js']);
    assert.match(r.json.skipped[0].reason, /^larger than 2 MB \(5\.0 MB\)/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('50,000 nested brackets parse without a crash, and findings after them are still found', () => {
    const deep = 'x = ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n';
    const dir = tempTree({ 'deep.py': deep + VULNERABLE_PY });
    const r = scanJson(dir);
    assert.strictEqual(r.status, 1, r.stderr);
    assert.strictEqual(r.json.findings.length, 1);
    assert.strictEqual(r.json.findings[0].startLine, 4);
  });

  it('an empty file is scanned and gives nothing', () => {
    const dir = tempTree({ 'empty.py': '' });
    const r = skeptic(['scan'], dir);
    assert.strictEqual(r.status, 0);
    assert.match(r.stdout, /No findings; 1 file scanned/);
  });

  it('CRLF line endings keep lines and columns right', () => {
    const dir = tempTree({ 'crlf.py': VULNERABLE_PY.replace(/\n/g, '\r\n') });
    const f = scanJson(dir).json.findings[0];
    assert.deepStrictEqual([f.startLine, f.startColumn, f.endColumn], [3, 20, 21]);
  });

  it('a UTF-8 BOM does not shift columns', () => {
    const dir = tempTree({ 'bom.py': '\ufeff' + VULNERABLE_PY.replace('def', 'def') });
    const f = scanJson(dir).json.findings[0];
    assert.deepStrictEqual([f.startLine, f.startColumn], [3, 20]);
  });

  it('astral characters count as two UTF-16 code units, as in editors and SARIF', () => {
    const code = 'def f(cursor, n):\n    q = "SELECT 😀 " + n; cursor.execute(q)\n';
    const dir = tempTree({ 'emoji.py': code });
    const f = scanJson(dir).json.findings[0];
    const line = code.split('\n')[1];
    assert.strictEqual(f.startColumn, line.indexOf('execute(q)') + 'execute('.length + 1);
    assert.strictEqual(line.indexOf('execute(q)'), [...line].join('').indexOf('execute(q)'));
    assert.strictEqual(f.endColumn - f.startColumn, 1);
  });

  it('unreadable files are skipped and named with the reason', () => {
    const dir = tempTree({ 'ok.py': VULNERABLE_PY });
    fs.symlinkSync(path.join(dir, 'gone.py'), path.join(dir, 'dangling.py'));
    let locked: string | undefined;
    if (process.getuid?.() !== 0) {
      locked = path.join(dir, 'locked.py');
      fs.writeFileSync(locked, VULNERABLE_PY);
      fs.chmodSync(locked, 0);
    }
    const r = scanJson(dir);
    const reasons = Object.fromEntries(r.json.skipped.map(s => [s.path, s.reason]));
    assert.match(reasons['dangling.py'], /^unreadable/);
    if (locked) assert.match(reasons['locked.py'], /^unreadable \(EACCES\)/);
    assert.match(r.stderr, /skipped dangling\.py: unreadable/);
    assert.strictEqual(r.json.findings.length, 1);
  });

  it('a rule file with a syntax error is named clearly and the other rules still run', () => {
    const rules = tempTree({
      'python/broken-rule.yaml': 'id: broken-rule\nlanguages: [python\nseverity: error\n',
      'python/bad-field.yaml': 'id: bad-field\nlanguages: [python]\nseverity: critical\n',
    });
    const dir = tempTree({ 'bad.py': VULNERABLE_PY });
    const r = scanJson(dir, '--rules', rules);
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.json.findings.length, 1, 'bundled rules still ran');
    assert.match(r.stderr, /rule skipped: .*python\/broken-rule\.yaml: line \d+, column \d+: YAML syntax error/);
    assert.match(r.stderr, /rule skipped: .*python\/bad-field\.yaml: \/severity: must be equal to one of the allowed values \(error, warning, info\)/);
  });
});
