// Skeptic in VS Code: starts the language server, and adds what only an editor can show — the
// exclusion-zone banner, the security-prompt command, a status-bar item, unreviewed inserted code
// (unreviewed/), the security review prompt for a change, and commands to scan the workspace, show the
// rules and turn Skeptic off or on for the workspace.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LIST_RULES_REQUEST, SCAN_WORKSPACE_REQUEST, SELECT_RANGE_COMMAND, type ScanWorkspaceResult } from '../../common/src/protocol';
import type { RuleInfo } from '../../common/src/types';
import { loadPrompts, promptComment, rankPrompts, type Prompt } from './prompts';
import { reviewPromptCommand, type ReviewPromptArgs } from './reviewPromptCommand';
import { createClient, LANGUAGES } from './serverClient';
import { StatusItem } from './statusBar';
import { startUnreviewed, type UnreviewedApi } from './unreviewed';
import { ZoneBanner } from './zoneBanner';

let client: LanguageClient | undefined;

export interface InsertPromptArgs {
  uri?: vscode.Uri;
  fromZone?: boolean;
  /** Skip the quick picks (tests, keybindings): which prompt, and where it goes. */
  promptId?: string;
  target?: 'insert' | 'clipboard';
}

function findingCwes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'skeptic').flatMap(d => String(d.message).match(/CWE-\d+/g) ?? []);
}

