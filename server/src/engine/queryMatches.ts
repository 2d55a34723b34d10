// Runs a compiled query over a tree as web-tree-sitter's Query.matches does, but judges the text
// predicates (#eq?, #any-of?, #match? and their negations) on the raw offsets the C side returns, and
// makes syntax nodes only for the matches that pass. It also judges the type checks of the wildcards
// queryRewrite.ts puts in a query, and leaves their captures out of the matches.
//
// Why: Query.matches builds a Node object for every capture of every raw match before the predicates
// run. With the full rule set that is ~800k raw matches per 42k lines of Python, five in six discarded;
// the allocations took more time than the C matcher itself. Same results, measured in
// test/engine/queryMatches.test.ts against Query.matches over every fixture.
//
// It reads web-tree-sitter 0.26.13's transfer-buffer layout and Node fields (the version is pinned
// exactly); a query with a predicate it does not know is run by Query.matches instead.
import type { Language, Node, Query, QueryCapture, QueryMatch, Tree } from 'web-tree-sitter';
import { TYPE_CAPTURE_PREFIX, TYPE_PREDICATE } from './queryRewrite';
import { addressOf, BufferNode, predicateSteps, transferBuffer, wasmRuntime, type PredicateStep as Step, type WasmRuntime } from './treeSitter';

/** Ints per capture in the transfer buffer: capture id, then a node (id, start index, row, column, address). */
const CAPTURE_INTS = 6;
const NO_LIMIT = 0xffffffff;

/** The raw match being judged: its captures in the wasm heap, with texts read on demand. */
class RawMatch {
  heap!: Int32Array;
  at = 0;
  count = 0;
  private ends = new Int32Array(16);
  tree!: Tree;
  source = '';
  constructor(
    private readonly wasm: WasmRuntime,
    private readonly buffer: number,
  ) {}

  reset(heap: Int32Array, at: number, count: number): void {
    this.heap = heap;
    this.at = at;
    this.count = count;
    if (count > this.ends.length) this.ends = new Int32Array(count * 2);
    this.ends.fill(-1, 0, count);
  }

  captureId(k: number): number {
    return this.heap[this.at + k * CAPTURE_INTS];
  }

  start(k: number): number {
    return this.heap[this.at + k * CAPTURE_INTS + 2];
  }

  end(k: number): number {
    let e = this.ends[k];
    if (e >= 0) return e;
    // ts_node_end_index_wasm reads the node from the transfer buffer, as Node.endIndex marshals it
    const o = this.at + k * CAPTURE_INTS + 1;
    const b = this.buffer >> 2;
    const h = this.heap;
    for (let i = 0; i < 5; i++) h[b + i] = h[o + i];
    e = this.wasm._ts_node_end_index_wasm(addressOf(this.tree));
    this.ends[k] = e;
    return e;
  }

  /** Capture k's node type, as a symbol (ts_node_symbol: the visible type, aliases applied). */
  typeId(k: number): number {
    const o = this.at + k * CAPTURE_INTS + 1;
    const b = this.buffer >> 2;
    const h = this.heap;
    for (let i = 0; i < 5; i++) h[b + i] = h[o + i];
    return this.wasm._ts_node_symbol_wasm(addressOf(this.tree));
  }

  text(k: number): string {
    return this.source.slice(this.start(k), this.end(k));
  }

  /** Whether capture k's text is exactly `value`, without slicing when its first characters differ. */
  textIs(k: number, value: string): boolean {
    const s = this.start(k);
    return this.source.startsWith(value, s) && this.end(k) === s + value.length;
  }

  node(k: number): Node {
    const h = this.heap;
    const o = this.at + k * CAPTURE_INTS;
    return new BufferNode(h[o + 1], this.tree, h[o + 2], h[o + 3], h[o + 4], h[o + 5]) as unknown as Node;
  }
}

type Predicate = (m: RawMatch) => boolean;

/**
 * The same semantics as web-tree-sitter's own predicate functions (parseAnyPredicate and friends), and the
 * type check queryRewrite.ts adds for the parent types it made wildcards.
 */
