// One open document, analysed incrementally. For each content change: tree.edit + reparse with the old
// tree, getChangedRanges, and the language's compiled query re-run only over the affected regions —
// widened to the enclosing function (values are followed within a function) or statement, or to the whole
// file when a top-level binding changed (functions read top-level constants). Findings elsewhere are kept
// and shifted by the edit. Old trees are deleted at once: the wasm heap never shrinks.
import { Edit, type Node, type Tree } from 'web-tree-sitter';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TreeLanguageId } from '../../../common/src/types';
import { ancestorsOf, topLevelOverlapping } from '../engine/ancestry';
import type { FileConditionLog } from '../engine/analyzer';
import { TopLevelFacts, ValueResolver, wordRegex } from '../engine/constness';
import { DIALECTS, type Dialect } from '../engine/dialects';
import type { Engine } from '../engine/engine';
import type { FileContext } from '../engine/supplyChain/fileContext';
import { descendantsOfType } from '../engine/treeSitter';
import { LiveText } from './liveText';
import { addDirty, intersects, mergeRegions, shiftFindings, spanOf, type Region } from './shiftFindings';
import { byCodeUnits } from '../../../common/src/order';

export interface LiveOptions {
  budgetMs: number;
  isEnabled: (id: string) => boolean;
  onRuleError: (id: string, e: Error) => void;
  /** The document's path and the files beside it, when it has a path. */
  file?: FileContext;
}

export class LiveDocument extends LiveText {
  private tree: Tree | undefined;
  readonly dialect: Dialect;
  /** Facts about top-level names that rules consulted (see TopLevelFacts). */
  private facts = new TopLevelFacts();
  /** Whole-file patterns that conditions tested, with their outcomes: re-tested after each edit. */
  private fileConditions: FileConditionLog = new Map();
  /** The words of the text, and some no longer in it: what rules with anchors are gated on (analyzer fills it). */
  private words = new Set<string>();
  /** False after an incremental update that left syntax errors: see settle(). */
  private settled = true;

  private constructor(
    private readonly engine: Engine,
    uri: string,
    readonly language: TreeLanguageId,
    doc: TextDocument,
    private readonly options: LiveOptions,
  ) {
    super(uri, doc);
    this.dialect = DIALECTS[language];
  }

  static async open(engine: Engine, uri: string, language: TreeLanguageId, version: number, text: string, options: LiveOptions): Promise<LiveDocument> {
    const live = new LiveDocument(engine, uri, language, TextDocument.create(uri, language, version, text), options);
    await live.analyzeFully();
    return live;
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
    // A fresh parse, then re-analysis only where it differs from the incremental tree: usually nowhere.
    const fresh = await this.engine.parse(this.language, this.doc.getText(), null, this.options.budgetMs);
    const before = this.raw.map(f => `${f.ruleId}@${f.startIndex}:${f.endIndex}`).join();
    await this.replaceTree(this.tree, fresh, [], new Set(), true);
    this.settled = true;
    return this.raw.map(f => `${f.ruleId}@${f.startIndex}:${f.endIndex}`).join() !== before;
  }

  needsSettling(): boolean {
    return !this.settled;
  }

  /** Re-parse and re-analyse everything (open, full-text sync, settings or rules changed). */
  async analyzeFully(): Promise<void> {
    const tree = await this.engine.parse(this.language, this.doc.getText(), null, this.options.budgetMs);
    this.tree?.delete();
    this.tree = tree;
    this.facts = new TopLevelFacts();
    this.fileConditions = new Map();
    this.words = new Set();
    this.raw = await this.engine.analyze(this.language, tree, this.analyzeOptions());
    this.lastStats = { analyzedLength: this.doc.getText().length, full: true };
  }

  /** True when a whole-file pattern a condition tested now gives another answer: re-analyse everything. */
  private fileConditionsChanged(text: string): boolean {
    for (const { regex, outcome } of this.fileConditions.values()) {
      regex.lastIndex = 0;
      if (regex.test(text) !== outcome) return true;
    }
    return false;
  }

  private analyzeOptions(range?: Region) {
    return {
      isEnabled: this.options.isEnabled,
      onRuleError: this.options.onRuleError,
      topLevelFacts: this.facts,
      file: this.options.file,
      fileConditions: this.fileConditions,
      presentWords: this.words,
      ...(range ? { startIndex: range[0], endIndex: range[1] } : {}),
    };
  }

