// Protocol tests against the real server process over stdio: what any LSP client sees.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { tempTree, VULNERABLE_PY } from '../cli/cliHelpers';
import { LspClient } from './lspClient';

/** A workspace rule with a safe fix, loaded through .skeptic.yaml when the workspace is trusted. */
const YAML_RULE = `id: test-yaml-load
languages: [python]
severity: error
message: yaml.load can construct arbitrary objects from the document
docs:
  what: Flags yaml.load.
  why: The full loader builds arbitrary Python objects.
  example: yaml.load(data)
  useInstead: yaml.safe_load(data)
  fixSafety: safe_load reads every plain YAML document the same way.
query: |
  (call function: (attribute object: (identifier) @_m (#eq? @_m "yaml") attribute: (identifier) @fn (#eq? @fn "load")) arguments: (argument_list . (_) .)) @match
fix:
  title: Use yaml.safe_load
  safety: safe
  edits:
    - { capture: fn, replace: safe_load }
metadata:
  cwe: [CWE-502]
  owasp: ["A08:2021 - Software and Data Integrity Failures"]
  references: [https://cwe.mitre.org/data/definitions/502.html]
  confidence: high
  subcategory: vuln
status: stable
since: 0.1.0
examples:
  invalid: ["yaml.load(data)"]
  valid: ["yaml.safe_load(data)"]
  fixes: [{ input: "yaml.load(data)", output: "yaml.safe_load(data)" }]
`;

