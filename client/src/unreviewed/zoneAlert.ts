// Inserted code landing in a security exclusion zone (authentication, cryptography, payments, …) gets a
// warning at once, naming the zone and the size, with the three things worth doing right then: review it
// now, add the zone's security requirements to the prompt, or undo the insertion. The notifier is
// injectable so that the extension tests can answer it without clicking.
import * as vscode from 'vscode';
import type { ZoneInfo } from '../../../common/src/protocol';
import type { InsertionEvent, UnreviewedController } from './controller';

export type Notifier = (message: string, ...actions: string[]) => Thenable<string | undefined>;

export const REVIEW_NOW = 'Review now';
export const INSERT_REQUIREMENTS = 'Insert security requirements';
export const UNDO_INSERTION = 'Undo insertion';

export interface ZoneInsertionRecord {
  uri: string;
  blockId: string;
  zones: string[];
  lines: number;
  message: string;
  /** The action picked, once the notification was answered ('' when dismissed). */
  action?: string;
}

export class ZoneAlert implements vscode.Disposable {
  notifier: Notifier = (message, ...actions) => vscode.window.showWarningMessage(message, ...actions);
  /** Insertions into zone files seen this session, newest last (for the extension tests and the output). */
  readonly records: ZoneInsertionRecord[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    controller: UnreviewedController,
    private readonly zonesOf: (doc: vscode.TextDocument) => Promise<ZoneInfo[]>,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscription = controller.onDidInsert(e => void this.check(e));
  }

  private async check({ doc, insertion }: InsertionEvent): Promise<void> {
    const zones = await this.zonesOf(doc);
    if (!zones.length) return;
    const names = zones.map(z => z.name);
    const n = insertion.block.lines;
    const message = `Skeptic: ${n} line${n === 1 ? ' was' : 's were'} just inserted into ${vscode.workspace.asRelativePath(doc.uri)}, a security exclusion zone (${names.join(', ')}). Code from an assistant or a paste needs a human security review here before it is committed.`;
    const record: ZoneInsertionRecord = { uri: doc.uri.toString(), blockId: insertion.block.id, zones: names, lines: n, message };
    this.records.push(record);
    this.output.appendLine(`[unreviewed] ${message}`);
    const action = await this.notifier(message, REVIEW_NOW, INSERT_REQUIREMENTS, UNDO_INSERTION);
    record.action = action ?? '';
    if (action === REVIEW_NOW) await vscode.commands.executeCommand('skeptic.unreviewed.reviewWithChecklist', doc.uri, insertion.block.id);
    else if (action === INSERT_REQUIREMENTS) await vscode.commands.executeCommand('skeptic.insertSecurityPrompt', { uri: doc.uri, fromZone: true });
    else if (action === UNDO_INSERTION) await vscode.commands.executeCommand('skeptic.unreviewed.undoInsertion', doc.uri, insertion.block.id, insertion.insertedHash);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
