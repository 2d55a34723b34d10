// Unreviewed AI code inside a real VS Code: a block inserted in one edit is marked (gutter, CodeLens,
// hover, status bar, list), typing the same text is not, Skeptic's own prompt is not; a finding in the
// block carries the note and a raised severity; an insertion into an exclusion zone raises the warning,
// whose "Undo insertion" deletes exactly the insertion; the checklist and the commit trailer; the review
// prompt command. The last test saves a block for reload.test.ts, which runs after a real window reload
// (see index.ts).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { open, revertAll, ruleOf, screenshot, SETTLE, skeptic, skepticDiagnostics, waitFor, type SkepticApi } from './helpers';
import { RELOAD_STATE, type ReloadState } from './reloadState';

/** 20 non-blank lines of Python with one flaw (yaml.load, a warning) on its second line. */
export const BLOCK = [
  'def parse_report(text):',
  '    data = yaml.load(text)',
  '    rows = []',
  '    for item in data.get("rows", []):',
  '        name = str(item.get("name", "")).strip()',
  '        total = int(item.get("total", 0))',
  '        rows.append((name, total))',
  '    rows.sort(key=lambda r: r[1], reverse=True)',
  '    summary = {',
  '        "count": len(rows),',
  '        "largest": rows[0] if rows else None,',
  '        "sum": sum(r[1] for r in rows),',
  '    }',
  '    lines = []',
  '    for name, total in rows:',
  '        lines.append(f"{name}: {total}")',
  '    summary["text"] = "; ".join(lines)',
  '    summary["ok"] = bool(rows)',
  '    summary["source"] = "report"',
  '    return summary',
].join('\n') + '\n';

const NOTE = ' — in unreviewed inserted code';

/** Inserts `text` at the start of `line` in one edit, as an accepted suggestion or a paste arrives. */
async function insertBlock(editor: vscode.TextEditor, line: number, text = BLOCK): Promise<void> {
  assert.ok(await editor.edit(b => b.insert(new vscode.Position(line, 0), text)));
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map(l => l.command?.title ?? '');
}