  /**
   * Frees the syntax tree (the findings stay): the server keeps trees only for the documents edited most
   * recently, since the wasm heap never shrinks. The next edit re-parses the text first.
   */
  releaseTree(): void {
    this.tree?.delete();
    this.tree = undefined;
  }

  hasTree(): boolean {
    return !!this.tree;
  }

  async applyChanges(changes: TextDocumentContentChangeEvent[], version: number): Promise<void> {
    if (!this.tree && changes.every(c => 'range' in c)) {
      // Released earlier: rebuild the tree of the text the findings belong to, then go on incrementally.
      this.tree = await this.engine.parse(this.language, this.doc.getText(), null, this.options.budgetMs);
    }
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
      const span = spanOf(this.doc, change);
      const { startIndex, oldEndIndex, newEndIndex, start, oldEnd, newEnd } = span;
      // the text first: if anything below fails, the session re-analyses from a text that is right
      this.doc = TextDocument.update(this.doc, [change], version);
      this.topLevelNames(oldTree.rootNode, startIndex, oldEndIndex, touched);
      oldTree.edit(new Edit({
        startIndex, oldEndIndex, newEndIndex,
        startPosition: { row: start.line, column: start.character },
        oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
        newEndPosition: { row: newEnd.line, column: newEnd.character },
      }));
      this.raw = shiftFindings(this.raw, span);
      dirty = addDirty(dirty, span);
    }
    const text = this.doc.getText();
    let newTree: Tree;
    try {
      newTree = await this.engine.parse(this.language, text, oldTree, this.options.budgetMs);
    } catch (e) {
      oldTree.delete();
      this.tree = undefined;
      throw e;
    }
    await this.replaceTree(oldTree, newTree, dirty, touched, hadErrors);
  }

  /**
   * Swaps in `newTree` (parsed from the current text) for `oldTree` (edited to the same coordinates, or
   * parsed from the same text) and re-analyses what may have changed: the regions in `dirty`, what
   * tree-sitter reports as changed between the trees, the functions enclosing those in either tree, and
   * the readers of top-level names whose values changed.
   */
  private async replaceTree(oldTree: Tree, newTree: Tree, dirty: Region[], touched: Set<string>, hadErrors: boolean): Promise<void> {
    const text = this.doc.getText();
    try {
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
    // Facts survive only while the code parses: error recovery can move statements in and out of
    // functions without touching a binding.
    const trusted = !hadErrors && !newTree.rootNode.hasError;
    if (!trusted) this.facts = new TopLevelFacts();
    const readers = touched.size ? this.readersOf(newTree.rootNode, text, touched, trusted) : [];
    if (readers === undefined || this.fileConditionsChanged(text)) {
      this.facts = new TopLevelFacts();
      this.fileConditions = new Map();
      this.words = new Set();
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
    this.raw.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex || byCodeUnits(a.ruleId, b.ruleId));
    this.lastStats = { analyzedLength: analyzed, full: false };
  }

  /** The region re-analysis must cover for a change in [s, e): the enclosing function, else statement. */
  private widen(root: Node, [s, e]: Region): Region {
    const node = root.descendantForIndex(s, Math.max(s, e)) ?? root;
    if (node.id === root.id) {
      // Between top-level statements (or a range spanning several): those statements, not the whole file.
      const touching = node.children.filter(c => c.startIndex <= e && c.endIndex >= s);
      if (!touching.length) return [s, e];
      return [Math.min(s, touching[0].startIndex), Math.max(e, touching[touching.length - 1].endIndex)];
    }
    const chain = [...ancestorsOf(node), node];
    // A nested function reads only its own and top-level values, but an enclosing function reads values
    // assigned in it: take the outermost function so every reader of a changed value is re-run.
    const outer = chain.find(n => this.dialect.scopes.has(n.type));
    if (outer) return [Math.min(outer.startIndex, s), Math.max(outer.endIndex, e)];
    // Outside functions: the top-level statement, and its neighbours (error recovery can reshape them).
    const top = chain[1] ?? node;
    const before = top.previousSibling;
    const after = top.nextSibling;
    return [Math.min(before?.startIndex ?? top.startIndex, s), Math.max(after?.endIndex ?? top.endIndex, e)];
  }

  /** Adds to `into` the names of top-level bindings (outside every function) that overlap [s, e). */
  private topLevelNames(root: Node, s: number, e: number, into: Set<string>): void {
    const node = root.descendantForIndex(s, Math.max(s, e)) ?? root;
    const chain = [...ancestorsOf(node), node];
    // Inside a function nothing is top-level: that function's own re-analysis covers the change.
    if (chain.some(p => this.dialect.scopes.has(p.type))) return;
    const ancestors = chain.filter(p => p.type in this.dialect.bindings);
    // Bindings inside the changed span (searched by rows, not over the whole file), outside functions.
    const types = Object.keys(this.dialect.bindings);
    // descendantsOfType visits the whole subtree whatever the range: search only the statements involved.
    const bases = node.id === root.id ? topLevelOverlapping(root.tree, s, e) : [node];
    const inside = bases.flatMap(b => descendantsOfType(b, types)).filter(b => b.startIndex < e + 1 && b.endIndex >= s && !ancestors.some(a => a.id === b.id));
    const topLevel = (b: Node): boolean => !ancestorsOf(b).some(p => this.dialect.scopes.has(p.type));
    for (const b of [...ancestors, ...inside.filter(topLevel)]) {
      for (const { target } of this.dialect.bindings[b.type](b)) {
        if (this.dialect.identifiers.has(target.type)) {
          into.add(target.text);
          continue;
        }
        // Destructuring (`const { exec } = require(…)`, `a, b = f()`): the names it binds; unknown shapes
        // (a member, an index) conservatively mean "anything".
        const names = descendantsOfType(target, ['identifier', 'shorthand_property_identifier_pattern']);
        if (names.length && /pattern|list|tuple/.test(target.type)) for (const n of names) into.add(n.text);
        else into.add('*');
      }
    }
  }

  /**
   * Regions to re-analyse because top-level `names` changed: every statement or function that mentions
   * one of them, after following top-level values built from them (A = B + "x": B changed, so A did) —
   * but only for names whose facts (what rules asked: constness, mentions) differ from before.
   * Undefined when a whole-file analysis is simpler (unknown names, or readers everywhere).
   */
  private readersOf(root: Node, text: string, names: Set<string>, trusted: boolean): Region[] | undefined {
    if (names.has('*')) return undefined;
    const fresh = new TopLevelFacts();
    const resolver = new ValueResolver(root, this.dialect, fresh);
    // Follow top-level values built from a changed name: each place the name is written inside the value
    // of a top-level binding makes that binding's name changed too.
    const closure = new Set(names);
    const work = [...names];
    while (work.length) {
      const name = work.pop()!;
      for (const m of text.matchAll(wordRegex(name))) {
        const at = root.descendantForIndex(m.index!, m.index! + name.length);
        if (!at) continue;
        const chain = ancestorsOf(at);
        if (chain.some(p => this.dialect.scopes.has(p.type))) continue;
        const binding = [...chain].reverse().find(p => p.type in this.dialect.bindings);
        if (!binding) continue;
        for (const { target, value } of this.dialect.bindings[binding.type](binding)) {
          if (m.index! < value.startIndex || m.index! >= value.endIndex || closure.has(target.text)) continue;
          if (resolver.topBindings(target.text).length) {
            closure.add(target.text);
            work.push(target.text);
          }
        }
      }
    }
    // Readers matter only where the answers to what rules asked about a name have changed.
    const changed = new Set<string>();
    for (const n of closure) {
      const old = this.facts.byName.get(n);
      if (!trusted || (old && !resolver.sameFacts(n, old))) changed.add(n);
      const now = fresh.byName.get(n);
      if (now) this.facts.byName.set(n, now);
      else this.facts.byName.delete(n);
    }
    if (!changed.size) return [];
    const regions: Region[] = [];
    for (const n of changed) {
      for (const m of text.matchAll(wordRegex(n))) {
        if (regions.length > MAX_READER_REGIONS) return undefined;
        regions.push(this.widen(root, [m.index!, m.index! + n.length]));
      }
    }
    return regions;
  }
}

const MAX_READER_REGIONS = 200;
