// The commands for unreviewed inserted code: list and jump to blocks, mark one reviewed, review one with
// the checklist, undo an insertion, copy the `AI-Assisted:` commit trailer, forget reviewed blocks. Each
// takes optional arguments that skip its quick picks, so that keybindings and tests can run it.
import * as os from 'os';
import * as vscode from 'vscode';
import type { ZoneInfo } from '../../../common/src/protocol';
import { checklistFor, type ChecklistItem } from './checklist';
import type { UnreviewedController } from './controller';
import { ago, linesText } from './describe';
import type { Block } from './tracker';
import { commitTrailer } from './trailer';
import { displayRange } from './views';

export interface ListEntry {
  uri: string;
  blockId: string;
  label: string;
  description: string;
  detail?: string;
}

export interface ChecklistArgs {
  /** Tick these topics (or all of them) instead of asking. */
  ticked?: 'all' | string[];
}

export type ChecklistOutcome = 'reviewed' | 'incomplete' | 'cancelled' | 'no-block';

/** Who reviewed: the `skeptic.reviewerName` setting, else the operating-system user. Never `git config`,
 *  which would run git on a repository that may not be trusted. */
export function reviewerName(): string {
  const configured = vscode.workspace.getConfiguration('skeptic').get<string>('reviewerName', '').trim();
  if (configured) return configured;
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

const toUri = (u: vscode.Uri | string): vscode.Uri => (typeof u === 'string' ? vscode.Uri.parse(u) : u);

export class UnreviewedCommands {
  constructor(
    private readonly controller: UnreviewedController,
    private readonly zonesOf: (doc: vscode.TextDocument) => Promise<ZoneInfo[]>,
  ) {}

  private get tracker() {
    return this.controller.tracker;
  }

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('skeptic.unreviewed.list', (args?: { blockId?: string }) => this.list(args)),
      vscode.commands.registerCommand('skeptic.unreviewed.markReviewed', (uri?: vscode.Uri | string, id?: string) => this.markReviewed(uri, id)),
      vscode.commands.registerCommand('skeptic.unreviewed.reviewWithChecklist', (uri?: vscode.Uri | string, id?: string, args?: ChecklistArgs) => this.reviewWithChecklist(uri, id, args)),
      vscode.commands.registerCommand('skeptic.unreviewed.undoInsertion', (uri: vscode.Uri | string, id: string, insertedHash: string) => this.undoInsertion(uri, id, insertedHash)),
      vscode.commands.registerCommand('skeptic.unreviewed.copyCommitTrailer', () => this.copyCommitTrailer()),
      vscode.commands.registerCommand('skeptic.unreviewed.forgetReviewed', () => this.forgetReviewed()),
    ];
  }

  /** Every unreviewed block, open document or not, most recent first. */
  entries(): ListEntry[] {
    const now = Date.now();
    return this.tracker
      .unreviewed()
      .sort((a, b) => b.block.insertedAt - a.block.insertedAt)
      .map(({ uri, block }) => {
        const first = this.tracker.textOf(uri, block.id)?.split('\n').find(l => /\S/.test(l))?.trim();
        return {
          uri,
          blockId: block.id,
          label: `$(eye) ${vscode.workspace.asRelativePath(toUri(uri))}:${block.line + 1}`,
          description: `${linesText(block.lines)} · inserted ${ago(block.insertedAt, now)}`,
          detail: first,
        };
      });
  }

  async list(args: { blockId?: string } = {}): Promise<ListEntry | undefined> {
    const entries = this.entries();
    let chosen = args.blockId ? entries.find(e => e.blockId === args.blockId) : undefined;
    if (!args.blockId) {
      if (!entries.length) {
        void vscode.window.showInformationMessage('Skeptic: no unreviewed inserted code — every block inserted by an assistant or a paste has been reviewed.');
        return undefined;
      }
      chosen = await vscode.window.showQuickPick(entries, { title: `Skeptic: unreviewed inserted code (${entries.length})`, placeHolder: 'Pick a block to go to it', matchOnDescription: true, matchOnDetail: true });
    }
    if (!chosen) return undefined;
    await this.reveal(chosen.uri, chosen.blockId);
    return chosen;
  }

  /** Opens the block's document and selects the start of the block. */
  private async reveal(uri: string, id: string): Promise<{ editor: vscode.TextEditor; block: Block } | undefined> {
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(toUri(uri));
    } catch (e) {
      this.tracker.forgetDocument(uri);
      void vscode.window.showWarningMessage(`Skeptic: cannot open ${vscode.workspace.asRelativePath(toUri(uri))} (${(e as Error).message}); its unreviewed blocks are forgotten.`);
      return undefined;
    }
    const block = this.tracker.block(uri, id);
    if (!block) return undefined;
    const editor = await vscode.window.showTextDocument(doc);
    const range = displayRange(doc, block);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { editor, block };
  }

  /** The block named by the arguments, or the one under the cursor. */
  private target(uri?: vscode.Uri | string, id?: string): { uri: string; block: Block } | undefined {
    if (uri && id) {
      const block = this.tracker.block(toUri(uri).toString(), id);
      return block && { uri: toUri(uri).toString(), block };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const block = this.controller.blockAt(editor.document, editor.selection.active);
    return block && { uri: editor.document.uri.toString(), block };
  }

  async markReviewed(uri?: vscode.Uri | string, id?: string): Promise<boolean> {
    const t = this.target(uri, id);
    if (!t || t.block.review) {
      void vscode.window.showInformationMessage('Skeptic: put the cursor in an unreviewed block (marked in the gutter), or use the "Mark reviewed" CodeLens above it.');
      return false;
    }
    return this.tracker.markReviewed(t.uri, t.block.id, { reviewer: reviewerName(), at: Date.now(), how: 'marked' });
  }

  async reviewWithChecklist(uri?: vscode.Uri | string, id?: string, args: ChecklistArgs = {}): Promise<ChecklistOutcome> {
    const t = this.target(uri, id);
    if (!t || t.block.review) {
      void vscode.window.showInformationMessage('Skeptic: put the cursor in an unreviewed block (marked in the gutter), or use the "Review with checklist" CodeLens above it.');
      return 'no-block';
    }
    const doc = await vscode.workspace.openTextDocument(toUri(t.uri));
    const range = displayRange(doc, t.block);
    const zones = await this.zonesOf(doc);
    const cwes = vscode.languages
      .getDiagnostics(doc.uri)
      .filter(d => d.source === 'skeptic' && d.range.intersection(range))
      .flatMap(d => d.message.match(/CWE-\d+/g) ?? []);
    const items = checklistFor({ zones, cwes, text: doc.getText(range) });
    let ticked: ChecklistItem[] | undefined;
    if (args.ticked) ticked = args.ticked === 'all' ? items : items.filter(i => args.ticked!.includes(i.topic));
    else {
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      const picked = await vscode.window.showQuickPick(
        items.map(i => ({ label: i.label, description: i.because.length ? `— ${i.because.join(' · ')}` : undefined, detail: i.detail, item: i })),
        {
          canPickMany: true,
          ignoreFocusOut: true,
          matchOnDetail: true,
          title: `Review ${linesText(t.block.lines)} inserted at ${vscode.workspace.asRelativePath(doc.uri)}:${t.block.line + 1}`,
          placeHolder: 'Tick each item once you have checked it in the selected code — all ticked marks the block reviewed',
        },
      );
      ticked = picked?.map(p => p.item);
    }
    if (!ticked) return 'cancelled';
    const missing = items.filter(i => !ticked!.includes(i));
    if (missing.length) {
      void vscode.window.showInformationMessage(`Skeptic: ${missing.length} of ${items.length} checks not ticked (${missing.map(m => m.label).join(', ')}); the block stays marked as unreviewed.`);
      return 'incomplete';
    }
    this.tracker.markReviewed(t.uri, t.block.id, { reviewer: reviewerName(), at: Date.now(), how: 'checklist', checked: items.map(i => i.topic) });
    void vscode.window.showInformationMessage(`Skeptic: ${linesText(t.block.lines)} marked reviewed by ${reviewerName()} with the checklist.`);
    return 'reviewed';
  }

  /** Deletes exactly what was inserted, if it is still unchanged. */
  async undoInsertion(uri: vscode.Uri | string, id: string, insertedHash: string): Promise<boolean> {
    const key = toUri(uri).toString();
    const r = this.tracker.unchangedInsertion(key, id, insertedHash);
    if (!r) {
      void vscode.window.showWarningMessage('Skeptic: the inserted code has changed since it arrived, so Skeptic will not delete it; use Undo (Ctrl+Z) or delete it yourself.');
      return false;
    }
    const doc = await vscode.workspace.openTextDocument(toUri(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.delete(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)));
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) this.tracker.remove(key, id);
    return ok;
  }

  async copyCommitTrailer(): Promise<string> {
    const files = this.tracker
      .lineSummary()
      .map(s => ({ ...s, uri: toUri(s.uri) }))
      .filter(s => s.uri.scheme === 'file')
      .map(s => ({ path: vscode.workspace.asRelativePath(s.uri, false).replace(/\\/g, '/'), reviewed: s.reviewed, unreviewed: s.unreviewed }));
    const text = commitTrailer(files);
    if (!text) {
      void vscode.window.showInformationMessage('Skeptic: no inserted code recorded in saved files, so there is no AI-Assisted trailer to copy.');
      return '';
    }
    await vscode.env.clipboard.writeText(text);
    const n = text.split('\n').length;
    void vscode.window
      .showInformationMessage(`Skeptic: ${n} AI-Assisted trailer line${n === 1 ? '' : 's'} copied — paste them at the end of the commit message. After committing, forget the reviewed blocks.`, 'Forget Reviewed Blocks')
      .then(a => a && this.forgetReviewed());
    return text;
  }

  forgetReviewed(): number {
    const n = this.tracker.forgetReviewed();
    void vscode.window.showInformationMessage(`Skeptic: forgot ${n} reviewed block${n === 1 ? '' : 's'}; unreviewed ones are kept.`);
    return n;
  }
}
