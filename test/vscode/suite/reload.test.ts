// After a real window reload (workbench.action.reloadWindow, run by index.ts once the first suite passed):
// the block that unreviewed.test.ts inserted and saved is still marked — known from workspaceState before
// the document is opened, re-validated against the file when it is, shown in the status bar and CodeLens.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { revertAll, screenshot, SETTLE, skeptic, waitFor, type SkepticApi } from './helpers';
import { RELOAD_STATE, type ReloadState } from './reloadState';

describe('Unreviewed AI code after a window reload', () => {
  let api: SkepticApi;
  let state: ReloadState;
  before(async () => {
    state = JSON.parse(fs.readFileSync(RELOAD_STATE(), 'utf8')) as ReloadState;
    api = await skeptic();
  });
  after(revertAll);

  it('the saved block is still marked after the reload, and Mark reviewed clears it', async () => {
    const known = api.unreviewed.tracker.unreviewed().find(x => x.block.id === state.blockId);
    assert.ok(known, `the block is in workspaceState before its document opens (have: ${JSON.stringify(api.unreviewed.tracker.unreviewed())})`);
    assert.strictEqual(known.uri, state.uri);
    assert.strictEqual(api.unreviewed.statusText(), '$(eye) 1 unreviewed');

    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(state.uri));
    const editor = await vscode.window.showTextDocument(doc);
    const [block] = api.unreviewed.tracker.blocks(state.uri);
    assert.deepStrictEqual([block.id, block.start, block.lines], [state.blockId, state.start, state.lines], 're-validated against the file');
    const lenses = await waitFor('the CodeLenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l.some(x => x.command?.title === 'Mark reviewed') ? l : undefined;
    });
    assert.ok(lenses.some(x => x.command?.title === 'Review with checklist'));
    editor.revealRange(new vscode.Range(3, 0, 30, 0), vscode.TextEditorRevealType.AtTop);
    await SETTLE(2000);
    await screenshot('unreviewed-after-reload');

    assert.ok(await vscode.commands.executeCommand('skeptic.unreviewed.markReviewed', doc.uri, block.id));
    assert.strictEqual(api.unreviewed.statusText(), '');
    // Leave the fixture as it was (it is the repository's own folder under @vscode/test-electron).
    await editor.edit(b => b.delete(new vscode.Range(doc.positionAt(block.start), doc.positionAt(block.end))));
    assert.ok(await doc.save());
    await vscode.commands.executeCommand('skeptic.unreviewed.forgetReviewed');
  });
});
