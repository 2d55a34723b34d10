// Feeds VS Code's documents to the unreviewed-code tracker: opened, changed and closed documents, the
// `skeptic.unreviewed.*` settings, and Skeptic's own edits, which are announced so that they are not
// taken for inserted code — the security prompt (ownEdit), and quick fixes and fix-all, whose edits the
// language client's middleware sees when the server offers them (ownEditsMiddleware).
//
// A file reloaded from disk (a checkout, a pull, another tool, Revert File) reaches extensions as an
// ordinary edit, and the document's dirty flag cannot tell it apart: VS Code reports the first edit of a
// saved file as not dirty too. So an insertion in a file is confirmed by reading the file: when the
// document's text is exactly what is on disk, the change came from the disk and the block is dropped.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { DEFAULT_THRESHOLDS } from './detect';
import { UnreviewedTracker, type Block, type Insertion } from './tracker';

export interface UnreviewedSettings {
  enable: boolean;
  minLines: number;
  minChars: number;
  raiseSeverity: boolean;
}

let cachedSettings: UnreviewedSettings | undefined;

/** The settings, read once per configuration change (they are consulted on every keystroke). */
export function unreviewedSettings(): UnreviewedSettings {
  if (cachedSettings) return cachedSettings;
  const c = vscode.workspace.getConfiguration('skeptic.unreviewed');
  return (cachedSettings = {
    enable: c.get<boolean>('enable', true),
    minLines: Math.max(1, c.get<number>('minLines', DEFAULT_THRESHOLDS.minLines)),
    minChars: Math.max(1, c.get<number>('minChars', DEFAULT_THRESHOLDS.minChars)),
    raiseSeverity: c.get<boolean>('raiseSeverity', true),
  });
}

/** Documents over this size are not followed (the tracker keeps a copy of each followed document's text). */
const MAX_TRACKED_CHARS = 2 * 1024 * 1024;
/** How long an offered quick fix counts as Skeptic's own edit: the person may take a while to pick it. */
const CODE_ACTION_TTL_MS = 10 * 60_000;
/** An edit Skeptic applies itself arrives within this time. */
const OWN_EDIT_TTL_MS = 10_000;

export interface InsertionEvent {
  doc: vscode.TextDocument;
  insertion: Insertion;
}