function workspace(extra: Record<string, string> = {}): string {
  return tempTree({ '.skeptic.yaml': 'ruleFolders: [security-rules]\n', 'security-rules/python/test-yaml-load.yaml': YAML_RULE, ...extra });
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('language server over stdio', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('initializes with incremental sync, code actions and hover, and names itself', async () => {
    client = new LspClient({ workspace: workspace() });
    const init = await client.initialize();
    assert.strictEqual((init.capabilities.textDocumentSync as { change: number }).change, 2);
    assert.deepStrictEqual((init.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.skeptic']);
    assert.strictEqual(init.capabilities.hoverProvider, true);
    assert.strictEqual(init.serverInfo?.name, 'skeptic');
  });

  it('publishes diagnostics after open, edit and close, each carrying the document version', async () => {
    client = new LspClient({ workspace: workspace() });
    await client.initialize();
    const uri = client.open('app/db.py', 'python', VULNERABLE_PY);
    const first = await client.diagnosticsAt(uri, 1);
    assert.strictEqual(first.diagnostics.length, 1);
    const d = first.diagnostics[0];
    assert.strictEqual(d.source, 'skeptic');
    assert.strictEqual(d.code, 'sql-built-from-strings');
    assert.strictEqual(d.severity, 1);
    assert.deepStrictEqual(d.range, { start: { line: 2, character: 19 }, end: { line: 2, character: 20 } }, 'the range of the flaw itself');
    assert.strictEqual(d.codeDescription?.href, 'https://cwe.mitre.org/data/definitions/89.html');
    assert.ok(!String(d.message).includes('\n'));

    // make the query constant: the finding goes away in version 2
    const line1 = VULNERABLE_PY.split('\n')[1];
    const cut = line1.indexOf(' + name');
    const v2 = client.change(uri, [{ range: { start: { line: 1, character: cut }, end: { line: 1, character: line1.length } }, text: '' }]);
    const second = await client.diagnosticsAt(uri, v2);
    assert.deepStrictEqual(second.diagnostics, [], JSON.stringify(second));
    // type it back one character at a time, as a person does: the finding returns at the sink
    let v = v2;
    [...' + name'].forEach((ch, i) => {
      v = client.change(uri, [{ range: { start: { line: 1, character: cut + i }, end: { line: 1, character: cut + i } }, text: ch }]);
    });
    const back = await client.diagnosticsAt(uri, v);
    assert.deepStrictEqual(back.diagnostics.map(x => [x.code, x.range.start.line]), [['sql-built-from-strings', 2]]);
    client.close(uri);
    const closed = await client.diagnosticsFor(uri, p => p.diagnostics.length === 0 && p.version === undefined);
    assert.deepStrictEqual(closed.diagnostics, []);
  });

  it('watches manifests, workflows and Dockerfiles by name: live diagnostics, and a pin fix from the lock file', async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/express': { version: '4.21.2' } } });
    client = new LspClient({ workspace: workspace({ 'web/package-lock.json': lock }) });
    await client.initialize();
    // A Dockerfile: the editor may call it anything (or plaintext); the name decides.
    const docker = client.open('Dockerfile', 'plaintext', 'FROM python:3.12.4-slim\nRUN pip install flask==3.1.0\n');
    assert.deepStrictEqual((await client.diagnosticsAt(docker, 1)).diagnostics, []);
    const v2 = client.change(docker, [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 22 } }, text: 'latest' }]);
    assert.deepStrictEqual((await client.diagnosticsAt(docker, v2)).diagnostics.map(d => [d.code, d.range.start.line]), [['base-image-not-pinned', 0]]);
    // A workflow: actions by tag are flagged in .github/workflows only.
    const wf = client.open('.github/workflows/ci.yml', 'yaml', 'on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n');
    assert.deepStrictEqual((await client.diagnosticsAt(wf, 1)).diagnostics.map(d => d.code), ['action-not-pinned-to-commit']);
    // package.json beside a lock file: the quick fix pins what the lock file installed.
    const text = '{\n  "dependencies": {\n    "express": "^4.18.2"\n  }\n}\n';
    const pkg = client.open('web/package.json', 'json', text);
    const diag = (await client.diagnosticsFor(pkg, p => p.diagnostics.some(d => d.code === 'dependency-version-not-pinned'))).diagnostics.find(d => d.code === 'dependency-version-not-pinned')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: pkg }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const pin = actions.find(a => a.title.startsWith('Pin to'))!;
    assert.strictEqual(pin.title, 'Pin to 4.21.2: the version package-lock.json installed (review the change)');
    assert.strictEqual(applyEdits(text, pin.edit!.changes![pkg]), text.replace('^4.18.2', '4.21.2'));
  });

  it('applies a quick fix: the edit gives the expected text and the diagnostic goes away', async () => {
    client = new LspClient({ workspace: workspace(), initializationOptions: { workspaceTrusted: true } });
    await client.initialize();
    const text = 'import yaml\n\ndef load(data):\n    return yaml.load(data)\n';
    const uri = client.open('conf.py', 'python', text);
    const diags = await client.diagnosticsFor(uri, p => p.diagnostics.some(d => d.code === 'test-yaml-load'));
    const diag = diags.diagnostics.find(d => d.code === 'test-yaml-load')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const fix = actions.find(a => a.title === 'Use yaml.safe_load')!;
    assert.ok(fix, JSON.stringify(actions.map(a => a.title)));
    assert.strictEqual(fix.kind, 'quickfix');
    assert.strictEqual(fix.isPreferred, true, 'a safe fix is preferred');
    const edits = fix.edit!.changes![uri];
    const fixed = applyEdits(text, edits);
    assert.strictEqual(fixed, 'import yaml\n\ndef load(data):\n    return yaml.safe_load(data)\n');
    const v = client.change(uri, edits.map(e => ({ range: e.range, text: e.newText })));
    assert.deepStrictEqual((await client.diagnosticsAt(uri, v)).diagnostics.filter(d => d.code === 'test-yaml-load'), []);
  });

  it('source.fixAll.skeptic applies only the safe fixes', async () => {
    client = new LspClient({ workspace: workspace(), initializationOptions: { workspaceTrusted: true } });
    await client.initialize();
    const text = 'import yaml\na = yaml.load(x)\nb = yaml.load(y)\n' + VULNERABLE_PY;
    const uri = client.open('many.py', 'python', text);
    await client.diagnosticsFor(uri, p => p.diagnostics.filter(d => d.code === 'test-yaml-load').length === 2);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.strictEqual(actions.length, 1);
    assert.strictEqual(actions[0].kind, 'source.fixAll.skeptic');
    assert.strictEqual(applyEdits(text, actions[0].edit!.changes![uri]), 'import yaml\na = yaml.safe_load(x)\nb = yaml.safe_load(y)\n' + VULNERABLE_PY);
  });

  it('workspace rule folders load only when the client reports the workspace as trusted', async () => {
    client = new LspClient({ workspace: workspace(), initializationOptions: { workspaceTrusted: false } });
    await client.initialize();
    const uri = client.open('conf.py', 'python', 'import yaml\nyaml.load(x)\n' + VULNERABLE_PY);
    const codes = (await client.diagnosticsAt(uri, 1)).diagnostics.map(x => x.code);
    assert.ok(codes.includes('sql-built-from-strings'), 'the bundled rules run');
    assert.ok(!codes.includes('test-yaml-load'), `the workspace rule must not load: ${codes.join(', ')}`);
  });

  it('suppression comments: the quick fix inserts one in the language comment syntax; no reason and unused are reported', async () => {
    client = new LspClient({ workspace: workspace(), initializationOptions: { selectRangeCommand: true } });
    await client.initialize();
    const uri = client.open('s.py', 'python', VULNERABLE_PY);
    const diag = (await client.diagnosticsAt(uri, 1)).diagnostics[0];
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const line = actions.find(a => a.title === 'Suppress sql-built-from-strings on this line')!;
    const file = actions.find(a => a.title === 'Suppress sql-built-from-strings in this file')!;
    assert.ok(line && file, JSON.stringify(actions.map(a => a.title)));
    const inserted = applyEdits(VULNERABLE_PY, line.edit!.changes![uri]);
    assert.strictEqual(inserted.split('\n')[2], '    # skeptic-ignore-next-line sql-built-from-strings: <reason>');
    assert.strictEqual(line.command?.command, 'skeptic.selectRange');
    const at = inserted.split('\n')[2].indexOf('<reason>');
    assert.deepStrictEqual(line.command?.arguments?.[1], { start: { line: 2, character: at }, end: { line: 2, character: at + '<reason>'.length } });
    assert.strictEqual(applyEdits(VULNERABLE_PY, file.edit!.changes![uri]).split('\n')[0], '# skeptic-ignore-file sql-built-from-strings: <reason>');

    // with the placeholder still there: suppressed, but the missing reason is reported (info)
    let v = client.change(uri, line.edit!.changes![uri].map(e => ({ range: e.range, text: e.newText })));
    let diags = (await client.diagnosticsAt(uri, v)).diagnostics;
    assert.deepStrictEqual(diags.map(d => [d.code, d.severity]), [['suppression-without-reason', 3]]);
    // a reason: nothing left
    v = client.change(uri, [{ range: { start: { line: 2, character: at }, end: { line: 2, character: at + 8 } }, text: 'name is an enum value' }]);
    assert.deepStrictEqual((await client.diagnosticsAt(uri, v)).diagnostics, []);
    // the flaw fixed: the suppression is now unused, shown as an unnecessary-code hint
    v = client.change(uri, [{ range: { start: { line: 3, character: 19 }, end: { line: 3, character: 20 } }, text: '"SELECT 1"' }]);
    diags = (await client.diagnosticsAt(uri, v)).diagnostics;
    assert.deepStrictEqual(diags.map(d => [d.code, d.severity, d.tags]), [['unused-suppression', 4, [1]]]);
  });

  it('hover on a flagged range shows why, a bad and a good example, CWE and OWASP links', async () => {
    client = new LspClient({ workspace: workspace() });
    await client.initialize();
    const uri = client.open('h.py', 'python', VULNERABLE_PY);
    await client.diagnosticsAt(uri, 1);
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 19 } })) as Hover;
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /sql-built-from-strings/);
    assert.match(md, /\*\*Bad\*\*\n```python\n/);
    assert.match(md, /\*\*Use instead\*\*\n```python\n/);
    assert.match(md, /\[CWE-89\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/89\.html\)/);
    assert.match(md, /\[A03:2021 - Injection\]\(https:\/\/owasp\.org\/Top10\/A03_2021-Injection\/\)/);
    const nothing = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.strictEqual(nothing, null);
  });

  it('settings and .skeptic.yaml changes take effect without a restart', async () => {
    const ws = workspace();
    client = new LspClient({ workspace: ws, settings: {} });
    await client.initialize();
    const uri = client.open('c.py', 'python', VULNERABLE_PY);
    assert.strictEqual((await client.diagnosticsAt(uri, 1)).diagnostics.length, 1);
    // editor setting: rule off
    client.settings = { rules: { 'sql-built-from-strings': 'off' } };
    let n = (await client.diagnosticsFor(uri)).diagnostics.length;
    void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri, p => p.diagnostics.length === 0);
    // back on, then the repository file turns it off
    client.settings = {};
    void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri, p => p.diagnostics.length === 1 && ++n > 1);
    fs.writeFileSync(path.join(ws, '.skeptic.yaml'), 'rules:\n  sql-built-from-strings: off\n');
    void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('.skeptic.yaml'), type: 2 }] });
    const before = (client as unknown as { diagnostics: Map<string, unknown[]> }).diagnostics.get(uri)!.length;
    await client.diagnosticsFor(uri, p => p.diagnostics.length === 0 && (client as unknown as { diagnostics: Map<string, unknown[]> }).diagnostics.get(uri)!.indexOf(p) >= before);
    // and minimum severity from the file
    fs.writeFileSync(path.join(ws, '.skeptic.yaml'), 'minimumSeverity: error\nignore: ["generated/**"]\n');
    void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('.skeptic.yaml'), type: 2 }] });
    await client.diagnosticsFor(uri, p => p.diagnostics.length === 1);
    const gen = client.open('generated/x.py', 'python', VULNERABLE_PY);
    assert.deepStrictEqual((await client.diagnosticsAt(gen, 1)).diagnostics, [], 'ignored by glob');
  });

  it('scans the workspace into diagnostics for files not open, lists rules, and answers zones', async () => {
    const ws = workspace({ 'app/db.py': VULNERABLE_PY, 'auth/login.py': 'import bcrypt\ndef login(u, p):\n    pass\n', 'node_modules/x/y.py': VULNERABLE_PY });
    client = new LspClient({ workspace: ws });
    await client.initialize();
    const result = (await client.conn.sendRequest('skeptic/scanWorkspace')) as { files: number; findings: number };
    assert.ok(result.files >= 2, JSON.stringify(result));
    const d = await client.diagnosticsFor(client.uri('app/db.py'));
    assert.deepStrictEqual(d.diagnostics.map(x => x.code), ['sql-built-from-strings']);
    const rules = (await client.conn.sendRequest('skeptic/listRules')) as { id: string; cwe: string[] }[];
    assert.ok(rules.length >= 40 && rules.some(r => r.id === 'sql-built-from-strings'));
    const login = client.open('auth/login.py', 'python', 'import bcrypt\ndef login(u, p):\n    pass\n');
    const zones = (await client.conn.sendRequest('skeptic/zones', { uri: login })) as { zones: { id: string }[] };
    assert.deepStrictEqual(zones.zones.map(z => z.id), ['auth']);
  });

  it('documents over 2 MB and parses over budget get one info diagnostic instead of live analysis', async () => {
    client = new LspClient({ workspace: workspace(), initializationOptions: { parseBudgetMs: 1 } });
    await client.initialize();
    const big = client.open('big.py', 'python', VULNERABLE_PY + '# ' + 'x'.repeat(2_200_000) + '\n');
    const d1 = (await client.diagnosticsAt(big, 1)).diagnostics;
    assert.strictEqual(d1.length, 1);
    assert.strictEqual(d1[0].severity, 3);
    assert.match(String(d1[0].message), /^Live analysis skipped: the file is larger than 2 MB\. `skeptic scan` still covers this file\.$/);
    const slow = client.open('slow.py', 'python', VULNERABLE_PY.repeat(3000));
    const d2 = (await client.diagnosticsAt(slow, 1)).diagnostics;
    assert.strictEqual(d2.length, 1);
    assert.match(String(d2[0].message), /parsing took longer than its 1 ms budget/);
  });
});
