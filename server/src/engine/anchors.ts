// Anchors: the words a rule's matches cannot do without, so that a rule runs only where they occur.
//
// Why: tree-sitter cannot test a node's text while matching, so a pattern such as
// `(call function: (attribute attribute: (identifier) @_f)) (#eq? @_f "extractall")` matches every call
// and the predicate throws nearly all of them away afterwards. With the whole rule set in one query that
// was ~470k raw matches per 42k lines of Python, and most of the scan time. A pattern whose predicate
// requires a capture to be one of a few words (`#eq?`, `#any-of?` on a capture that every match has) can
// only match where one of those words is written; running the rule's own query over just those places
// gives the same matches for a fraction of the work.
//
// Anchors are derived from the compiled query (deriveAnchors: at build time, into rules.json), never
// written by hand; test/engine/queryMatches.test.ts checks that they never change a finding.
import type { Node, Query } from 'web-tree-sitter';
import { requiredWords } from './requiredWords';
import { predicateSteps, type WasmRuntime } from './treeSitter';

/**
 * Per pattern of a rule's query: sets of words, each of which holds one word of every match's text. A
 * pattern with none (an empty list) runs in the language's shared query (RuleSet splits the rule).
 */
export type Anchors = string[][][];

/** Words as the index cuts them ([A-Za-z_$][\w$]*): an anchor must be one whole such word. */
const WHOLE_WORD = /^[A-Za-z_$][\w$]*$/;
/** Per ASCII code: 1 starts a word, 2 continues one (a digit), 0 neither. Other codes end a word. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD_CHAR[c] = /[A-Za-z_$]/.test(String.fromCharCode(c)) ? 1 : /\d/.test(String.fromCharCode(c)) ? 2 : 0;

/** tree-sitter's quantifiers for a capture that every match of the pattern has (One, OneOrMore). */
const ALWAYS_CAPTURED = new Set([3, 4]);

/**
 * The anchors of a compiled query, or undefined when no pattern has any (the rule then runs in the
 * language's shared query, everywhere); a pattern without gets an empty list. A pattern's candidates
 * come from each `#eq?`/`#any-of?` that compares an always-present capture with whole words (its text is
 * one of them), and each `#match?` on
 * one whose expression requires one of a few words (requiredWords.ts). A capture lies inside its match,
 * so every match contains an occurrence of one of each candidate's words.
 */
export function deriveAnchors(wasm: WasmRuntime, query: Query): Anchors | undefined {
  const steps = predicateSteps(wasm, query);
  const anchors: Anchors = [];
  for (let p = 0; p < steps.length; p++) {
    const candidates: string[][] = [];
    for (const [op, subject, ...values] of steps[p]) {
      if (!op || !('text' in op) || !subject || !('capture' in subject) || !ALWAYS_CAPTURED.has(query.captureQuantifiers[p][subject.capture])) continue;
      const texts = values.map(v => ('text' in v ? v.text : undefined));
      if (op.text === 'eq?' || op.text === 'any-of?') {
        if (texts.length && texts.every(w => w !== undefined && WHOLE_WORD.test(w))) candidates.push([...new Set(texts as string[])]);
      } else if (op.text === 'match?' && texts.length === 1 && texts[0] !== undefined) {
        const words = requiredWords(texts[0]);
        if (words) candidates.push(words);
      }
    }
    anchors.push(candidates);
  }
  return anchors.some(c => c.length) ? anchors : undefined;
}

/** The words a language's anchored rules wait for: a whole-file index need hold no others. */
export class Vocabulary {
  readonly words: ReadonlySet<string>;
  /** wordHash of each word: the index slices out only the words of the text with one of these. */
  readonly hashes: ReadonlySet<number>;

  constructor(words: Iterable<string>) {
    this.words = new Set(words);
    this.hashes = new Set([...this.words].map(w => wordHash(w, 0, w.length)));
  }

  /** The words of the rules' anchors. */
  static of(anchored: readonly { anchors: Anchors }[]): Vocabulary {
    return new Vocabulary(anchored.flatMap(a => a.anchors.flat(2)));
  }
}