export class UnreviewedController implements vscode.Disposable {
  readonly tracker: UnreviewedTracker;
  private readonly inserted = new vscode.EventEmitter<InsertionEvent>();
  readonly onDidInsert = this.inserted.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(state: vscode.Memento, private readonly output: vscode.LogOutputChannel) {
    this.tracker = new UnreviewedTracker(state, {
      thresholds: () => unreviewedSettings(),
      enabled: () => unreviewedSettings().enable,
    });
    cachedSettings = undefined;
    this.subscriptions.push(
      this.inserted,
      // Registered before the views' listener, so that they read the new settings.
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('skeptic.unreviewed')) cachedSettings = undefined;
      }),
      vscode.workspace.onDidOpenTextDocument(d => this.open(d)),
      vscode.workspace.onDidCloseTextDocument(d => this.closed(d)),
      vscode.workspace.onDidChangeTextDocument(e => this.change(e)),
    );
    for (const d of vscode.workspace.textDocuments) this.open(d);
  }

  /**
   * Untitled documents, and files in the workspace folders except VS Code's own configuration files:
   * VS Code rewrites settings.json, launch.json and *.code-workspace itself when a setting changes, and
   * those large edits are not code anybody inserted.
   */
  private tracks(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme === 'untitled') return true;
    if (doc.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(doc.uri)) return false;
    return !/(^|\/)\.vscode\/[^/]+\.json$|\.code-workspace$/.test(doc.uri.path);
  }

  private open(doc: vscode.TextDocument): void {
    if (!this.tracks(doc)) return;
    const text = doc.getText();
    if (text.length > MAX_TRACKED_CHARS) return;
    const r = this.tracker.open(doc.uri.toString(), text);
    if (r.moved || r.dropped) {
      this.output.appendLine(`[unreviewed] ${vscode.workspace.asRelativePath(doc.uri)} changed outside the editor: ${r.moved} unreviewed block(s) found on other lines, ${r.dropped} no longer found and forgotten`);
    }
  }

  private closed(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === 'untitled') this.tracker.forgetDocument(doc.uri.toString());
    else if (this.tracks(doc)) this.tracker.close(doc.uri.toString());
  }

  private change(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (!e.contentChanges.length || !this.tracks(doc)) return;
    const uri = doc.uri.toString();
    if (!this.tracker.isOpen(uri)) return;
    const reason = e.reason === vscode.TextDocumentChangeReason.Undo ? 'undo' : e.reason === vscode.TextDocumentChangeReason.Redo ? 'redo' : undefined;
    const insertions = this.tracker.change(
      uri,
      { changes: e.contentChanges.map(c => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })), reason },
      { length: doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end), text: () => doc.getText() },
    );
    if (!insertions.length) return;
    if (doc.uri.scheme !== 'file') this.announceInsertions(doc, insertions);
    else void this.confirmNotFromDisk(doc, doc.getText(), insertions);
  }

  private async confirmNotFromDisk(doc: vscode.TextDocument, textAfter: string, insertions: Insertion[]): Promise<void> {
    let disk: string | undefined;
    try {
      disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)).replace(/^\uFEFF/, '');
    } catch {
      // not readable (deleted, permissions): not a reload from it
    }
    if (disk !== textAfter) {
      this.announceInsertions(doc, insertions);
      return;
    }
    for (const i of insertions) this.tracker.remove(doc.uri.toString(), i.block.id);
    this.output.appendLine(`[unreviewed] ${vscode.workspace.asRelativePath(doc.uri)} was reloaded from disk: not inserted code`);
  }

  private announceInsertions(doc: vscode.TextDocument, insertions: Insertion[]): void {
    for (const insertion of insertions) {
      this.output.appendLine(`[unreviewed] ${insertion.block.lines} inserted lines at ${vscode.workspace.asRelativePath(doc.uri)}:${insertion.block.line + 1} (not reviewed yet)`);
      this.inserted.fire({ doc, insertion });
    }
  }

  /** Applies an edit of Skeptic's own (e.g. the security prompt) without recording it as inserted code. */
  async ownEdit<T>(uri: vscode.Uri, texts: string[], apply: () => Thenable<T>): Promise<T> {
    for (const t of texts) this.tracker.expectOwnEdit(uri.toString(), t, OWN_EDIT_TTL_MS);
    return apply();
  }

  /** Announces the text of every edit in code actions the server offers: picking one is Skeptic's own edit. */
  readonly ownEditsMiddleware: Middleware = {
    provideCodeActions: async (doc, range, context, token, next) => {
      const actions = await next(doc, range, context, token);
      for (const a of actions ?? []) if (a instanceof vscode.CodeAction && a.edit) this.announce(a.edit);
      return actions;
    },
    resolveCodeAction: async (item: vscode.CodeAction, token: vscode.CancellationToken, next: (item: vscode.CodeAction, token: vscode.CancellationToken) => vscode.ProviderResult<vscode.CodeAction>) => {
      const resolved = await next(item, token);
      if (resolved?.edit) this.announce(resolved.edit);
      return resolved;
    },
    workspace: {
      handleApplyEdit: (params, next) => {
        const e = params.edit;
        for (const [uri, edits] of Object.entries(e.changes ?? {})) for (const t of edits) this.tracker.expectOwnEdit(vscode.Uri.parse(uri).toString(), t.newText, OWN_EDIT_TTL_MS);
        for (const dc of e.documentChanges ?? []) {
          if ('textDocument' in dc) for (const t of dc.edits) this.tracker.expectOwnEdit(vscode.Uri.parse(dc.textDocument.uri).toString(), 'newText' in t ? t.newText : t.snippet.value, OWN_EDIT_TTL_MS);
        }
        return next(params, new vscode.CancellationTokenSource().token);
      },
    },
  };

  private announce(edit: vscode.WorkspaceEdit): void {
    for (const [uri, edits] of edit.entries()) {
      for (const t of edits) {
        const text = t instanceof vscode.SnippetTextEdit ? t.snippet.value : 'newText' in t ? t.newText : '';
        if (text) this.tracker.expectOwnEdit(uri.toString(), text, CODE_ACTION_TTL_MS);
      }
    }
  }

  rangeOf(doc: vscode.TextDocument, b: { start: number; end: number }): vscode.Range {
    return new vscode.Range(doc.positionAt(b.start), doc.positionAt(b.end));
  }

  /** The unreviewed block under a position, if any. */
  blockAt(doc: vscode.TextDocument, pos: vscode.Position, reviewed: boolean | 'any' = false): Block | undefined {
    const off = doc.offsetAt(pos);
    return this.tracker.blocks(doc.uri.toString(), { reviewed }).find(b => b.start <= off && off <= b.end);
  }

  dispose(): void {
    void this.tracker.flush();
    for (const s of this.subscriptions) s.dispose();
  }
}
