// The exclusion-zone banner: a CodeLens at the top of a file in a security exclusion zone, saying that
// AI-generated code here needs human security review, with actions — insert the zone's security
// requirements, why this file is a zone, and mark as reviewed (hidden until the file changes).
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ZONES_REQUEST, type ZoneInfo, type ZonesParams, type ZonesResult } from '../../common/src/protocol';

export const BANNER_TEXT = 'Security exclusion zone';

const reviewedKey = (uri: vscode.Uri): string => `skeptic.reviewed:${uri.toString()}`;
const hashOf = (doc: vscode.TextDocument): string => createHash('sha256').update(doc.getText()).digest('hex');

export class ZoneBanner implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Zones by document URI, as last reported by the server. */
  private readonly cache = new Map<string, ZoneInfo[]>();

  /** `client`: the current language client (a new one replaces it when the workspace becomes trusted). */
  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly state: vscode.Memento,
  ) {}

  refresh(): void {
    this.cache.clear();
    this.changed.fire();
  }

  async zonesOf(doc: vscode.TextDocument): Promise<ZoneInfo[]> {
    const client = this.client();
    if (!client?.isRunning()) return [];
    try {
      const r = await client.sendRequest<ZonesResult>(ZONES_REQUEST, { uri: doc.uri.toString() } satisfies ZonesParams);
      this.cache.set(doc.uri.toString(), r.zones);
      return r.zones;
    } catch {
      return this.cache.get(doc.uri.toString()) ?? [];
    }
  }

  isReviewed(doc: vscode.TextDocument): boolean {
    return this.state.get<string>(reviewedKey(doc.uri)) === hashOf(doc);
  }

  async markReviewed(doc: vscode.TextDocument): Promise<void> {
    await this.state.update(reviewedKey(doc.uri), hashOf(doc));
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const zones = await this.zonesOf(doc);
    if (!zones.length || this.isReviewed(doc)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const names = zones.map(z => z.name).join(', ');
    return [
      new vscode.CodeLens(top, {
        title: `$(shield) ${BANNER_TEXT} (${names}): AI-generated code needs human security review`,
        command: 'skeptic.zone.why',
        arguments: [doc.uri],
        tooltip: 'Why is this file an exclusion zone?',
      }),
      new vscode.CodeLens(top, { title: 'Insert requirements', command: 'skeptic.insertSecurityPrompt', arguments: [{ uri: doc.uri, fromZone: true }], tooltip: 'Insert the security requirements for this zone into your prompt' }),
      new vscode.CodeLens(top, { title: 'Why?', command: 'skeptic.zone.why', arguments: [doc.uri], tooltip: 'The evidence that makes this file an exclusion zone' }),
      new vscode.CodeLens(top, { title: 'Mark reviewed', command: 'skeptic.zone.markReviewed', arguments: [doc.uri], tooltip: 'Hide the banner until the file changes' }),
    ];
  }

  /** A quick pick of the evidence; picking one jumps to it. */
  async explain(uri: vscode.Uri): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const zones = await this.zonesOf(doc);
    if (!zones.length) {
      void vscode.window.showInformationMessage('Skeptic: this file is not in a security exclusion zone.');
      return;
    }
    const items = zones.flatMap(z => z.evidence.map(e => ({
      label: `${z.name}: ${e.kind}`,
      description: e.text,
      detail: e.line >= 0 ? `line ${e.line + 1}` : 'the file path',
      line: e.line,
    })));
    const pick = await vscode.window.showQuickPick(items, { title: `Why ${vscode.workspace.asRelativePath(uri)} is an exclusion zone`, placeHolder: 'Evidence Skeptic found (pick one to jump to it)' });
    if (pick && pick.line >= 0) {
      const editor = await vscode.window.showTextDocument(doc);
      const pos = new vscode.Position(pick.line, 0);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    }
  }
}
