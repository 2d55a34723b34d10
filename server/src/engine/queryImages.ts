// Owns precompiled queries. Compiling a query (ts_query_new) analyses each pattern against the grammar's
// parse table: ~0.2-0.3 s for one language's rules, paid again by every thread and every process that
// meets the language — the largest fixed cost of a scan. What it produces is plain data (tree-sitter's
// TSQuery struct and the arrays it points to) that depends only on the query's source, the grammar and
// the runtime. So the build compiles every query of the bundled rules once and saves that data, an
// image, in dist/queries/<language>.bin; at run time a query whose source has an image is rebuilt from it
// (~0.05 ms) and handed to web-tree-sitter's own Query constructor, which reads names and predicates from
// it as from a query it has just compiled. Any other source (a workspace's rules) is compiled as before.
// The file also keeps each rule query's rewritten form (queryRewrite.ts), which is what is compiled: reading it
// (~5 µs) spares parsing the query again in every thread (~0.15 ms a query, ~8 ms for one language's rules).
//
// It reads web-tree-sitter 0.26.13's TSQuery layout (wasm32, lib/query.c; the version is pinned exactly).
// An image file made with another runtime or grammar is not used: its header names both (the runtime's
// hash, the grammar's size and counts). test/engine/queryImages.test.ts checks that every query the
// bundled rules compile has an image, byte for byte what ts_query_new makes of its source today.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Query, type Language } from 'web-tree-sitter';
import type { TreeLanguageId } from '../../../common/src/types';
import { LANGUAGES } from './languages';
import { addressOf, findAssetsDir, wasmRuntime, type WasmRuntime } from './treeSitter';

/** sizeof(TSQuery) on wasm32: thirteen Array(T) headers ({T *contents; uint32_t size, capacity}), language, a uint16. */
const STRUCT_BYTES = 164;
const ARRAY_HEADER = 12;
const LANGUAGE_FIELD = 156;
/** Bytes of the struct that are fields: uint16 wildcard_root_pattern_count ends at 162, then padding. */
const STRUCT_USED = 162;

/**
 * Each Array(T) field of TSQuery: its offset in the struct, sizeof(T), and how many bytes of T are fields
 * (the rest is padding, which C leaves as it finds it).
 */
const ARRAYS: { field: string; offset: number; element: number; used?: number; nested?: true }[] = [
  { field: 'captures.characters', offset: 0, element: 1 },
  { field: 'captures.slices', offset: 12, element: 8 },
  { field: 'predicate_values.characters', offset: 24, element: 1 },
  { field: 'predicate_values.slices', offset: 36, element: 8 },
  // Array(CaptureQuantifiers): arrays of Array(uint8_t)
  { field: 'capture_quantifiers', offset: 48, element: 1, nested: true },
  // QueryStep: 7 uint16 fields (capture_ids is 3 of them), then 11 one-bit flags
  { field: 'steps', offset: 60, element: 20 },
  // PatternEntry: uint16 step_index, uint16 pattern_index, bool is_rooted
  { field: 'pattern_map', offset: 72, element: 6, used: 5 },
  { field: 'predicate_steps', offset: 84, element: 8 },
  // QueryPattern: Slice steps, Slice predicate_steps, uint32 start_byte, uint32 end_byte, bool is_non_local
  { field: 'patterns', offset: 96, element: 28, used: 25 },
  // StepOffset: uint32 byte_offset, uint16 step_index
  { field: 'step_offsets', offset: 108, element: 8, used: 6 },
  { field: 'negated_fields', offset: 120, element: 2 },
  // freed by ts_query_new before it returns: always empty
  { field: 'string_buffer', offset: 132, element: 1 },
  { field: 'repeat_symbols_with_rootless_patterns', offset: 144, element: 2 },
];

const MAGIC = 'skeptic-query-images 2';

/** What an image file was made with: a file whose header differs from the running ones is not used. */
interface ImageHeader {
  magic: string;
  /** sha256 of web-tree-sitter.wasm: the TSQuery layout is that build's. */
  runtime: string;
  grammar: GrammarIdentity;
  /** sha256 of a query's source -> [offset, length] of its image after the header. */
  queries: Record<string, [number, number]>;
  /** sha256 of a rule query as written -> [offset, length] of its rewritten form (UTF-8) after the header. */
  rewrites: Record<string, [number, number]>;
}

export interface GrammarIdentity {
  bytes: number;
  abi: number;
  nodeTypes: number;
  fields: number;
}

export const imagesDir = (assets = findAssetsDir()): string => path.join(assets, 'queries');
export const imageFile = (language: TreeLanguageId, assets?: string): string => path.join(imagesDir(assets), `${language}.bin`);
const sourceKey = (source: string): string => createHash('sha256').update(source).digest('hex');

