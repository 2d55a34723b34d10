// One open document, analysed incrementally. For each content change: tree.edit + reparse with the old
// tree, getChangedRanges, and the language's compiled query re-run only over the affected regions —
// widened to the enclosing function (values are followed within a function) or statement, or to the whole
// file when a top-level binding changed (functions read top-level constants). Findings elsewhere are kept
// and shifted by the edit. Old trees are deleted at once: the wasm heap never shrinks.
import { Edit, type Node, type Tree } from 'web-tree-sitter';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Finding, LanguageId, Position } from '../../../common/src/types';
import { enclosingScope, ScopeIndex } from '../engine/constness';
import { DIALECTS, type Dialect } from '../engine/dialects';
import type { Engine } from '../engine/engine';

type Region = [number, number];

/** Where (row, column) lands after inserting `text` at `start`. */
function endOf(start: Position, text: string): Position {
  let line = start.line;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return last === -1 ? { line, character: start.character + text.length } : { line, character: text.length - last - 1 };
}

function shiftPosition(p: Position, oldEnd: Position, newEnd: Position): Position {
  if (p.line > oldEnd.line) return { line: p.line + newEnd.line - oldEnd.line, character: p.character };
  return { line: newEnd.line, character: newEnd.character + (p.character - oldEnd.character) };
}

