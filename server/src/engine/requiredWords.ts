// The whole words that every string a regular expression matches must contain (one of them), for anchors
// (anchors.ts): `^(requests|httpx)\.(get|post)$` gives {requests, httpx}; `\.filename\b` gives {filename}.
//
// The expression is expanded into its alternatives (alternations, optional parts, small character
// classes), each a row of atoms: literal characters, wildcards (`.`, `\w+`, `[^"]*`), edges (`^`, `$`) and
// word boundaries (`\b`). A run of literal word characters is a required word of its row when it is
// bounded on both sides: by a non-word character, an edge, `\b`, or a non-word wildcard that cannot be
// empty. Anything this does not understand gives no words, never wrong ones: callers then run the rule
// everywhere. Sound only for what the anchors need: the subject's text is a syntax node's, so its edges
// are token edges.

type Atom =
  | { kind: 'char'; char: string }
  /** Characters we do not know: only non-word ones ('nonword'), or possibly word ones ('any'). */
  | { kind: 'wild'; nonWord: boolean; optional: boolean }
  | { kind: 'edge' }
  | { kind: 'boundary' };

type Row = Atom[];

/** More alternatives than this, and the expression is treated as unknown. */
const MAX_ROWS = 400;
const IS_WORD = /[\w$]/;
const WORD_START = /[A-Za-z_$]/;

class Unknown extends Error {}

class Parser {
  private at = 0;
  constructor(private readonly src: string) {}

  parse(): Row[] {
    const rows = this.alternation();
    if (this.at < this.src.length) throw new Unknown();
    return rows;
  }

  private alternation(): Row[] {
    const rows = [...this.sequence()];
    while (this.src[this.at] === '|') {
      this.at++;
      rows.push(...this.sequence());
      if (rows.length > MAX_ROWS) throw new Unknown();
    }
    return rows;
  }

  private sequence(): Row[] {
    let rows: Row[] = [[]];
    while (this.at < this.src.length && this.src[this.at] !== '|' && this.src[this.at] !== ')') {
      const piece = this.quantified(this.atom());
      const next: Row[] = [];
      for (const r of rows) for (const p of piece) next.push([...r, ...p]);
      if (next.length > MAX_ROWS) throw new Unknown();
      rows = next;
    }
    return rows;
  }

  /** One atom, as the alternatives it can be. */
  private atom(): Row[] {
    const c = this.src[this.at++];
    if (c === '(') {
      let lookaround = false;
      if (this.src[this.at] === '?') {
        const head = this.src.slice(this.at, this.at + 3);
        if (head.startsWith('?:')) this.at += 2;
        else if (/^\?<?[=!]/.test(head)) {
          // zero-width: it consumes nothing, so the atoms around it are the real neighbours
          this.at += head[1] === '<' ? 3 : 2;
          lookaround = true;
        } else throw new Unknown(); // named groups and the like
      }
      const inner = this.alternation();
      if (this.src[this.at++] !== ')') throw new Unknown();
      return lookaround ? [[]] : inner;
    }
    if (c === '[') return this.charClass();
    if (c === '.') return [[{ kind: 'wild', nonWord: false, optional: false }]];
    if (c === '^' || c === '$') return [[{ kind: 'edge' }]];
    if (c === '\\') return this.escape();
    if (c === undefined || '*+?{'.includes(c)) throw new Unknown();
    return [[{ kind: 'char', char: c }]];
  }

  private escape(): Row[] {
    const e = this.src[this.at++];
    if (e === undefined) throw new Unknown();
    if (e === 'b') return [[{ kind: 'boundary' }]];
    if (e === 's' || e === 'W') return [[{ kind: 'wild', nonWord: true, optional: false }]];
    if ('wdDSB'.includes(e)) return [[{ kind: 'wild', nonWord: false, optional: false }]];
    if (e === 'n' || e === 't' || e === 'r') return [[{ kind: 'char', char: ' ' }]];
    if (/[A-Za-z0-9]/.test(e)) throw new Unknown(); // \u, \x, back-references, ...
    return [[{ kind: 'char', char: e }]];
  }