async function insertSecurityPrompt(context: vscode.ExtensionContext, banner: ZoneBanner, unreviewed: UnreviewedApi, args: InsertPromptArgs = {}): Promise<void> {
  const editor = args.uri ? await vscode.window.showTextDocument(args.uri) : vscode.window.activeTextEditor;
  const prompts = loadPrompts(context.extensionPath);
  const zones = editor ? (await banner.zonesOf(editor.document)).map(z => z.id) : [];
  const ranked = rankPrompts(prompts, zones, editor ? findingCwes(editor.document.uri) : []);
  let prompt: Prompt | undefined = args.promptId ? prompts.find(p => p.id === args.promptId) : undefined;
  if (!prompt) {
    const pick = await vscode.window.showQuickPick(
      ranked.map(p => ({ label: p.title, detail: p.text.split('\n')[0], prompt: p })),
      { title: 'Skeptic: Insert Security Requirements Prompt', placeHolder: zones.length ? 'Prompts for this file\'s exclusion zone come first' : 'Pick the security requirements to add to your prompt', matchOnDetail: true },
    );
    if (!pick) return;
    prompt = pick.prompt;
  }
  let target = args.target;
  if (!target) {
    const where = await vscode.window.showQuickPick(
      [
        { label: '$(comment) Insert as a comment at the cursor', target: 'insert' as const, description: 'for inline completion' },
        { label: '$(clippy) Copy to the clipboard', target: 'clipboard' as const, description: 'for a chat panel' },
      ],
      { title: prompt.title },
    );
    if (!where) return;
    target = where.target;
  }
  if (target === 'clipboard' || !editor) {
    await vscode.env.clipboard.writeText(prompt.text);
    void vscode.window.showInformationMessage(`Skeptic: "${prompt.title}" copied — paste it into your assistant's prompt.`);
    return;
  }
  const line = editor.document.lineAt(editor.selection.active.line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const comment = promptComment(prompt, editor.document.languageId, indent);
  // Skeptic's own insertion: not "unreviewed inserted code".
  await unreviewed.ownEdit(editor.document.uri, [comment], () => editor.edit(b => b.insert(new vscode.Position(line.lineNumber, 0), comment)));
}

async function showRules(): Promise<void> {
  if (!client) return;
  const rules = await client.sendRequest<RuleInfo[]>(LIST_RULES_REQUEST);
  const pick = await vscode.window.showQuickPick(
    rules.sort((a, b) => a.id.localeCompare(b.id)).map(r => ({ label: r.id, description: `${r.severity} · ${r.cwe.join(', ')} · ${r.languages.join(', ')}`, detail: r.message, rule: r })),
    { title: `Skeptic rules (${rules.length})`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return;
  const r = pick.rule;
  const md = [`# ${r.id}`, '', `**${r.message}**`, '', `Severity: ${r.severity} · ${r.cwe.join(', ')} · ${r.owasp.join(', ')} · confidence ${r.confidence}`, '',
    '## What it does', r.docs.what, '', '## Why is this bad?', r.docs.why, '', '## Example', '```', r.docs.example.trimEnd(), '```', '', '## Use instead', '```', r.docs.useInstead.trimEnd(), '```',
    ...(r.fixTitle ? ['', `## Fix`, `${r.fixTitle} (${r.fixSafe ? 'safe: applied by fix-all' : 'review it before accepting'})`, r.docs.fixSafety ?? ''] : []), '', ...r.references.map(u => `- ${u}`)].join('\n');
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri).then(undefined, () => vscode.window.showTextDocument(doc));
}

async function scanWorkspace(output: vscode.LogOutputChannel): Promise<ScanWorkspaceResult | undefined> {
  if (!client) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Skeptic: scanning the workspace' },
    () => client!.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST),
  );
  output.appendLine(`[client] workspace scan: ${result.findings} findings in ${result.files} files (${result.skipped} skipped)`);
  void vscode.window.showInformationMessage(`Skeptic: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} files — see the Problems panel.`, 'Open Problems').then(a => {
    if (a) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}

async function setEnabled(enabled: boolean): Promise<void> {
  await vscode.workspace.getConfiguration('skeptic').update('enable', enabled, vscode.ConfigurationTarget.Workspace);
  void vscode.window.showInformationMessage(`Skeptic is ${enabled ? 'on' : 'off'} for this workspace.`);
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient; unreviewed: UnreviewedApi }> {
  const output = vscode.window.createOutputChannel('Skeptic', { log: true });
  const banner = new ZoneBanner(() => client, context.workspaceState);
  // The unreviewed-code middleware (own edits, the diagnostics note) must exist before the client.
  const unreviewed = startUnreviewed(context, output, doc => banner.zonesOf(doc));
  client = createClient(context, output, unreviewed.middleware);
  const status = new StatusItem(banner);
  const selector = LANGUAGES.map(language => ({ language }));
  context.subscriptions.push(
    output,
    status,
    vscode.languages.registerCodeLensProvider(selector, banner),
    vscode.commands.registerCommand('skeptic.insertSecurityPrompt', (args?: InsertPromptArgs) => insertSecurityPrompt(context, banner, unreviewed.api, args)),
    vscode.commands.registerCommand('skeptic.reviewPrompt', (args?: ReviewPromptArgs) => reviewPromptCommand(args)),
    vscode.commands.registerCommand('skeptic.zone.why', (uri?: vscode.Uri) => banner.explain(uri ?? vscode.window.activeTextEditor!.document.uri)),
    vscode.commands.registerCommand('skeptic.zone.markReviewed', async (uri?: vscode.Uri) => {
      const doc = await vscode.workspace.openTextDocument(uri ?? vscode.window.activeTextEditor!.document.uri);
      await banner.markReviewed(doc);
      status.update();
    }),
    vscode.commands.registerCommand('skeptic.scanWorkspace', () => scanWorkspace(output)),
    vscode.commands.registerCommand('skeptic.showRules', showRules),
    vscode.commands.registerCommand('skeptic.disableForWorkspace', () => setEnabled(false)),
    vscode.commands.registerCommand('skeptic.enableForWorkspace', () => setEnabled(true)),
    vscode.commands.registerCommand('skeptic.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('skeptic.showOutput', () => output.show()),
    vscode.commands.registerCommand(SELECT_RANGE_COMMAND, (uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
      const editor = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === uri);
      if (editor) editor.selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
    }),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length) banner.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('skeptic')) banner.refresh();
    }),
    // A document's zones are known once the server has it: ask the editor to re-fetch the banner then.
    vscode.languages.onDidChangeDiagnostics(e => {
      status.update();
      if (e.uris.some(u => vscode.window.visibleTextEditors.some(ed => ed.document.uri.toString() === u.toString()))) banner.refresh();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => status.update()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.appendLine('[client] workspace trusted: restarting the server so that workspace rule folders load');
      void client?.dispose().then(() => {
        client = createClient(context, output, unreviewed.middleware);
        return client.start();
      });
    }),
  );
  output.appendLine(`[client] starting the Skeptic server (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted: workspace rule folders stay off'})`);
  await client.start();
  banner.refresh();
  status.update();
  return { client, unreviewed: unreviewed.api };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