describe('Unreviewed AI code in VS Code', () => {
  let api: SkepticApi;
  before(async () => {
    api = await skeptic();
    assert.ok(api.unreviewed, 'activate() returns the unreviewed-code API');
  });
  afterEach(async () => {
    api.unreviewed.setNotifier(undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
    await revertAll();
  });

  it('a 20-line block inserted in one edit is marked, counted in the status bar, listed, and raises its finding', async () => {
    const editor = await open('app/service.py');
    const uri = editor.document.uri;
    const outside = await waitFor('the yaml.load finding above the block', () => skepticDiagnostics(uri).find(d => d.range.start.line === 5));
    assert.strictEqual(outside.severity, vscode.DiagnosticSeverity.Warning);
    await insertBlock(editor, 10);
    const [block] = await waitFor('the block to be recorded', () => (api.unreviewed.tracker.blocks(uri.toString()).length === 1 ? api.unreviewed.tracker.blocks(uri.toString()) : undefined));
    assert.deepStrictEqual([block.line, block.lines], [10, 20]);
    assert.strictEqual(editor.document.getText().slice(block.start, block.end), BLOCK);

    const status = await waitFor('the status bar', () => (api.unreviewed.statusText().includes('unreviewed') ? api.unreviewed.statusText() : undefined));
    assert.strictEqual(status, '$(eye) 1 unreviewed');
    const entries = api.unreviewed.entries();
    assert.deepStrictEqual(entries.map(e => [e.label, e.blockId, e.detail]), [['$(eye) app/service.py:11', block.id, 'def parse_report(text):']]);
    assert.match(entries[0].description, /^20 lines · inserted just now$/);

    const titles = await waitFor('the CodeLenses', async () => {
      const t = await lensTitles(uri);
      return t.includes('Mark reviewed') ? t : undefined;
    });
    assert.deepStrictEqual(titles.filter(t => /inserted|reviewed|checklist/.test(t)), ['$(eye) 20 lines inserted, not reviewed', 'Mark reviewed', 'Review with checklist']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(15, 8));
    const hoverText = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(hoverText, /Inserted by an assistant or paste just now · 20 lines · not reviewed/);

    // The finding inside the block carries the note and one more step of severity; the one above does not.
    const inside = await waitFor('the finding in the block to carry the note', () => skepticDiagnostics(uri).find(d => d.range.start.line === 11 && d.message.endsWith(NOTE)));
    assert.strictEqual(ruleOf(inside), 'yaml-load-without-safe-loader');
    assert.strictEqual(inside.severity, vscode.DiagnosticSeverity.Error, 'warning raised to error');
    const above = skepticDiagnostics(uri).find(d => d.range.start.line === 5)!;
    assert.ok(!above.message.endsWith(NOTE));
    assert.strictEqual(above.severity, vscode.DiagnosticSeverity.Warning);

    // The list command jumps to the block.
    await open('util/strings.ts');
    await vscode.commands.executeCommand('skeptic.unreviewed.list', { blockId: block.id });
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.strictEqual(vscode.window.activeTextEditor.selection.active.line, 10);
    vscode.window.activeTextEditor.revealRange(new vscode.Range(3, 0, 30, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('notifications.clearAll');
    await SETTLE(2500);
    await screenshot('unreviewed-block');
    vscode.window.activeTextEditor.selection = new vscode.Selection(11, 12, 11, 12);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('unreviewed-finding-note');
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);

    // Mark reviewed: the mark, the lenses, the count and the note go.
    assert.ok(await vscode.commands.executeCommand('skeptic.unreviewed.markReviewed', uri, block.id));
    assert.strictEqual(api.unreviewed.tracker.blocks(uri.toString()).length, 0);
    assert.strictEqual(api.unreviewed.statusText(), '');
    assert.deepStrictEqual(api.unreviewed.entries(), []);
    await waitFor('the lenses to go', async () => (!(await lensTitles(uri)).includes('Mark reviewed') ? true : undefined));
    const after = await waitFor('the note to go', () => skepticDiagnostics(uri).find(d => d.range.start.line === 11 && !d.message.endsWith(NOTE)));
    assert.strictEqual(after.severity, vscode.DiagnosticSeverity.Warning);
    const [reviewed] = api.unreviewed.tracker.blocks(uri.toString(), { reviewed: true });
    assert.strictEqual(reviewed.review?.reviewer, os.userInfo().username);
    assert.strictEqual(reviewed.review?.how, 'marked');
  });

  it('the same text typed one character per edit is not marked', async () => {
    const editor = await open('app/service.py');
    const uri = editor.document.uri.toString();
    let pos = new vscode.Position(10, 0);
    for (const ch of BLOCK) {
      await editor.edit(b => b.insert(pos, ch), { undoStopBefore: false, undoStopAfter: false });
      pos = ch === '\n' ? new vscode.Position(pos.line + 1, 0) : pos.translate(0, 1);
    }
    assert.ok(editor.document.getText().includes(BLOCK), 'the text was typed');
    assert.deepStrictEqual(api.unreviewed.tracker.blocks(uri), []);
    assert.strictEqual(api.unreviewed.statusText(), '');
  });

  it('a file changed on disk while open (a checkout, another tool) is not marked', async () => {
    const calls: string[] = [];
    api.unreviewed.setNotifier(async message => {
      calls.push(message);
      return undefined;
    });
    const editor = await open('auth/login.py');
    const file = editor.document.uri.fsPath;
    const original = fs.readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const changed = [...lines.slice(0, 4), ...BLOCK.split('\n'), ...lines.slice(4)].join('\n');
    try {
      fs.writeFileSync(file, changed);
      await waitFor('VS Code to reload the file', () => (editor.document.getText() === changed ? true : undefined), 15_000);
      await waitFor('no block', () => (api.unreviewed.tracker.blocks(editor.document.uri.toString()).length === 0 ? true : undefined));
      await SETTLE(1000); // a zone warning would have been raised by now
      assert.deepStrictEqual(calls, []);
      assert.strictEqual(api.unreviewed.statusText(), '');
    } finally {
      fs.writeFileSync(file, original);
      await waitFor('the file back', () => (editor.document.getText() === original ? true : undefined), 15_000);
    }
  });

  it('Skeptic\'s own security prompt is not marked as inserted code', async () => {
    const editor = await open('util/strings.ts');
    const before = editor.document.lineCount;
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    await vscode.commands.executeCommand('skeptic.insertSecurityPrompt', { promptId: 'injection', target: 'insert' });
    assert.ok(editor.document.lineCount - before >= 3, 'a prompt large enough to count as an insertion otherwise');
    await SETTLE(200);
    assert.deepStrictEqual(api.unreviewed.tracker.blocks(editor.document.uri.toString()), []);
  });

  it('a quick fix is Skeptic\'s own edit; the thresholds and the on/off switch are settings', async () => {
    const settings = vscode.workspace.getConfiguration('skeptic.unreviewed');
    const editor = await open('app/db.py');
    const uri = editor.document.uri;
    try {
      // So low that the quick fix's own text (yaml.load -> yaml.safe_load) would count as an insertion.
      await settings.update('minChars', 5, vscode.ConfigurationTarget.Global);
      const yamlDiag = await waitFor('yaml.load diagnostic', () => skepticDiagnostics(uri).find(d => d.range.start.line === 10));
      // The server may still be analysing the reopened file: ask until the fix is offered.
      const fix = await waitFor('the preferred quick fix', async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, yamlDiag.range, vscode.CodeActionKind.QuickFix.value);
        return actions.find(a => a.isPreferred && a.edit);
      });
      const fixText = fix.edit!.entries()[0][1].map(e => e.newText).join('');
      assert.ok(fixText.length >= 5, `the fix inserts "${fixText}"`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      assert.match(editor.document.lineAt(10).text, /safe_load/);
      assert.deepStrictEqual(api.unreviewed.tracker.blocks(uri.toString()), [], 'the applied quick fix is not inserted code');
      await editor.edit(b => b.insert(new vscode.Position(2, 0), 'x = 1\n'));
      assert.strictEqual(api.unreviewed.tracker.blocks(uri.toString()).length, 1, 'six characters now count');

      await settings.update('enable', false, vscode.ConfigurationTarget.Global);
      assert.strictEqual(api.unreviewed.statusText(), '', 'hidden while off');
      await insertBlock(editor, 3);
      assert.strictEqual(api.unreviewed.tracker.blocks(uri.toString()).length, 1, 'nothing new recorded while off');
    } finally {
      await settings.update('minChars', undefined, vscode.ConfigurationTarget.Global);
      await settings.update('enable', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('an insertion into an exclusion-zone file raises the warning; "Undo insertion" deletes exactly it', async () => {
    const editor = await open('auth/login.py');
    const original = editor.document.getText();
    const calls: { message: string; actions: string[] }[] = [];
    api.unreviewed.setNotifier(async (message, ...actions) => {
      calls.push({ message, actions });
      return 'Undo insertion';
    });
    await insertBlock(editor, 4);
    const call = await waitFor('the zone warning', () => calls[0]);
    assert.match(call.message, /20 lines were just inserted into auth\/login\.py, a security exclusion zone \(Authentication & authorization\)/);
    assert.deepStrictEqual(call.actions, ['Review now', 'Insert security requirements', 'Undo insertion']);
    await waitFor('the insertion to be undone', () => (editor.document.getText() === original ? true : undefined));
    assert.deepStrictEqual(api.unreviewed.tracker.blocks(editor.document.uri.toString()), []);
    assert.strictEqual(api.unreviewed.zoneInsertions.at(-1)?.action, 'Undo insertion');

    // The real notification, for the screenshot.
    api.unreviewed.setNotifier(undefined);
    await insertBlock(editor, 4);
    await waitFor('the second zone insertion', () => (api.unreviewed.zoneInsertions.length >= 2 ? true : undefined));
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    await SETTLE(2000);
    await screenshot('unreviewed-zone-warning');
  });

  it('the checklist: zone items, not all ticked leaves the block, all ticked records the reviewer; the commit trailer', async () => {
    api.unreviewed.setNotifier(async () => undefined);
    const editor = await open('auth/login.py');
    const uri = editor.document.uri;
    await insertBlock(editor, 4);
    const [block] = await waitFor('the block', () => (api.unreviewed.tracker.blocks(uri.toString()).length ? api.unreviewed.tracker.blocks(uri.toString()) : undefined));
    await waitFor('the finding in the block', () => skepticDiagnostics(uri).find(d => d.message.endsWith(NOTE)));

    assert.strictEqual(await vscode.commands.executeCommand('skeptic.unreviewed.reviewWithChecklist', uri, block.id, { ticked: ['read'] }), 'incomplete');
    assert.strictEqual(api.unreviewed.tracker.blocks(uri.toString()).length, 1, 'still unreviewed');

    // The checklist as a person sees it (a multi-select quick pick), then dismissed.
    const shown = vscode.commands.executeCommand<string>('skeptic.unreviewed.reviewWithChecklist', uri, block.id);
    await SETTLE(1500);
    await screenshot('unreviewed-checklist');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await shown, 'cancelled');

    const trailerBefore = await vscode.commands.executeCommand<string>('skeptic.unreviewed.copyCommitTrailer');
    assert.strictEqual(trailerBefore, 'AI-Assisted: auth/login.py (20 lines, not reviewed)');
    assert.strictEqual(await vscode.commands.executeCommand('skeptic.unreviewed.reviewWithChecklist', uri, block.id, { ticked: 'all' }), 'reviewed');
    const [done] = api.unreviewed.tracker.blocks(uri.toString(), { reviewed: true });
    assert.strictEqual(done.review?.how, 'checklist');
    assert.strictEqual(done.review?.reviewer, os.userInfo().username);
    // Zone (auth) and finding (yaml.load: CWE-502, input validation) items, and the block's import-free text.
    assert.deepStrictEqual(done.review?.checked, ['read', 'input-validation', 'authorization', 'secrets', 'error-handling']);
    const trailer = await vscode.commands.executeCommand<string>('skeptic.unreviewed.copyCommitTrailer');
    assert.strictEqual(trailer, 'AI-Assisted: auth/login.py (20 lines, reviewed)');
    assert.strictEqual(await vscode.env.clipboard.readText(), trailer);
    assert.strictEqual(await vscode.commands.executeCommand('skeptic.unreviewed.forgetReviewed'), 1);
  });

  it('Security Review Prompt for Changes: the git diff alone, opened as Markdown and copied', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-review-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    fs.mkdirSync(path.join(repo, 'auth'));
    fs.writeFileSync(path.join(repo, 'auth', 'session.py'), 'def valid(token):\n    return check(token)\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'COMMIT-MESSAGE-TEXT: a security improvement');
    fs.writeFileSync(path.join(repo, 'auth', 'session.py'), 'def valid(token):\n    return token == "admin"  # safe, reviewed\n');
    const prompt = await vscode.commands.executeCommand<string>('skeptic.reviewPrompt', { mode: 'worktree', folder: repo });
    assert.ok(prompt, 'a prompt');
    assert.doesNotMatch(prompt, /COMMIT-MESSAGE-TEXT/);
    assert.match(prompt, /\| auth\/session\.py \| modified \| Authentication & authorization, Session management \|/);
    assert.match(prompt, /^\+ {4}return token == "admin" {2}# safe, reviewed$/m);
    const shown = vscode.window.activeTextEditor!.document;
    assert.strictEqual(shown.languageId, 'markdown');
    assert.strictEqual(shown.getText(), prompt);
    assert.strictEqual(await vscode.env.clipboard.readText(), prompt);
    await screenshot('review-prompt');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('saves a block for the window reload (checked by reload.test.ts)', async () => {
    const editor = await open('app/service.py');
    await insertBlock(editor, 10);
    const [block] = await waitFor('the block', () => (api.unreviewed.tracker.blocks(editor.document.uri.toString()).length ? api.unreviewed.tracker.blocks(editor.document.uri.toString()) : undefined));
    assert.ok(await editor.document.save());
    const state: ReloadState = { at: Date.now(), uri: editor.document.uri.toString(), blockId: block.id, start: block.start, lines: block.lines };
    fs.writeFileSync(RELOAD_STATE(), JSON.stringify(state));
  });
});