let runtimeHash: string | undefined;
export function runtimeIdentity(assets = findAssetsDir()): string {
  return (runtimeHash ??= createHash('sha256').update(fs.readFileSync(path.join(assets, 'web-tree-sitter.wasm'))).digest('hex'));
}

export function grammarIdentity(language: TreeLanguageId, grammar: Language, assets = findAssetsDir()): GrammarIdentity {
  return { bytes: fs.statSync(path.join(assets, 'grammars', LANGUAGES[language].wasm)).size, abi: grammar.abiVersion, nodeTypes: grammar.nodeTypeCount, fields: grammar.fieldCount };
}

/**
 * A compiled query as bytes: the struct with its array headers and language zeroed (they are the heap's,
 * written anew when the query is rebuilt), then each array as its length and elements; an array of arrays as its length and
 * each inner array so. Padding is zeroed too, so that the same source gives the same bytes.
 */
export function imageOf(query: Query): Uint8Array {
  const heap = wasmRuntime().HEAPU8;
  const view = new DataView(heap.buffer);
  const address = addressOf(query);
  const struct = heap.slice(address, address + STRUCT_BYTES);
  const structView = new DataView(struct.buffer);
  for (const a of ARRAYS) struct.fill(0, a.offset, a.offset + ARRAY_HEADER); // pointer, size and capacity: written on rebuild
  structView.setUint32(LANGUAGE_FIELD, 0, true);
  struct.fill(0, STRUCT_USED);
  const chunks: Uint8Array[] = [struct];
  const length = (n: number): void => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(n);
    chunks.push(bytes);
  };
  /** The array whose header is at `at`: its length, then its elements with their padding zeroed. */
  const array = (at: number, element: number, used = element): void => {
    const size = view.getUint32(at + 4, true);
    const contents = view.getUint32(at, true);
    const elements = heap.slice(contents, contents + size * element);
    if (used < element) for (let i = 0; i < size; i++) elements.fill(0, i * element + used, (i + 1) * element);
    length(size);
    chunks.push(elements);
  };
  for (const a of ARRAYS) {
    if (!a.nested) {
      array(address + a.offset, a.element, a.used);
      continue;
    }
    const size = view.getUint32(address + a.offset + 4, true);
    const contents = view.getUint32(address + a.offset, true);
    length(size);
    for (let i = 0; i < size; i++) array(contents + i * ARRAY_HEADER, a.element);
  }
  return Buffer.concat(chunks);
}

/** Rebuilds a query from its image in the wasm heap, for `grammar`; returns the TSQuery's address. */
function restore(wasm: WasmRuntime, image: Uint8Array, grammar: Language): number {
  const imageView = new DataView(image.buffer, image.byteOffset, image.byteLength);
  let read = 0;
  const take = (n: number): Uint8Array => image.subarray(read, (read += n));
  const length = (): number => imageView.getUint32((read += 4) - 4, true);
  const setHeader = (at: number, contents: number, size: number): void => {
    const view = new DataView(wasm.HEAPU8.buffer); // malloc may have grown the heap: a view per write
    view.setUint32(at, contents, true);
    view.setUint32(at + 4, size, true);
    view.setUint32(at + 8, size, true);
  };
  /** Copies the next array of the image into the heap and points the header at `at` to it. */
  const array = (at: number, element: number): void => {
    const size = length();
    const contents = size ? wasm._malloc(size * element) : 0;
    if (size) wasm.HEAPU8.set(take(size * element), contents);
    setHeader(at, contents, size);
  };
  // Every pointer written is one malloc'd here: ts_query_delete frees them as it frees its own.
  const address = wasm._malloc(STRUCT_BYTES);
  wasm.HEAPU8.set(take(STRUCT_BYTES), address);
  for (const a of ARRAYS) {
    if (!a.nested) {
      array(address + a.offset, a.element);
      continue;
    }
    const size = length();
    const contents = size ? wasm._malloc(size * ARRAY_HEADER) : 0;
    for (let i = 0; i < size; i++) array(contents + i * ARRAY_HEADER, a.element);
    setHeader(address + a.offset, contents, size);
  }
  new DataView(wasm.HEAPU8.buffer).setUint32(address + LANGUAGE_FIELD, addressOf(grammar), true);
  if (read !== image.length) throw new Error(`a query image has ${image.length - read} bytes too many: rebuild with \`npm run build\``);
  return address;
}

/** One language's images, as read from its file. */
export interface LanguageImages {
  data: Buffer;
  /** Where the images start, after the header. */
  start: number;
  queries: Record<string, [number, number]>;
  rewrites: Record<string, [number, number]>;
}