  /** A class of a few plain characters is its alternatives; any other is a wildcard. */
  private charClass(): Row[] {
    const close = this.findClassEnd();
    const body = this.src.slice(this.at, close);
    this.at = close + 1;
    const negated = body.startsWith('^');
    const chars: string[] = [];
    let plain = !negated;
    let nonWord = !negated;
    for (let i = negated ? 1 : 0; i < body.length; i++) {
      let ch = body[i];
      if (ch === '\\') {
        ch = body[++i];
        if (ch === 's' || ch === 'n' || ch === 't' || ch === 'r') {
          plain = false;
          continue;
        }
        if (/[A-Za-z0-9]/.test(ch)) {
          plain = false;
          nonWord = false;
          continue;
        }
      } else if (ch === '-' && i > 0 && i < body.length - 1) {
        plain = false;
        nonWord = false;
        continue;
      }
      chars.push(ch);
      if (IS_WORD.test(ch)) nonWord = false;
    }
    if (plain && chars.length && chars.length <= 4) return chars.map(char => [{ kind: 'char', char }]);
    return [[{ kind: 'wild', nonWord, optional: false }]];
  }

  private findClassEnd(): number {
    for (let i = this.at + (this.src[this.at] === ']' ? 1 : 0); i < this.src.length; i++) {
      if (this.src[i] === '\\') i++;
      else if (this.src[i] === ']') return i;
    }
    throw new Unknown();
  }

  private quantified(rows: Row[]): Row[] {
    const q = this.src[this.at];
    if (q !== '?' && q !== '*' && q !== '+' && q !== '{') return rows;
    let min: number;
    if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.at));
      if (!m) throw new Unknown();
      this.at += m[0].length;
      min = Number(m[1]);
      if (m[2] === undefined && min <= 3) {
        if (this.src[this.at] === '?') this.at++;
        let out: Row[] = [[]];
        for (let i = 0; i < min; i++) out = out.flatMap(r => rows.map(p => [...r, ...p]));
        return out;
      }
    } else {
      this.at++;
      min = q === '+' ? 1 : 0;
    }
    if (this.src[this.at] === '?') this.at++; // lazy: same strings
    if (q === '?') return [[], ...rows];
    // repeated: what it matches is unknown, but if every alternative is non-word, so is the repetition
    const nonWord = rows.every(r => r.length > 0 && r.every(a => (a.kind === 'char' ? !IS_WORD.test(a.char) : a.kind === 'wild' && a.nonWord)));
    return [[{ kind: 'wild', nonWord, optional: min === 0 }]];
  }
}

/** Whether the atoms before index i (or after, with step 1) bound a word there. */
function bounded(row: Row, i: number, step: -1 | 1): boolean {
  for (let k = i; k >= 0 && k < row.length; k += step) {
    const a = row[k];
    if (a.kind === 'edge' || a.kind === 'boundary') return true;
    if (a.kind === 'char') return !IS_WORD.test(a.char);
    if (!a.nonWord) return false;
    if (!a.optional) return true;
  }
  return false; // the expression is not anchored there: the match may sit inside a longer word
}

/** The longest bounded word of a row, or undefined. */
function wordOf(row: Row): string | undefined {
  let best: string | undefined;
  for (let i = 0; i < row.length; ) {
    const a = row[i];
    if (a.kind !== 'char' || !IS_WORD.test(a.char)) {
      i++;
      continue;
    }
    let j = i;
    let word = '';
    while (j < row.length && row[j].kind === 'char' && IS_WORD.test((row[j] as { char: string }).char)) word += (row[j++] as { char: string }).char;
    if (WORD_START.test(word[0]) && bounded(row, i - 1, -1) && bounded(row, j, 1) && (!best || word.length > best.length)) best = word;
    i = j;
  }
  return best;
}

/** The words one of which every match of `source` contains, or undefined when that cannot be told. */
export function requiredWords(source: string): string[] | undefined {
  let rows: Row[];
  try {
    rows = new Parser(source).parse();
  } catch (e) {
    if (e instanceof Unknown) return undefined;
    throw e;
  }
  const words = new Set<string>();
  for (const row of rows) {
    const w = wordOf(row);
    if (!w) return undefined;
    words.add(w);
  }
  return words.size ? [...words] : undefined;
}
