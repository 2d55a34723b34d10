// Unreviewed AI code: assembles the parts — the controller (documents → tracker), the views (gutter,
// hover, CodeLens, status bar), the diagnostics note, the exclusion-zone alert and the commands — and
// keeps the views current when blocks change. Returns what the language client needs (middleware) and
// what the extension tests read (the API).
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import type { ZoneInfo } from '../../../common/src/protocol';
import { UnreviewedCommands, type ListEntry } from './commands';
import { UnreviewedController } from './controller';
import { DiagnosticsNote } from './diagnosticsNote';
import type { UnreviewedTracker } from './tracker';
import { UnreviewedCodeLenses, UnreviewedDecorations, UnreviewedHover, UnreviewedStatus } from './views';
import { ZoneAlert, type Notifier, type ZoneInsertionRecord } from './zoneAlert';

export interface UnreviewedApi {
  tracker: UnreviewedTracker;
  /** The status-bar item's text ('' while hidden). */
  statusText(): string;
  /** What `skeptic.unreviewed.list` offers. */
  entries(): ListEntry[];
  /** Replaces the exclusion-zone notification (tests answer it without clicking). */
  setNotifier(notifier: Notifier | undefined): void;
  zoneInsertions: readonly ZoneInsertionRecord[];
  /** Applies an edit of Skeptic's own without recording it as inserted code. */
  ownEdit<T>(uri: vscode.Uri, texts: string[], apply: () => Thenable<T>): Promise<T>;
}

/** Each part needs the diagnostics note's middleware before the client exists, and zones after. */
export function startUnreviewed(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  zonesOf: (doc: vscode.TextDocument) => Promise<ZoneInfo[]>,
): { api: UnreviewedApi; middleware: Middleware } {
  const controller = new UnreviewedController(context.workspaceState, output);
  const tracker = controller.tracker;
  const note = new DiagnosticsNote(tracker);
  const decorations = new UnreviewedDecorations(context.extensionUri, controller);
  const lenses = new UnreviewedCodeLenses(controller);
  const status = new UnreviewedStatus(controller);
  const alert = new ZoneAlert(controller, zonesOf, output);
  const defaultNotifier = alert.notifier;
  const commands = new UnreviewedCommands(controller, zonesOf);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

  const refresh = (uri?: string, moved = false): void => {
    decorations.render(uri ? vscode.window.visibleTextEditors.filter(e => e.document.uri.toString() === uri) : undefined);
    status.update();
    if (moved) return; // the server re-publishes after every edit anyway; lenses follow edits by themselves
    lenses.refresh();
    if (uri) note.republish(uri);
    else note.republishAll();
  };

  context.subscriptions.push(
    controller,
    decorations,
    status,
    alert,
    ...commands.register(),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, new UnreviewedHover(controller)),
    { dispose: tracker.onDidChange(e => refresh(e.uri, e.kind === 'moved')).dispose },
    vscode.window.onDidChangeVisibleTextEditors(editors => decorations.render(editors)),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('skeptic.unreviewed')) refresh();
    }),
  );
  refresh();

  // Quick fixes, fix-all and server-applied edits are Skeptic's own; the diagnostics note after them.
  const own = controller.ownEditsMiddleware;
  const middleware: Middleware = { ...own, handleDiagnostics: note.middleware.handleDiagnostics };
  return {
    middleware,
    api: {
      tracker,
      statusText: () => status.text,
      entries: () => commands.entries(),
      setNotifier: n => (alert.notifier = n ?? defaultNotifier),
      zoneInsertions: alert.records,
      ownEdit: (uri, texts, apply) => controller.ownEdit(uri, texts, apply),
    },
  };
}