function mergeRegions(regions: Region[]): Region[] {
  const sorted = [...regions].sort((a, b) => a[0] - b[0]);
  const out: Region[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

const intersects = (aStart: number, aEnd: number, r: Region): boolean => aStart < r[1] && r[0] < aEnd || aStart === r[0] || (aStart >= r[0] && aStart < r[1]);

export interface AnalysisStats {
  /** UTF-16 code units the query ran over in the last update (the whole text for a full analysis). */
  analyzedLength: number;
  full: boolean;
}

export class LiveDocument {
  private tree: Tree | undefined;
  private raw: Finding[] = [];
  readonly dialect: Dialect;
  lastStats: AnalysisStats = { analyzedLength: 0, full: true };
  /** Constness of top-level names read from functions; valid until a top-level binding changes. */
  private readonly topLevelConstants = new Map<string, boolean>();
  /** False after an incremental update that left syntax errors: see settle(). */
  private settled = true;

  private constructor(
    private readonly engine: Engine,
    readonly uri: string,
    readonly language: LanguageId,
    public doc: TextDocument,
    private readonly options: { budgetMs: number; isEnabled: (id: string) => boolean; onRuleError: (id: string, e: Error) => void },
  ) {
    this.dialect = DIALECTS[language];
  }

  static async open(engine: Engine, uri: string, language: LanguageId, version: number, text: string, options: LiveDocument['options']): Promise<LiveDocument> {
    const live = new LiveDocument(engine, uri, language, TextDocument.create(uri, language, version, text), options);
    await live.analyzeFully();
    return live;
  }

  get version(): number {
    return this.doc.version;
  }

  get text(): string {
    return this.doc.getText();
  }

  /** Findings before suppressions and settings filters are applied. */
  findings(): Finding[] {
    return this.raw;
  }

  /** The current tree, for diagnostics in tests; callers must not keep or delete it. */
  currentTree(): Tree | undefined {
    return this.tree;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.raw = [];
  }

  /**
   * Tree-sitter's error recovery can shape an incrementally re-parsed broken file differently from a fresh
   * parse of the same text. While the code is half-typed that is harmless, but the editor must end up
   * agreeing with `skeptic scan`: so once typing pauses, a document whose tree has errors is parsed afresh.
   * Returns true when that changed anything worth re-publishing.
   */
  async settle(): Promise<boolean> {
    if (this.settled || !this.tree) return false;
    this.settled = true;
    if (!this.tree.rootNode.hasError) return false;
    await this.analyzeFully();
    return true;
  }

  needsSettling(): boolean {
    return !this.settled;
  }

  /** Re-parse and re-analyse everything (open, full-text sync, settings or rules changed). */
  async analyzeFully(): Promise<void> {
    const tree = await this.engine.parse(this.language, this.doc.getText(), null, this.options.budgetMs);
    this.tree?.delete();
    this.tree = tree;
    this.topLevelConstants.clear();
    this.raw = await this.engine.analyze(this.language, tree, this.analyzeOptions());
    this.lastStats = { analyzedLength: this.doc.getText().length, full: true };
  }

  private analyzeOptions(range?: Region) {
    return {
      isEnabled: this.options.isEnabled,
      onRuleError: this.options.onRuleError,
      topLevelConstants: this.topLevelConstants,
      ...(range ? { startIndex: range[0], endIndex: range[1] } : {}),
    };
  }

  async applyChanges(changes: TextDocumentContentChangeEvent[], version: number): Promise<void> {
    if (!this.tree || changes.some(c => !('range' in c))) {
      this.doc = TextDocument.update(this.doc, changes, version);
      await this.analyzeFully();
      return;
    }
    const oldTree = this.tree;
    const hadErrors = oldTree.rootNode.hasError;
    let dirty: Region[] = [];
    // Names bound at top level that the change touches, in the old or the new tree ('*' = unknown):
    // functions read top-level values, so their readers must be re-analysed too.
    const touched = new Set<string>();
    for (const change of changes) {
      if (!('range' in change)) continue;
      const startIndex = this.doc.offsetAt(change.range.start);
      const oldEndIndex = this.doc.offsetAt(change.range.end);
      // offsetAt clamps: use the positions it resolves to, so tree and text stay in step.
      const start = this.doc.positionAt(startIndex);
      const oldEnd = this.doc.positionAt(oldEndIndex);
      const newEndIndex = startIndex + change.text.length;
      const newEnd = endOf(start, change.text);
      this.topLevelNames(oldTree.rootNode, startIndex, oldEndIndex, touched);
      oldTree.edit(new Edit({
        startIndex, oldEndIndex, newEndIndex,
        startPosition: { row: start.line, column: start.character },
        oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
        newEndPosition: { row: newEnd.line, column: newEnd.character },
      }));
      const delta = newEndIndex - oldEndIndex;
      const shiftIndex = (i: number): number => (i >= oldEndIndex ? i + delta : Math.min(i, startIndex + (i > startIndex ? change.text.length : 0)));
      const shift = (p: Position, i: number): Position => (i >= oldEndIndex ? shiftPosition(p, oldEnd, newEnd) : p);
      // A finding whose flagged text the edit touches is dropped (re-analysis restores it if it still holds);
      // the others move with the text. Those whose match spans the edit are re-analysed below anyway.
      this.raw = this.raw.filter(f => f.endIndex < startIndex || f.startIndex > oldEndIndex);
      for (const f of this.raw) {
        if ((f.matchEnd ?? f.endIndex) < startIndex) continue;
        f.range = { start: shift(f.range.start, f.startIndex), end: shift(f.range.end, f.endIndex) };
        f.startIndex = shiftIndex(f.startIndex);
        f.endIndex = shiftIndex(f.endIndex);
        if (f.matchStart !== undefined) f.matchStart = shiftIndex(f.matchStart);
        if (f.matchEnd !== undefined) f.matchEnd = shiftIndex(f.matchEnd);
        for (const e of f.fix?.edits ?? []) {
          e.range = { start: shift(e.range.start, e.startIndex), end: shift(e.range.end, e.endIndex) };
          e.startIndex = shiftIndex(e.startIndex);
          e.endIndex = shiftIndex(e.endIndex);
        }
      }
      dirty = dirty.map(([s, e]): Region => [s >= oldEndIndex ? s + delta : Math.min(s, startIndex), e >= oldEndIndex ? e + delta : Math.max(e, newEndIndex)]);
      dirty.push([startIndex, newEndIndex]);
      this.doc = TextDocument.update(this.doc, [change], version);
    }
    const text = this.doc.getText();
    let newTree: Tree;
    try {
      newTree = await this.engine.parse(this.language, text, oldTree, this.options.budgetMs);
      // Structure can change beyond the edited text (an opened string, a re-indented block).
      const changed: Region[] = oldTree.getChangedRanges(newTree).map(r => [r.startIndex, r.endIndex]);
      // What the old tree enclosed the change in matters too: a function that the edit split or merged
      // had readers whose scope has changed. The edited old tree already has the new coordinates.
      for (const r of [...dirty, ...changed]) dirty.push(this.widen(oldTree.rootNode, r));
      for (const r of changed) {
        dirty.push(r);
        // A binding that was top-level before the change (and read file-wide) may now sit in a function.
        this.topLevelNames(oldTree.rootNode, r[0], r[1], touched);
      }
    } finally {
      oldTree.delete();
      this.tree = undefined;
    }
    this.tree = newTree;
    this.settled = !newTree.rootNode.hasError;
    for (const [s, e] of dirty) this.topLevelNames(newTree.rootNode, s, e, touched);
    // Cached top-level constness stays valid only while no top-level binding changed and the code parses:
    // error recovery can move statements in and out of functions without touching a binding.
    if (touched.size || hadErrors || newTree.rootNode.hasError) this.topLevelConstants.clear();
    const readers = touched.size ? this.readersOf(newTree.rootNode, text, touched) : [];
    if (readers === undefined) {
      this.topLevelConstants.clear();
      this.raw = await this.engine.analyze(this.language, newTree, this.analyzeOptions());
      this.lastStats = { analyzedLength: text.length, full: true };
      return;
    }
    dirty.push(...readers);
    const regions = mergeRegions(dirty.map(r => this.widen(newTree.rootNode, r)));
    this.raw = this.raw.filter(f => !regions.some(r => intersects(f.matchStart ?? f.startIndex, Math.max(f.matchEnd ?? f.endIndex, (f.matchStart ?? f.startIndex) + 1), r)));
    const seen = new Set(this.raw.map(f => `${f.ruleId}@${f.startIndex}:${f.endIndex}`));
    let analyzed = 0;
    for (const r of regions) {
      analyzed += r[1] - r[0];
      for (const f of await this.engine.analyze(this.language, newTree, this.analyzeOptions(r))) {
        const key = `${f.ruleId}@${f.startIndex}:${f.endIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.raw.push(f);
      }
    }
    this.raw.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex || a.ruleId.localeCompare(b.ruleId));
    this.lastStats = { analyzedLength: analyzed, full: false };
  }

  /** The region re-analysis must cover for a change in [s, e): the enclosing function, else statement. */
  private widen(root: Node, [s, e]: Region): Region {
    const node = root.descendantForIndex(s, Math.max(s, e)) ?? root;
    if (this.dialect.scopes.has(node.type)) return [node.startIndex, node.endIndex];
    const scope = enclosingScope(node, this.dialect);
    let outer: Node | null = scope;
    // A nested function reads only its own and top-level values, but an enclosing function reads values
    // assigned in it: take the outermost function so every reader of a changed value is re-run.
    for (let p = scope?.parent ?? null; p; p = p.parent) if (this.dialect.scopes.has(p.type)) outer = p;
    if (outer) return [Math.min(outer.startIndex, s), Math.max(outer.endIndex, e)];
    let stmt: Node | null = null;
    for (let p: Node | null = node; p && p.parent; p = p.parent) {
      if (this.dialect.statements.has(p.type) || p.parent.parent === null) stmt = p;
      if (stmt) break;
    }
    // Error recovery can reshape neighbours: include the top-level siblings around the change.
    const top = stmt ?? node;
    const before = top.previousSibling;
    const after = top.nextSibling;
    return [Math.min(before?.startIndex ?? top.startIndex, s), Math.max(after?.endIndex ?? top.endIndex, e)];
  }

  /** Adds to `into` the names of top-level bindings (outside every function) that overlap [s, e). */
  private topLevelNames(root: Node, s: number, e: number, into: Set<string>): void {
    const node = root.descendantForIndex(s, Math.max(s, e)) ?? root;
    const ancestors: Node[] = [];
    for (let p: Node | null = node; p; p = p.parent) {
      // Inside a function nothing is top-level: that function's own re-analysis covers the change.
      if (this.dialect.scopes.has(p.type)) return;
      if (p.type in this.dialect.bindings) ancestors.push(p);
    }
    const inside = node.descendantsOfType(Object.keys(this.dialect.bindings)).filter(b => b.startIndex < e + 1 && b.endIndex >= s);
    const candidates = [...ancestors, ...inside];
    if (!candidates.length) return;
    const scopes = inside.length ? new ScopeIndex(root, this.dialect) : undefined;
    for (const b of candidates) {
      if (scopes && !ancestors.includes(b) && scopes.scopeOf(b)) continue;
      for (const { target } of this.dialect.bindings[b.type](b)) {
        into.add(this.dialect.identifiers.has(target.type) ? target.text : '*');
      }
    }
  }

  /**
   * Regions to re-analyse because top-level `names` changed: every statement or function that mentions
   * one of them, after following top-level values built from them (A = B + "x": B changed, so A did).
   * Undefined when a whole-file analysis is simpler (unknown names, or readers everywhere).
   */
  private readersOf(root: Node, text: string, names: Set<string>): Region[] | undefined {
    if (names.has('*')) return undefined;
    const scopes = new ScopeIndex(root, this.dialect);
    const topLevel = root.descendantsOfType(Object.keys(this.dialect.bindings)).filter(b => !scopes.scopeOf(b));
    const closure = new Set(names);
    for (let grew = true; grew; ) {
      grew = false;
      const mention = wordsRegex(closure);
      for (const b of topLevel) {
        for (const { target, value } of this.dialect.bindings[b.type](b)) {
          if (closure.has(target.text) || !mention.test(value.text)) continue;
          closure.add(target.text);
          grew = true;
        }
      }
    }
    const regions: Region[] = [];
    const mention = wordsRegex(closure, 'g');
    for (let m = mention.exec(text); m; m = mention.exec(text)) {
      if (regions.length > MAX_READER_REGIONS) return undefined;
      regions.push(this.widen(root, [m.index, m.index + m[0].length]));
    }
    return regions;
  }
}

const MAX_READER_REGIONS = 200;

function wordsRegex(names: Set<string>, flags = ''): RegExp {
  return new RegExp(`(?<![\\w$])(?:${[...names].map(n => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w$])`, flags);
}
