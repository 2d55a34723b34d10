// Raises the stakes of a finding in unreviewed inserted code: the language client's diagnostics pass
// through here (middleware handleDiagnostics), and a diagnostic that intersects an unreviewed block gets
// a note appended to its message and, with `skeptic.unreviewed.raiseSeverity`, one step more severity
// (hint → information → warning → error). The server's own diagnostics are kept per URI so that they are
// published again, re-judged, when blocks are added, reviewed or removed.
import * as vscode from 'vscode';
import type { HandleDiagnosticsSignature, Middleware } from 'vscode-languageclient/node';
import { unreviewedSettings } from './controller';
import type { UnreviewedTracker } from './tracker';

export const UNREVIEWED_NOTE = ' — in unreviewed inserted code';

export class DiagnosticsNote {
  private readonly raw = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[]; next: HandleDiagnosticsSignature }>();

  constructor(private readonly tracker: UnreviewedTracker) {}

  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => {
      if (diagnostics.length) this.raw.set(uri.toString(), { uri, diagnostics, next });
      else this.raw.delete(uri.toString());
      next(uri, this.transform(uri, diagnostics));
    },
  };

  /** Publishes a document's last diagnostics from the server again, judged against the blocks as they are now. */
  republish(uri: string): void {
    const r = this.raw.get(uri);
    if (r) r.next(r.uri, this.transform(r.uri, r.diagnostics));
  }

  republishAll(): void {
    for (const uri of this.raw.keys()) this.republish(uri);
  }

  transform(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
    const settings = unreviewedSettings();
    if (!settings.enable) return diagnostics;
    const blocks = this.tracker.blocks(uri.toString());
    const doc = blocks.length ? vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString()) : undefined;
    if (!doc) return diagnostics;
    return diagnostics.map(d => {
      const start = doc.offsetAt(d.range.start);
      const end = doc.offsetAt(d.range.end);
      const inside = blocks.some(b => (start === end ? b.start <= start && start < b.end : start < b.end && end > b.start));
      if (!inside) return d;
      // A copy that keeps the language client's own class and fields (its `data` goes back to the server
      // with code-action requests); the server's original stays as it was for the next re-publication.
      const copy = Object.assign(Object.create(Object.getPrototypeOf(d) as object) as vscode.Diagnostic, d);
      copy.message = d.message + UNREVIEWED_NOTE;
      if (settings.raiseSeverity && d.severity > vscode.DiagnosticSeverity.Error) copy.severity = d.severity - 1;
      return copy;
    });
  }
}
