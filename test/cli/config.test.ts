// The CLI honours .skeptic.yaml (rules off, ignore globs, minimum severity, rule folders) and lists
// exclusion-zone files for CI, including as CODEOWNERS entries.
import * as assert from 'assert';
import { skeptic, tempTree, VULNERABLE_PY } from './cliHelpers';

describe('skeptic and .skeptic.yaml', () => {
  it('turns rules off and ignores globs from the repository file', () => {
    const dir = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'a.py': VULNERABLE_PY, 'gen/b.py': VULNERABLE_PY });
    assert.strictEqual(JSON.parse(skeptic(['scan', '--format', 'json'], dir).stdout).findings.length, 2);
    const withConfig = tempTree({ '.git/HEAD': 'x', '.skeptic.yaml': 'ignore: ["gen/**"]\n', 'a.py': VULNERABLE_PY, 'gen/b.py': VULNERABLE_PY });
    assert.deepStrictEqual(JSON.parse(skeptic(['scan', '--format', 'json'], withConfig).stdout).findings.map((f: { path: string }) => f.path), ['a.py']);
    const off = tempTree({ '.git/HEAD': 'x', '.skeptic.yaml': 'rules:\n  sql-built-from-strings: off\n', 'a.py': VULNERABLE_PY });
    assert.strictEqual(skeptic(['scan'], off).status, 0);
  });

  it('an invalid .skeptic.yaml is a usage error that names the field', () => {
    const dir = tempTree({ '.git/HEAD': 'x', '.skeptic.yaml': 'minimumSeverity: critical\n', 'a.py': VULNERABLE_PY });
    const r = skeptic(['scan'], dir);
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /\.skeptic\.yaml: \/minimumSeverity: must be equal to one of the allowed values/);
  });

  it('zones lists exclusion-zone files with evidence, as JSON and as CODEOWNERS', () => {
    const dir = tempTree({ '.git/HEAD': 'x', 'auth/login.py': 'import bcrypt\ndef login(u, p):\n    pass\n', 'util.py': 'print(1)\n' });
    const text = skeptic(['zones'], dir);
    assert.strictEqual(text.status, 0);
    assert.match(text.stdout, /^auth\/login\.py: Authentication & authorization$/m);
    assert.match(text.stdout, /1 of 2 files in security exclusion zones\./);
    const json = JSON.parse(skeptic(['zones', '--format', 'json'], dir).stdout);
    assert.deepStrictEqual(json.files.map((f: { path: string; zones: { id: string }[] }) => [f.path, f.zones.map(z => z.id)]), [['auth/login.py', ['auth']]]);
    const owners = skeptic(['zones', '--format', 'codeowners', '--owner', '@acme/security'], dir);
    assert.match(owners.stdout, /^\/auth\/login\.py @acme\/security {2}# Authentication & authorization$/m);
    assert.strictEqual(skeptic(['zones', '--format', 'codeowners'], dir).status, 2);
  });
});
