// The Skeptic language server. This module only wires LSP handlers to the Session (lsp/session.ts).
// The VS Code client starts dist/server.js (serverMain.ts) over IPC; other editors run
// `skeptic lsp --stdio`, which calls the same startServer().
import { createConnection, DidChangeWatchedFilesNotification, ProposedFeatures } from 'vscode-languageserver/node';
import { LIST_RULES_REQUEST, SCAN_WORKSPACE_REQUEST, ZONES_REQUEST, type ZonesParams } from '../../common/src/protocol';
import { Session } from './lsp/session';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const session = new Session(connection);
  let canWatch = false;

  connection.onInitialize(params => {
    canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    return session.initialize(params);
  });
  connection.onInitialized(() => {
    if (canWatch) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.skeptic.yaml' }] });
  });
  connection.onDidOpenTextDocument(p => session.didOpen(p));
  connection.onDidChangeTextDocument(p => session.didChange(p));
  connection.onDidCloseTextDocument(p => session.didClose(p.textDocument.uri));
  connection.onCodeAction(p => session.codeActions(p));
  connection.onHover(p => session.hover(p));
  connection.onDidChangeConfiguration(p => session.configurationChanged((p.settings as { skeptic?: unknown } | null)?.skeptic));
  connection.onDidChangeWatchedFiles(p => session.watchedFilesChanged(p.changes.map(c => c.uri)));
  connection.onRequest(LIST_RULES_REQUEST, () => session.listRules());
  connection.onRequest(ZONES_REQUEST, (p: ZonesParams) => session.zones(p.uri));
  connection.onRequest(SCAN_WORKSPACE_REQUEST, () => session.scanWorkspace());
  connection.listen();
}
