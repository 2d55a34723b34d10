// Drives the real language server (`bin/skeptic lsp --stdio`, a child process) over the protocol,
// as an editor does: initialize, open/change/close documents, requests, and the diagnostics it pushes.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type ProtocolConnection, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers';

export interface ClientOptions {
  workspace: string;
  initializationOptions?: Record<string, unknown>;
  /** Answer workspace/configuration with these `skeptic` settings; undefined: the client cannot be asked. */
  settings?: Record<string, unknown>;
}

export class LspClient {
  private readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private waiters: Array<() => void> = [];
  private readonly versions = new Map<string, number>();
  settings: Record<string, unknown> | undefined;
  readonly logs: string[] = [];

  constructor(private readonly options: ClientOptions) {
    this.settings = options.settings;
    this.proc = spawn(process.execPath, [path.join(ROOT, 'bin', 'skeptic'), 'lsp', '--stdio'], { cwd: options.workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', d => this.logs.push(String(d)));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      const w = this.waiters;
      this.waiters = [];
      w.forEach(f => f());
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings ?? null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onNotification('window/showMessage', (p: { message: string }) => { this.logs.push(p.message); });
    this.conn.listen();
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.options.workspace, rel)).href;
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } }> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.options.workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(this.options.workspace).href, name: 'ws' }],
      capabilities: {
        workspace: { configuration: this.settings !== undefined, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } } },
      },
      initializationOptions: this.options.initializationOptions ?? {},
    });
    await this.conn.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
  }

  open(rel: string, languageId: string, text: string): string {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The first diagnostics published for `uri` that satisfy `accept` (default: any), waiting up to `ms`. */
  async diagnosticsFor(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 10_000): Promise<PublishDiagnosticsParams> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = (this.diagnostics.get(uri) ?? []).find(accept);
      if (hit) return hit;
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${ms} ms; got ${JSON.stringify(this.diagnostics.get(uri) ?? [])}\nserver log:\n${this.logs.join('')}`);
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Diagnostics for exactly this document version. */
  diagnosticsAt(uri: string, version: number, ms?: number): Promise<PublishDiagnosticsParams> {
    return this.diagnosticsFor(uri, p => p.version === version, ms);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise(r => setTimeout(r, 2000))]);
      void this.conn.sendNotification('exit');
    } catch {
      // the server is gone already
    }
    this.conn.dispose();
    this.proc.kill();
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }
}
