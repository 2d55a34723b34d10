// The language server's state and behaviour: the engine (re-created when trusted rule folders change),
// the open documents analysed incrementally, settings, and publishing. server.ts only wires LSP handlers
// to the methods here. Every document's updates run in order on its own queue; a request about a document
// (code actions, hover) waits for that queue, so it always sees the version it was asked about.
import * as path from 'path';
import {
  TextDocumentSyncKind, CodeActionKind,
  type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type DidChangeTextDocumentParams, type DidOpenTextDocumentParams,
  type Hover, type HoverParams, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { RULE_FAILED_NOTIFICATION, type InitializationOptions, type RuleFailedParams, type ScanWorkspaceResult, type ZonesResult } from '../../../common/src/protocol';
import { ruleEnabled } from '../../../common/src/settings';
import { severityRank, type Finding, type LanguageId, type RuleInfo } from '../../../common/src/types';
import { CONFIG_FILE } from '../engine/config';
import { Engine, ParseTimeoutError } from '../engine/engine';
import { isLineLanguage, isNeverRead, languageForPath, LANGUAGES, VSCODE_LANGUAGE_IDS } from '../engine/languages';
import { diskFileContext } from '../engine/supplyChain/fileContext';
import { MAX_FILE_BYTES } from '../engine/source';
import { applySuppressions } from '../engine/suppressions';
import { pathToFileURL } from 'url';
import { scanFile } from '../cli/scanFile';
import { collectFiles } from '../cli/walk';
import { classifyZones } from '../engine/zones';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { skippedDiagnostic, toDiagnostic } from './diagnostics';
import { hoverFor } from './hover';
import { LiveDocument } from './liveDocument';
import { LiveLines } from './liveLines';
import { filePath, SettingsStore } from './settings';

const SETTLE_AFTER_MS = 400;
/** Syntax trees kept for the most recently edited documents; the others re-parse on their next edit. */
const LIVE_TREES = 4;
const DEFAULT_PARSE_BUDGET_MS = 1000;

interface OpenDocument {
  uri: string;
  language: LanguageId;
  live?: LiveDocument | LiveLines;
  /** Set while live analysis is skipped (too large, parse too slow); the text is still tracked. */
  skipped?: string;
  /** The text while there is no live document; the live document keeps it otherwise (see textOf). */
  doc: TextDocument;
  queue: Promise<void>;
  settleTimer?: NodeJS.Timeout;
  /** Rules that threw on this document: switched off for it. */
  broken: Set<string>;
  /** What was last published, for code actions and hover. */
  published: Finding[];
  /** Content changes received but not yet analysed, and the version they lead to. */
  pending: TextDocumentContentChangeEvent[];
  pendingVersion: number;
  flushQueued: boolean;
}

export class Session {
  private engine!: Engine;
  private settings!: SettingsStore;
  private readonly docs = new Map<string, OpenDocument>();
  private folders: string[] = [];
  private options: InitializationOptions = {};
  private rules = new Map<string, RuleInfo>();
  private engineInputsKey = '';
  private recent: OpenDocument[] = [];

  constructor(private readonly connection: Connection) {}

  private log(message: string): void {
    this.connection.console.log(`[skeptic] ${message}`);
  }

  async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.folders = (params.workspaceFolders ?? []).map(f => filePath(f.uri)).filter((p): p is string => !!p);
    if (!this.folders.length && params.rootUri) {
      const root = filePath(params.rootUri);
      if (root) this.folders = [root];
    }
    const canPull = !!params.capabilities.workspace?.configuration;
    this.settings = new SettingsStore(this.connection, this.folders, canPull, m => this.log(m));
    this.settings.setPushed((this.options.settings as { skeptic?: unknown } | undefined)?.skeptic ?? this.options.settings);
    await this.loadEngine();
    for (const id of new Set(this.options.warmLanguages ?? [])) {
      const language = VSCODE_LANGUAGE_IDS[id] ?? (id in LANGUAGES ? (id as LanguageId) : undefined);
      if (language) await this.engine.warmUp(language);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'skeptic', version: this.engine.version },
    };
  }

  /** Workspace rule folders (from .skeptic.yaml) load only when the client says the workspace is trusted. */
  private trustedRuleFolders(): string[] {
    if (!this.options.workspaceTrusted) return [];
    return this.folders.flatMap(f => (this.settings.repoConfig(f)?.ruleFolders ?? []).map(r => path.resolve(f, r)));
  }

  /** Advisory entries are data (they can only add warnings): read from .skeptic.yaml even when untrusted. */
  private projectAdvisories() {
    return this.folders.flatMap(f => this.settings.repoConfig(f)?.advisories ?? []);
  }

  /** What requires a new engine when .skeptic.yaml changes. */
  private engineKey(): string {
    return JSON.stringify([this.trustedRuleFolders(), this.projectAdvisories()]);
  }

  private async loadEngine(): Promise<void> {
    const ruleDirs = this.trustedRuleFolders();
    this.engineInputsKey = this.engineKey();
    this.engine = await Engine.create({ ruleDirs, advisories: this.projectAdvisories() });
    for (const e of this.engine.ruleSet.errors) this.log(`rule skipped: ${e.file}: ${e.message}`);
    this.rules = new Map(this.engine.ruleSet.infos().map(r => [r.id, r]));
    if (ruleDirs.length) this.log(`loaded workspace rules from ${ruleDirs.join(', ')}`);
  }

  listRules(): RuleInfo[] {
    return [...this.rules.values()];
  }

  private languageOf(uri: string, languageId: string): LanguageId | undefined {
    const path = filePath(uri) ?? uri;
    // A file's name decides first (pom.xml is a Maven manifest whatever the editor calls XML); the
    // editor's language id serves untitled documents. Lock files are never read, whatever their id.
    const byPath = languageForPath(path);
    if (byPath || isNeverRead(path)) return byPath;
    return VSCODE_LANGUAGE_IDS[languageId] ?? (languageId in LANGUAGES ? (languageId as LanguageId) : undefined);
  }

  private enqueue(d: OpenDocument, work: () => Promise<void>): Promise<void> {
    d.queue = d.queue.then(work).catch(e => this.log(`analysis of ${d.uri} failed: ${(e as Error).stack ?? e}`));
    return d.queue;
  }

  private liveOptions(d: OpenDocument) {
    const path = filePath(d.uri);
    return {
      file: path ? diskFileContext(path) : undefined,
      budgetMs: this.options.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS,
      isEnabled: (id: string) => !d.broken.has(id),
      onRuleError: (id: string, e: Error) => {
        d.broken.add(id);
        this.log(`rule ${id} failed on ${d.uri} and is switched off for this document: ${e.message}`);
        void this.connection.sendNotification(RULE_FAILED_NOTIFICATION, { uri: d.uri, ruleId: id, message: e.message } satisfies RuleFailedParams);
      },
    };
  }

  /** The document's current text: one copy, kept by the live document when there is one. */
  private textOf(d: OpenDocument): TextDocument {
    return d.live?.doc ?? d.doc;
  }

  /** (Re)builds live analysis for a document from its full text, or records why it is skipped. */
  private async startLive(d: OpenDocument): Promise<void> {
    d.doc = this.textOf(d);
    d.live?.dispose();
    d.live = undefined;
    d.skipped = undefined;
    const text = d.doc.getText();
    if (text.length * 2 > MAX_FILE_BYTES && Buffer.byteLength(text) > MAX_FILE_BYTES) {
      d.skipped = 'the file is larger than 2 MB';
      return;
    }
    try {
      d.live = isLineLanguage(d.language)
        ? LiveLines.open(this.engine, d.uri, d.language, d.doc.version, text, this.liveOptions(d))
        : await LiveDocument.open(this.engine, d.uri, d.language, d.doc.version, text, this.liveOptions(d));
      d.doc = d.live.doc; // one copy of the text, not two
    } catch (e) {
      if (!(e instanceof ParseTimeoutError)) throw e;
      d.skipped = `parsing took longer than its ${this.options.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS} ms budget`;
    }
  }

  didOpen(p: DidOpenTextDocumentParams): Promise<void> | undefined {
    const { uri, languageId, version, text } = p.textDocument;
    const language = this.languageOf(uri, languageId);
    if (!language) return undefined;
    this.docs.get(uri)?.live?.dispose();
    const d: OpenDocument = { uri, language, doc: TextDocument.create(uri, languageId, version, text), queue: Promise.resolve(), broken: new Set(), published: [], pending: [], pendingVersion: version, flushQueued: false };
    this.docs.set(uri, d);
    return this.enqueue(d, async () => {
      await this.startLive(d);
      await this.publish(d);
      this.touch(d);
    });
  }

  didChange(p: DidChangeTextDocumentParams): Promise<void> | undefined {
    const d = this.docs.get(p.textDocument.uri);
    if (!d) return undefined;
    d.pending.push(...p.contentChanges);
    d.pendingVersion = p.textDocument.version;
    if (d.flushQueued) return d.queue;
    d.flushQueued = true;
    // Changes that arrive while an analysis runs are applied together by the next one: when typing is
    // faster than analysis the server catches up at once instead of falling behind one version at a time.
    return this.enqueue(d, async () => {
      d.flushQueued = false;
      const changes = d.pending.splice(0);
      const version = d.pendingVersion;
      if (d.live && !d.skipped) {
        try {
          await d.live.applyChanges(changes, version);
        } catch (e) {
          // A failed incremental update must not leave stale diagnostics behind: start again from the
          // text (applyChanges updates it before anything that can fail), and say what happened.
          if (!(e instanceof ParseTimeoutError)) this.log(`incremental analysis of ${d.uri} failed, re-analysing the whole file: ${(e as Error).stack ?? e}`);
          await this.startLive(d);
        }
      } else {
        d.doc = TextDocument.update(d.doc, changes, version);
        await this.startLive(d);
      }
      await this.publish(d);
      this.scheduleSettle(d);
      this.touch(d);
    });
  }

  /** Once typing pauses, a document left with syntax errors is parsed afresh (see LiveDocument.settle). */
  private scheduleSettle(d: OpenDocument): void {
    if (d.settleTimer) clearTimeout(d.settleTimer);
    if (!d.live?.needsSettling()) return;
    d.settleTimer = setTimeout(() => {
      d.settleTimer = undefined;
      void this.enqueue(d, async () => {
        if (d.live && (await d.live.settle())) await this.publish(d);
      });
    }, SETTLE_AFTER_MS);
  }

  didClose(uri: string): void {
    const d = this.docs.get(uri);
    if (!d) return;
    this.docs.delete(uri);
    this.recent = this.recent.filter(x => x !== d);
    if (d.settleTimer) clearTimeout(d.settleTimer);
    void d.queue.then(() => d.live?.dispose());
    this.settings.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Marks `d` as just used and frees the trees of documents beyond the most recent LIVE_TREES. */
  private touch(d: OpenDocument): void {
    this.recent = [d, ...this.recent.filter(x => x !== d)];
    for (const old of this.recent.splice(LIVE_TREES)) {
      if (old.settleTimer) continue; // about to settle: it needs its tree
      void this.enqueue(old, async () => old.live?.releaseTree());
    }
  }

  private async publish(d: OpenDocument): Promise<void> {
    if (this.docs.get(d.uri) !== d) return;
    const settings = await this.settings.get(d.uri);
    const file = filePath(d.uri);
    let diagnostics: Diagnostic[];
    if (!settings.enable || (file && settings.isIgnored(file))) {
      d.published = [];
      diagnostics = [];
    } else if (d.skipped || !d.live) {
      d.published = [];
      diagnostics = [skippedDiagnostic(d.skipped ?? 'the document could not be analysed')];
    } else {
      const min = severityRank(settings.minimumSeverity);
      const visible = d.live.findings().filter(f => ruleEnabled(settings, f.ruleId));
      d.published = applySuppressions(visible, d.live.text).kept.filter(f => severityRank(f.severity) >= min);
      diagnostics = d.published.map(toDiagnostic);
    }
    // The version of the text these findings were computed from (newer changes may already be queued).
    await this.connection.sendDiagnostics({ uri: d.uri, version: this.textOf(d).version, diagnostics });
  }

  async codeActions(p: CodeActionParams): Promise<CodeAction[]> {
    const d = this.docs.get(p.textDocument.uri);
    if (!d) return [];
    await d.queue;
    return codeActions({ doc: this.textOf(d), language: d.language, findings: d.published, range: p.range, only: p.context.only, selectRangeCommand: !!this.options.selectRangeCommand });
  }

  async hover(p: HoverParams): Promise<Hover | null> {
    const d = this.docs.get(p.textDocument.uri);
    if (!d) return null;
    await d.queue;
    return hoverFor(d.published, this.rules, this.textOf(d).offsetAt(p.position), d.language === 'tsx' ? 'tsx' : d.language);
  }

  /** Settings changed (pushed or to be pulled again): re-publish with the new filters. */
  async configurationChanged(pushed: unknown): Promise<void> {
    if (pushed !== undefined) this.settings.setPushed(pushed);
    this.settings.invalidate();
    await Promise.all([...this.docs.values()].map(d => this.enqueue(d, () => this.publish(d))));
  }

  /** A .skeptic.yaml changed: re-read it; new rule folders or advisories mean a new engine and a full re-analysis. */
  async watchedFilesChanged(uris: string[]): Promise<void> {
    if (!uris.some(u => u.endsWith('/' + CONFIG_FILE))) return;
    this.settings.invalidate();
    const before = this.engineInputsKey;
    if (this.engineKey() !== before) {
      await this.loadEngine();
      await Promise.all([...this.docs.values()].map(d => this.enqueue(d, async () => {
        await this.startLive(d);
        await this.publish(d);
      })));
      return;
    }
    await Promise.all([...this.docs.values()].map(d => this.enqueue(d, () => this.publish(d))));
  }

  /** The exclusion zones of an open document, with the workspace's zone settings. */
  async zones(uri: string): Promise<ZonesResult> {
    const d = this.docs.get(uri);
    if (!d) return { zones: [] };
    await d.queue;
    const settings = await this.settings.get(uri);
    const file = filePath(uri) ?? uri;
    const folder = this.settings.folderOf(uri);
    return { zones: classifyZones(folder ? path.relative(folder, file) : file, this.textOf(d).getText(), settings.zones) };
  }

  /** Scans every supported file of the workspace folders (what `skeptic scan` would) into diagnostics. */
  async scanWorkspace(): Promise<ScanWorkspaceResult> {
    const result: ScanWorkspaceResult = { files: 0, findings: 0, skipped: 0 };
    for (const folder of this.folders) {
      const { files, skipped } = collectFiles([folder]);
      result.skipped += skipped.length;
      for (const target of files) {
        const uri = pathToFileURL(target.abs).href;
        if (this.docs.has(uri)) continue; // open documents are analysed live already
        const settings = await this.settings.get(uri);
        if (!settings.enable || settings.isIgnored(target.abs)) continue;
        const r = await scanFile(this.engine, target);
        if (r.skipped) {
          result.skipped++;
          continue;
        }
        const min = severityRank(settings.minimumSeverity);
        const shown = r.findings.filter(f => ruleEnabled(settings, f.ruleId) && severityRank(f.severity) >= min);
        result.files++;
        result.findings += shown.length;
        await this.connection.sendDiagnostics({ uri, diagnostics: shown.map(toDiagnostic) });
      }
    }
    return result;
  }

  /** For tests and benchmarks: the live state of a document (undefined when not open or skipped). */
  liveDocument(uri: string): LiveDocument | LiveLines | undefined {
    return this.docs.get(uri)?.live;
  }
}
