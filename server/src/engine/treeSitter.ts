// Owns web-tree-sitter: one runtime init per process, grammars loaded lazily on first use of a language,
// and where the .wasm files live (beside the bundle in dist/, or dist/ of the checkout for tests).
import * as fs from 'fs';
import * as path from 'path';
import { Parser, Language, Node, type Query, type Tree } from 'web-tree-sitter';
import type { TreeLanguageId } from '../../../common/src/types';
import { LANGUAGES } from './languages';

/** The parts of web-tree-sitter 0.26.13's wasm module that queryMatches.ts and queryImages.ts use directly. */
export interface WasmRuntime {
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  _ts_init(): number;
  _malloc(bytes: number): number;
  _free(address: number): void;
  /** Replaced for one constructor call by queryImages.ts, which hands web-tree-sitter a rebuilt query. */
  _ts_query_new(...args: number[]): number;
  _ts_query_matches_wasm(...args: number[]): void;
  _ts_node_end_index_wasm(tree: number): number;
  _ts_node_descendants_of_type_wasm(tree: number, symbols: number, count: number, startRow: number, startColumn: number, endRow: number, endColumn: number): void;
  _ts_node_symbol_wasm(tree: number): number;
  _ts_query_predicates_for_pattern(query: number, pattern: number, out: number): number;
  _ts_query_string_count(query: number): number;
  _ts_query_string_value_for_id(query: number, id: number, out: number): number;
  UTF8ToString(address: number, length: number): string;
}

/** The wasm runtime, once initTreeSitter has resolved. */
export function wasmRuntime(): WasmRuntime {
  if (!runtime) throw new Error('web-tree-sitter is not initialised: await initTreeSitter() first');
  return runtime;
}

/** The wasm address web-tree-sitter keeps at index 0 of its Tree, Node, Query and Language objects. */
export function addressOf(o: Tree | Node | Query | Language): number {
  return (o as unknown as { 0: number })[0];
}

/** A Node made from transfer-buffer fields: the fields web-tree-sitter's own Node constructor sets. */
export class BufferNode {
  [0]: number;
  id: number;
  tree: Tree;
  startIndex: number;
  startPosition: { row: number; column: number };
  constructor(id: number, tree: Tree, startIndex: number, row: number, column: number, address: number) {
    this[0] = address;
    this.id = id;
    this.tree = tree;
    this.startIndex = startIndex;
    this.startPosition = { row, column };
  }
}
Object.setPrototypeOf(BufferNode.prototype, Node.prototype);

/** Ints per node in web-tree-sitter's transfer buffer: id, start index, row, column, address. */
const NODE_INTS = 5;
let transferAddress: number | undefined;
/** web-tree-sitter's transfer buffer, where its C side reads and writes nodes and counts (ts_init returns its fixed address). */
export function transferBuffer(): number {
  return (transferAddress ??= wasmRuntime()._ts_init());
}
/** Each grammar's symbol lists for node types, in the wasm heap (a few per dialect, kept for the process). */
const symbolLists = new WeakMap<Language, Map<string, { address: number; count: number }>>();

/**
 * `node.descendantsOfType(types)`: the same nodes, in the same order, without what web-tree-sitter 0.26.13
 * does on every call (scan the grammar's whole symbol table for the types, allocate and fill a symbol list,
 * read each node through getValue). Value following asks this thousands of times per scan.
 */
export function descendantsOfType(node: Node, types: readonly string[]): Node[] {
  const wasm = wasmRuntime();
  const tree = node.tree;
  let lists = symbolLists.get(tree.language);
  if (!lists) symbolLists.set(tree.language, (lists = new Map()));
  const key = types.join('\0');
  let list = lists.get(key);
  if (!list) {
    const symbols: number[] = types.includes('ERROR') ? [0xffff] : [];
    tree.language.types.forEach((type, id) => {
      if (types.includes(type)) symbols.push(id);
    });
    const address = wasm._malloc(4 * Math.max(1, symbols.length));
    wasm.HEAP32.set(symbols, address >> 2);
    lists.set(key, (list = { address, count: symbols.length }));
  }
  const b = transferBuffer() >> 2;
  let h = wasm.HEAP32;
  h[b] = node.id;
  h[b + 1] = node.startIndex;
  h[b + 2] = node.startPosition.row;
  h[b + 3] = node.startPosition.column;
  h[b + 4] = addressOf(node);
  wasm._ts_node_descendants_of_type_wasm(addressOf(tree), list.address, list.count, 0, 0, 0, 0);
  h = wasm.HEAP32; // the heap may have grown
  const count = h[b];
  const found = h[b + 1];
  const nodes = new Array<Node>(count);
  for (let i = 0, o = found >> 2; i < count; i++, o += NODE_INTS) nodes[i] = new BufferNode(h[o], tree, h[o + 1], h[o + 2], h[o + 3], h[o + 4]) as unknown as Node;
  wasm._free(found);
  return nodes;
}

