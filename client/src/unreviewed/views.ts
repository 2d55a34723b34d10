// What a person sees of unreviewed inserted code in the editor: a gutter mark and an overview-ruler mark
// on each block, a hover that says when it came and how big it is, and CodeLenses above each block to
// mark it reviewed or review it with the checklist.
import * as vscode from 'vscode';
import { unreviewedSettings, type UnreviewedController } from './controller';
import { blockSummary, linesText } from './describe';
import type { Block } from './tracker';

/** The lines a block occupies: one that ends at the start of a line does not take that line. */
export function displayRange(doc: vscode.TextDocument, b: { start: number; end: number }): vscode.Range {
  const start = doc.positionAt(b.start);
  let end = doc.positionAt(b.end);
  if (end.character === 0 && end.line > start.line) end = doc.lineAt(end.line - 1).range.end;
  return new vscode.Range(start, end);
}

export class UnreviewedDecorations implements vscode.Disposable {
  private readonly type: vscode.TextEditorDecorationType;

  constructor(extensionUri: vscode.Uri, private readonly controller: UnreviewedController) {
    this.type = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'images', 'unreviewed.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: 'rgba(232, 163, 23, 0.85)',
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      isWholeLine: true,
    });
  }

  render(editors: readonly vscode.TextEditor[] = vscode.window.visibleTextEditors): void {
    const on = unreviewedSettings().enable;
    for (const e of editors) {
      const blocks = on ? this.controller.tracker.blocks(e.document.uri.toString()) : [];
      e.setDecorations(this.type, blocks.map(b => displayRange(e.document, b)));
    }
  }

  dispose(): void {
    this.type.dispose();
  }
}

export class UnreviewedCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly controller: UnreviewedController) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!unreviewedSettings().enable) return [];
    return this.controller.tracker.blocks(doc.uri.toString()).flatMap((b: Block) => {
      const at = new vscode.Range(doc.positionAt(b.start).line, 0, doc.positionAt(b.start).line, 0);
      return [
        new vscode.CodeLens(at, { title: `$(eye) ${linesText(b.lines)} inserted, not reviewed`, command: 'skeptic.unreviewed.list', tooltip: 'All unreviewed inserted code' }),
        new vscode.CodeLens(at, { title: 'Mark reviewed', command: 'skeptic.unreviewed.markReviewed', arguments: [doc.uri, b.id], tooltip: 'I read this code and take responsibility for it' }),
        new vscode.CodeLens(at, { title: 'Review with checklist', command: 'skeptic.unreviewed.reviewWithChecklist', arguments: [doc.uri, b.id], tooltip: 'A security checklist for this block, chosen by the file\'s zone and the findings in it' }),
      ];
    });
  }
}

export class UnreviewedHover implements vscode.HoverProvider {
  constructor(private readonly controller: UnreviewedController) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!unreviewedSettings().enable) return undefined;
    const b = this.controller.blockAt(doc, pos, 'any');
    if (!b) return undefined;
    const md = new vscode.MarkdownString(`$(eye) ${blockSummary(b, Date.now())}`, true);
    if (!b.review) {
      const args = encodeURIComponent(JSON.stringify([doc.uri.toString(), b.id]));
      md.appendMarkdown(`\n\n[Mark reviewed](command:skeptic.unreviewed.markReviewed?${args}) · [Review with checklist](command:skeptic.unreviewed.reviewWithChecklist?${args})`);
      md.isTrusted = { enabledCommands: ['skeptic.unreviewed.markReviewed', 'skeptic.unreviewed.reviewWithChecklist'] };
    }
    return new vscode.Hover(md, displayRange(doc, b));
  }
}

/** `$(eye) 2 unreviewed` — blocks of inserted code across the workspace; click to list them. */
export class UnreviewedStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('skeptic.unreviewed', vscode.StatusBarAlignment.Left, 49);

  constructor(private readonly controller: UnreviewedController) {
    this.item.name = 'Skeptic: unreviewed inserted code';
    this.item.command = 'skeptic.unreviewed.list';
  }

  get text(): string {
    return this.item.text;
  }

  update(): void {
    const all = unreviewedSettings().enable ? this.controller.tracker.unreviewed() : [];
    if (!all.length) {
      this.item.text = '';
      this.item.hide();
      return;
    }
    const lines = all.reduce((n, x) => n + x.block.lines, 0);
    const files = new Set(all.map(x => x.uri)).size;
    this.item.text = `$(eye) ${all.length} unreviewed`;
    this.item.tooltip = `Skeptic: ${all.length} block${all.length === 1 ? '' : 's'} of inserted code (${linesText(lines)} in ${files} file${files === 1 ? '' : 's'}) not reviewed yet — click to list them`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
