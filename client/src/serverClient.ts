// Starts the bundled language server (dist/server.js) over IPC for the supported languages, and restarts
// it with back-off when it dies, so that a crash costs a moment of squiggles, not the session.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type LanguageClientOptions, type Middleware, type ServerOptions,
} from 'vscode-languageclient/node';
import { FILE_PATTERNS, type InitializationOptions } from '../../common/src/protocol';

export const LANGUAGES = ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'java', 'csharp', 'go', 'php', 'ruby', 'c', 'cpp'];

/** Editor language ids of those files, for untitled documents (an assistant's answer pasted into a new tab). */
const CONFIG_LANGUAGES = ['json', 'yaml', 'dockerfile', 'terraform', 'toml', 'pip-requirements', 'dotenv'];

/** 0.5 s, 1 s, 2 s … capped at 30 s; the count resets after a minute of the server staying up. */
class BackoffRestart implements ErrorHandler {
  private restarts = 0;
  private lastStart = Date.now();

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  async closed(): Promise<CloseHandlerResult> {
    if (Date.now() - this.lastStart > 60_000) this.restarts = 0;
    const delay = Math.min(30_000, 500 * 2 ** this.restarts++);
    this.output.appendLine(`[client] the Skeptic server stopped; restarting in ${delay} ms (restart #${this.restarts})`);
    await new Promise(r => setTimeout(r, delay));
    this.lastStart = Date.now();
    return { action: CloseAction.Restart, handled: true };
  }
}

/** `middleware`: what the client's features pass through on the way in (see unreviewed/index.ts). */
export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, middleware?: Middleware): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // A small young generation keeps the long-lived server's memory near what it uses (see bin/skeptic).
  const execArgv = ['--max-semi-space-size=4'];
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = {
    workspaceTrusted: vscode.workspace.isTrusted,
    selectRangeCommand: true,
    // The languages on screen: their rules compile before the first document arrives.
    warmLanguages: [...new Set(vscode.window.visibleTextEditors.map(e => e.document.languageId))],
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap(language => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
      // Manifests, workflows, Dockerfiles, Terraform, .env: pins, actions and secrets checked as typed.
      ...FILE_PATTERNS.map(pattern => ({ scheme: 'file', pattern })),
      ...CONFIG_LANGUAGES.map(language => ({ scheme: 'untitled', language })),
    ],
    outputChannel: output,
    initializationOptions,
    errorHandler: new BackoffRestart(output),
    synchronize: { configurationSection: 'skeptic', fileEvents: vscode.workspace.createFileSystemWatcher('**/.skeptic.yaml') },
    middleware,
  };
  return new LanguageClient('skeptic', 'Skeptic', serverOptions, clientOptions);
}
