// What the extension suites share: the fixture workspace, waiting with a bound, screenshots requested
// from the runner ("SKEPTIC_SCREENSHOT <name>"), and Skeptic's API (activate()'s return value).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { UnreviewedApi } from '../../../client/src/unreviewed';

export const SETTLE = (ms: number) => new Promise(r => setTimeout(r, ms));

export function fixtureUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

export function skepticDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'skeptic');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await SETTLE(50);
  }
}

export async function screenshot(name: string): Promise<void> {
  console.log(`SKEPTIC_SCREENSHOT ${name}`);
  await SETTLE(1500);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(rel));
  return vscode.window.showTextDocument(doc);
}

export async function revertAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export interface SkepticApi {
  client: LanguageClient;
  unreviewed: UnreviewedApi;
}

export async function skeptic(): Promise<SkepticApi> {
  const ext = vscode.extensions.all.find(e => e.packageJSON?.name === 'skeptic');
  if (!ext) throw new Error('the Skeptic extension is not installed');
  return (await ext.activate()) as SkepticApi;
}

export const ruleOf = (d: vscode.Diagnostic): string | number | undefined => (d.code && typeof d.code === 'object' ? d.code.value : d.code);