/** A 32-bit hash of text[from, to), computed as the index reads a word (no string is made for it). */
function wordHash(text: string, from: number, to: number): number {
  let h = 0;
  for (let i = from; i < to; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * Where each word of a text, or of [from, to) in it, occurs; cut on first use. With a vocabulary, only its
 * words are indexed (most words of a text are no anchor: not making a string for each halves the cost), and
 * only they may be asked for.
 */
export class WordIndex {
  private positions: Map<string, number[]> | undefined;

  constructor(
    private readonly text: string,
    private readonly from = 0,
    private readonly to = text.length,
    private readonly vocabulary?: Vocabulary,
  ) {}

  at(word: string): readonly number[] {
    if (this.vocabulary && !this.vocabulary.words.has(word)) throw new Error(`"${word}" is not in the index's vocabulary`);
    this.positions ??= indexWords(this.text, this.from, this.to, this.vocabulary);
    return this.positions.get(word) ?? NONE;
  }

  has(word: string): boolean {
    return this.at(word).length > 0;
  }

  words(): Iterable<string> {
    this.positions ??= indexWords(this.text, this.from, this.to, this.vocabulary);
    return this.positions.keys();
  }
}

const NONE: readonly number[] = [];

function indexWords(text: string, from: number, to: number, vocabulary: Vocabulary | undefined): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  // words are cut at the range's ends, as in the range's own text
  const end = Math.min(to, text.length);
  let i = from;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c >= 128 || WORD_CHAR[c] !== 1) {
      i++;
      continue;
    }
    let h = c;
    let j = i + 1;
    while (j < end && (c = text.charCodeAt(j)) < 128 && WORD_CHAR[c] !== 0) {
      h = (Math.imul(h, 31) + c) | 0;
      j++;
    }
    if (!vocabulary || vocabulary.hashes.has(h)) {
      const word = text.slice(i, j);
      if (!vocabulary || vocabulary.words.has(word)) {
        const list = positions.get(word);
        if (list) list.push(i);
        else positions.set(word, [i]);
      }
    }
    i = j;
  }
  return positions;
}

/** The index of the text last asked for: the slices of a large file share it (the CLI's whole-file scans). */
let lastIndex: { text: string; vocabulary?: Vocabulary; index: WordIndex } | undefined;

export function wordIndexOf(text: string, vocabulary?: Vocabulary): WordIndex {
  if (lastIndex?.text !== text || lastIndex.vocabulary !== vocabulary) lastIndex = { text, vocabulary, index: new WordIndex(text, 0, text.length, vocabulary) };
  return lastIndex.index;
}

/**
 * Occurrences closer than this (UTF-16 units) are run as one range: each run has a fixed cost, and the
 * nodes between two near occurrences are few (measured on the bench corpus: 200 beat 0 and 2,000).
 */
const JOIN_WITHIN = 200;

/** Whether some pattern can match in a file with these words: each of its candidates occurs in it. */
export function mayMatch(anchors: Anchors, words: { has(word: string): boolean }): boolean {
  return anchors.some(candidates => candidates.every(c => c.some(w => words.has(w))));
}

/**
 * The ranges to run a rule over within [from, to): around the occurrences there of each pattern's rarest
 * candidate, joined when close. Empty when no pattern can match a node inside [from, to).
 */
export function anchorRanges(anchors: Anchors, index: WordIndex, from: number, to: number): [number, number][] {
  const hits: [number, number][] = [];
  for (const candidates of anchors) {
    let best: readonly string[] | undefined;
    let fewest = Infinity;
    for (const words of candidates) {
      let n = 0;
      for (const word of words) n += within(index.at(word), from, to).length;
      if (n < fewest) {
        fewest = n;
        best = words;
      }
      if (n === 0) break;
    }
    if (!best || fewest === 0) continue; // this pattern cannot match inside the range
    for (const word of best) for (const start of within(index.at(word), from, to)) hits.push([start, start + word.length]);
  }
  if (!hits.length) return hits;
  hits.sort((a, b) => a[0] - b[0]);
  const ranges: [number, number][] = [];
  let current = hits[0];
  for (const h of hits) {
    if (h[0] <= current[1] + JOIN_WITHIN) current[1] = Math.max(current[1], h[1]);
    else {
      ranges.push(current);
      current = h;
    }
  }
  ranges.push(current);
  return ranges;
}

/** The positions (ascending) in [from, to): the same array when all are, as they are in a whole-file scan. */
function within(positions: readonly number[], from: number, to: number): readonly number[] {
  if (!positions.length || (positions[0] >= from && positions[positions.length - 1] < to)) return positions;
  return positions.filter(at => at >= from && at < to);
}

/**
 * For a ranged analysis of [from, to): the depth of the deepest node that overlaps the range without lying
 * inside it (those are the ancestors of its two ends; the root is one, at depth 0). A match rooted at such
 * a node can hold its anchor outside the range, so those matches are looked for by a run over the range
 * that starts matches no deeper than this; every other match lies inside the range, anchor and all.
 */
export function straddlingDepth(root: Node, from: number, to: number): number {
  let deepest = 0; // the root always straddles a range that is not the whole text
  for (const at of [from, Math.max(from, to - 1)]) {
    const chain: Node[] = [];
    for (let n: Node | null = root.descendantForIndex(at, at); n; n = n.parent) chain.push(n);
    // chain runs from the leaf up to the root: depth of chain[i] is chain.length - 1 - i
    for (let i = 0; i < chain.length; i++) {
      const n = chain[i];
      if (n.startIndex < from || n.endIndex > to) {
        deepest = Math.max(deepest, chain.length - 1 - i);
        break; // its ancestors straddle too, and are shallower
      }
    }
  }
  return deepest;
}