function compilePredicate(steps: Step[], language: Language | undefined): Predicate | undefined {
  const [op, subject, object] = steps;
  if (!op || !('text' in op) || !subject || !('capture' in subject)) return undefined;
  const cap = subject.capture;
  const values = steps.slice(2).map(s => ('text' in s ? s.text : undefined));
  switch (op.text) {
    case TYPE_PREDICATE: {
      const symbol = object && 'text' in object && language ? language.idForNodeType(object.text, true) : null;
      if (symbol === null) return undefined;
      return m => {
        for (let k = 0; k < m.count; k++) if (m.captureId(k) === cap && m.typeId(k) !== symbol) return false;
        return true;
      };
    }
    case 'eq?':
    case 'not-eq?':
    case 'any-eq?':
    case 'any-not-eq?': {
      if (!object) return undefined;
      const positive = op.text === 'eq?' || op.text === 'any-eq?';
      const every = !op.text.startsWith('any-');
      const other = 'capture' in object ? object.capture : undefined;
      const value = 'text' in object ? object.text : '';
      return m => {
        let all = true;
        let some = false;
        for (let k = 0; k < m.count; k++) {
          if (m.captureId(k) !== cap) continue;
          let ok: boolean;
          if (other === undefined) ok = m.textIs(k, value) === positive;
          else {
            const t = m.text(k);
            ok = false;
            for (let j = 0; j < m.count && !ok; j++) if (m.captureId(j) === other && (m.text(j) === t) === positive) ok = true;
          }
          if (ok) some = true;
          else all = false;
          if (every ? !all : some) break;
        }
        return every ? all : some;
      };
    }
    case 'match?':
    case 'not-match?':
    case 'any-match?':
    case 'any-not-match?': {
      if (!object || !('text' in object)) return undefined;
      const positive = op.text === 'match?' || op.text === 'any-match?';
      const every = !op.text.startsWith('any-');
      const regex = new RegExp(object.text);
      return m => {
        let seen = false;
        let all = true;
        let some = false;
        for (let k = 0; k < m.count; k++) {
          if (m.captureId(k) !== cap) continue;
          seen = true;
          if (regex.test(m.text(k)) === positive) some = true;
          else all = false;
        }
        if (!seen) return !positive;
        return every ? all : some;
      };
    }
    case 'any-of?':
    case 'not-any-of?': {
      if (values.some(v => v === undefined)) return undefined;
      const positive = op.text === 'any-of?';
      const list = values as string[];
      return m => {
        let seen = false;
        let all = true;
        for (let k = 0; k < m.count && all; k++) {
          if (m.captureId(k) !== cap) continue;
          seen = true;
          if (!list.some(v => m.textIs(k, v))) all = false;
        }
        return seen ? all === positive : !positive;
      };
    }
  }
  return undefined;
}

/** Each pattern's predicates, read from the compiled query; undefined when one is of an unknown kind. */
function readPredicates(wasm: WasmRuntime, query: Query, language: Language | undefined): Predicate[][] | undefined {
  const perPattern: Predicate[][] = [];
  const steps = predicateSteps(wasm, query);
  for (let p = 0; p < steps.length; p++) {
    const predicates: Predicate[] = [];
    // type checks first: they need no text, and a wildcard that matched the wrong type fails at once
    const ordered = [...steps[p]].sort((a, b) => Number(isTypeCheck(b)) - Number(isTypeCheck(a)));
    for (const predicate of ordered) {
      const compiled = compilePredicate(predicate, language);
      if (!compiled) return undefined;
      predicates.push(compiled);
    }
    if (query.predicates[p].some(q => q.operator !== TYPE_PREDICATE) || Object.keys(query.setProperties[p] ?? {}).length || Object.keys(query.assertedProperties[p] ?? {}).length || Object.keys(query.refutedProperties[p] ?? {}).length) return undefined;
    perPattern.push(predicates);
  }
  return perPattern;
}

function isTypeCheck(steps: Step[]): boolean {
  return 'text' in steps[0] && steps[0].text === TYPE_PREDICATE;
}

/**
 * A tree's root node as the transfer buffer holds it (id, start index, row, column, address), read once per
 * tree: the engine queries a tree only as parsed (a live document edits the old tree, then queries the new).
 */