/**
 * The images in `file`, or null when there is no such file or it was made with another runtime or grammar
 * than those running now (an image is the compiled form for one pair only).
 */
export function readImages(file: string, runtime: string, grammar: GrammarIdentity): LanguageImages | null {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return null; // a build without images, or a language without rules: queries are compiled
  }
  let header: ImageHeader;
  let start: number;
  try {
    start = 4 + data.readUInt32LE(0);
    header = JSON.parse(data.toString('utf8', 4, start)) as ImageHeader;
  } catch {
    return null; // not an image file (damaged): compiling is slower, never wrong
  }
  const fits = header.magic === MAGIC && header.runtime === runtime && (Object.keys(grammar) as (keyof GrammarIdentity)[]).every(k => header.grammar?.[k] === grammar[k]);
  const whole = fits && [...Object.values(header.queries), ...Object.values(header.rewrites ?? {})].every(([offset, length]) => start + offset + length <= data.length);
  return whole ? { data, start, queries: header.queries, rewrites: header.rewrites ?? {} } : null;
}

const loaded = new Map<TreeLanguageId, LanguageImages | null>();

function imagesFor(language: TreeLanguageId, grammar: Language): LanguageImages | null {
  let images = loaded.get(language);
  if (images === undefined) loaded.set(language, (images = readImages(imageFile(language), runtimeIdentity(), grammarIdentity(language, grammar))));
  return images;
}

/** Counts for tests and benchmarks: queries rebuilt from images or compiled, rewrites read or made. */
export const imageUse = { restored: 0, compiled: 0, rewritesRead: 0, rewritesMade: 0 };

/**
 * What queryRewrite.ts makes of a rule query (`source`, as written): read from the images when the build
 * saved it (and `useImages` is not false), else `rewrite()`.
 */
export function rewrittenQuery(language: TreeLanguageId, grammar: Language, source: string, rewrite: () => string, useImages = true): string {
  const images = useImages ? imagesFor(language, grammar) : null;
  const at = images?.rewrites[sourceKey(source)];
  if (!images || !at) {
    imageUse.rewritesMade++;
    return rewrite();
  }
  imageUse.rewritesRead++;
  return images.data.toString('utf8', images.start + at[0], images.start + at[0] + at[1]);
}

/**
 * The query for `source`: rebuilt from its image when the build made one (and `useImages` is not false),
 * else compiled. Throws web-tree-sitter's QueryError for a source that does not compile.
 */
export function compileQuery(language: TreeLanguageId, grammar: Language, source: string, useImages = true): Query {
  const images = useImages ? imagesFor(language, grammar) : null;
  const at = images?.queries[sourceKey(source)];
  if (!images || !at) {
    imageUse.compiled++;
    return new Query(grammar, source);
  }
  const wasm = wasmRuntime();
  const address = restore(wasm, images.data.subarray(images.start + at[0], images.start + at[0] + at[1]), grammar);
  // web-tree-sitter's constructor calls the module's ts_query_new and then reads everything else from the
  // struct it returns: handing it the rebuilt one gives a Query exactly like a compiled one.
  const compile = wasm._ts_query_new;
  wasm._ts_query_new = () => address;
  try {
    imageUse.restored++;
    return new Query(grammar, source);
  } finally {
    wasm._ts_query_new = compile;
  }
}

/**
 * Writes one language's image file (the build): each query's image under the hash of its source, and each
 * rule query's rewritten form under the hash of the query as written. Returns the images' bytes.
 */
export function writeImages(language: TreeLanguageId, grammar: Language, queries: Map<string, Query>, rewrites: Map<string, string>, assets = findAssetsDir()): number {
  const blobs: Uint8Array[] = [];
  const index: Record<string, [number, number]> = {};
  const rewriteIndex: Record<string, [number, number]> = {};
  let offset = 0;
  for (const [source, query] of queries) {
    const image = imageOf(query);
    index[sourceKey(source)] = [offset, image.length];
    blobs.push(image);
    offset += image.length;
  }
  const imageBytes = offset;
  for (const [written, rewritten] of rewrites) {
    const text = Buffer.from(rewritten);
    rewriteIndex[sourceKey(written)] = [offset, text.length];
    blobs.push(text);
    offset += text.length;
  }
  const header: ImageHeader = { magic: MAGIC, runtime: runtimeIdentity(assets), grammar: grammarIdentity(language, grammar, assets), queries: index, rewrites: rewriteIndex };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  fs.mkdirSync(imagesDir(assets), { recursive: true });
  fs.writeFileSync(imageFile(language, assets), Buffer.concat([length, headerBytes, ...blobs]));
  return imageBytes;
}