/** One step of a query predicate: a capture (by id) or a string. */
export type PredicateStep = { capture: number } | { text: string };

/** Each pattern's predicates as web-tree-sitter 0.26.13 stores them: lists of steps, operator first. */
export function predicateSteps(wasm: WasmRuntime, query: Query): PredicateStep[][][] {
  const address = addressOf(query);
  const buffer = transferBuffer() >> 2;
  const strings: string[] = [];
  for (let i = 0, n = wasm._ts_query_string_count(address); i < n; i++) {
    const at = wasm._ts_query_string_value_for_id(address, i, buffer << 2);
    strings.push(wasm.UTF8ToString(at, wasm.HEAP32[buffer]));
  }
  const perPattern: PredicateStep[][][] = [];
  for (let p = 0; p < query.patternCount(); p++) {
    let at = wasm._ts_query_predicates_for_pattern(address, p, buffer << 2) >> 2;
    const stepCount = wasm.HEAP32[buffer];
    const predicates: PredicateStep[][] = [];
    let steps: PredicateStep[] = [];
    for (let j = 0; j < stepCount; j++) {
      const type = wasm.HEAP32[at++];
      const id = wasm.HEAP32[at++];
      if (type !== 0) steps.push(type === 1 ? { capture: id } : { text: strings[id] });
      else {
        predicates.push(steps);
        steps = [];
      }
    }
    perPattern.push(predicates);
  }
  return perPattern;
}

/**
 * The whole text a tree was parsed from. The engine parses strings, for which web-tree-sitter keeps
 * `index => text.slice(index)`; rootNode.text is not it when the file starts or ends with blank space.
 */
export function sourceOf(tree: Tree): string {
  return (tree as unknown as { textCallback: (index: number, at: { row: number; column: number }) => string | undefined }).textCallback(0, { row: 0, column: 0 }) ?? '';
}

let assetsDir: string | undefined;

/** dist/ holds web-tree-sitter.wasm, grammars/*.wasm and rules.json; found from this module's location. */
export function findAssetsDir(): string {
  if (assetsDir) return assetsDir;
  const fromEnv = process.env.SKEPTIC_ASSETS;
  const candidates: string[] = fromEnv ? [fromEnv] : [];
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    candidates.push(dir, path.join(dir, 'dist'));
  }
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, 'grammars', LANGUAGES.python.wasm))) return (assetsDir = c);
  }
  throw new Error('Skeptic cannot find its grammar files (dist/grammars). Run `npm run build` first.');
}

let initPromise: Promise<void> | undefined;
const languages = new Map<TreeLanguageId, Promise<Language>>();
/** The emscripten module: web-tree-sitter turns the options object given to Parser.init into it. */
let runtime: WasmRuntime | undefined;

export function initTreeSitter(): Promise<void> {
  if (!initPromise) {
    const moduleOptions = { locateFile: () => path.join(findAssetsDir(), 'web-tree-sitter.wasm') };
    initPromise = Parser.init(moduleOptions).then(() => void (runtime = moduleOptions as unknown as WasmRuntime));
  }
  return initPromise;
}

/** The grammar for a language, loaded on first use and cached for the life of the process. */
export function loadLanguage(id: TreeLanguageId): Promise<Language> {
  let p = languages.get(id);
  if (!p) {
    // read here, not by Language.load: its own reading is a dynamic import(), which code compiled with
    // V8's code cache (bin/load.js) cannot make
    p = initTreeSitter().then(() => Language.load(fs.readFileSync(path.join(findAssetsDir(), 'grammars', LANGUAGES[id].wasm))));
    languages.set(id, p);
  }
  return p;
}