const roots = new WeakMap<Tree, Int32Array>();
function rootFields(tree: Tree): Int32Array {
  let fields = roots.get(tree);
  if (!fields) {
    const root = tree.rootNode;
    fields = Int32Array.of(root.id, root.startIndex, root.startPosition.row, root.startPosition.column, addressOf(root));
    roots.set(tree, fields);
  }
  return fields;
}

export interface MatchRange {
  /** Byte offsets, as Query.matches takes them (web-tree-sitter 0.26 counts 2 bytes per UTF-16 unit). */
  startIndex: number;
  endIndex: number;
}

/** Query.matches for one compiled query, with its predicates read once. */
export class QueryRunner {
  private readonly wasm = wasmRuntime();
  private readonly predicates: Predicate[][] | undefined;
  private readonly buffer = transferBuffer();

  /** Reused by every run (a rule runs thousands of times per scan, over small ranges). */
  private readonly raw = new RawMatch(this.wasm, this.buffer);
  /** Capture ids the rewrite added (queryRewrite.ts): checked, then left out of the matches. */
  private readonly typeCaptures: boolean[];
  /** Per pattern: whether the rewrite gave it type captures (then a match can come once per alternation branch). */
  private readonly rewritten: boolean[];

  /** `language` is needed for a query rewritten by queryRewrite.ts, whose type checks name node types. */
  constructor(readonly query: Query, language?: Language) {
    this.predicates = readPredicates(this.wasm, query, language);
    this.typeCaptures = query.captureNames.map(n => n.startsWith(TYPE_CAPTURE_PREFIX));
    // a capture is in a pattern unless its quantifier there is Zero (0)
    this.rewritten = query.captureQuantifiers.map(quantifiers => this.typeCaptures.some((type, id) => type && quantifiers[id] !== 0));
    if (!this.predicates && this.rewritten.some(Boolean)) throw new Error('a rewritten query must run on the fast path: its type checks are judged only there');
  }

  /** Whether matches go through the fast path (every predicate is of a kind it knows). */
  get fast(): boolean {
    return this.predicates !== undefined;
  }

  /** The matches of the query in `tree` (whose text is `source`), in Query.matches' order. */
  matches(tree: Tree, source: string, range?: MatchRange, maxStartDepth?: number): QueryMatch[] {
    if (!this.predicates) return this.query.matches(tree.rootNode, { ...range, maxStartDepth });
    const wasm = this.wasm;
    const buffer = this.buffer;
    const b = buffer >> 2;
    const root = rootFields(tree);
    let h = wasm.HEAP32;
    for (let i = 0; i < 5; i++) h[b + i] = root[i];
    wasm._ts_query_matches_wasm(addressOf(this.query), addressOf(tree), 0, 0, 0, 0, range?.startIndex ?? 0, range?.endIndex ?? 0, 0, 0, 0, 0, 0, 0, NO_LIMIT, maxStartDepth ?? NO_LIMIT);
    h = wasm.HEAP32; // the heap may have grown
    const rawCount = h[b];
    const start = h[b + 1];
    const names = this.query.captureNames;
    const m = this.raw;
    m.tree = tree;
    m.source = source;
    const out: QueryMatch[] = [];
    let returned: Set<string> | undefined; // only for rewritten patterns
    try {
      for (let i = 0, at = start >> 2; i < rawCount; i++) {
        const patternIndex = h[at];
        const count = h[at + 1];
        m.reset(h, at + 2, count);
        at += 2 + count * CAPTURE_INTS;
        if (!this.predicates[patternIndex].every(p => p(m))) continue;
        const captures: QueryCapture[] = [];
        const rewritten = this.rewritten[patternIndex];
        let key = rewritten ? `${patternIndex}` : '';
        for (let k = 0; k < count; k++) {
          const id = m.captureId(k);
          if (this.typeCaptures[id]) continue;
          const node = m.node(k);
          captures.push({ patternIndex, name: names[id], node });
          if (rewritten) key += `,${id}:${node.id}`;
        }
        if (rewritten) {
          // tree-sitter merges matches with the same captures; in a rewritten alternation each branch has
          // its own type capture, so the same match can come once per branch that fits
          returned ??= new Set();
          if (returned.has(key)) continue;
          returned.add(key);
        }
        out.push({ patternIndex, captures });
      }
    } finally {
      wasm._free(start);
    }
    return out;
  }
}
