// Rewrites a rule's query so that tree-sitter compiles it for less: a node pattern that has child patterns
// and sits under a field (`function: (attribute …)`) becomes a wildcard, `function: (_ …)`, and a
// `#skeptic-type?` predicate, judged by queryMatches.ts, checks its type instead.
//
// Why: ts_query_new analyses every pattern step that has children against the grammar's parse table,
// starting from every parse state where its node type can begin. For expression types (`call`,
// `attribute`, `member_expression`) that is ~0.7 ms a step; the rules hold hundreds of such steps, which
// cost ~350 ms per language per process — the largest cost of a short scan. A wildcard step is not
// analysed. The analysis only validates patterns (the build compiles every rule as written, so a broken
// rule fails there) and marks steps for capture ordering, which matches() does not use.
//
// Why only under a field: a field admits one child, so the wildcard is tried on one node and the type
// check costs a lookup. An unfielded wildcard is tried on every sibling (every statement of a block), and
// a wildcard root on every node of the range; both were measured to cost more in matching than they save
// in compiling. Measured over the Python and JavaScript rules: compile 353 -> 195 ms and 364 -> 194 ms, with
// matching over the bench corpus 7% faster (a type check rejects before the text predicates run).
//
// Left as written: types under a quantifier (a wildcard would change what repeats), supertypes and
// `supertype/subtype` steps, ERROR and MISSING, and queries with predicates queryMatches.ts does not judge.
// Same matches: test/engine/queryMatches.test.ts runs every fixture and rule example through both forms.

/** The predicate the rewrite adds: `(#skeptic-type? @capture "node_type")`. */
export const TYPE_PREDICATE = 'skeptic-type?';
/** Prefix of the captures the rewrite adds; QueryRunner leaves them out of the matches it returns. */
export const TYPE_CAPTURE_PREFIX = '__skeptic_t';

/** Text predicates queryMatches.ts judges itself; a query with any other is left as written. */
const JUDGED = new Set(['eq?', 'not-eq?', 'any-eq?', 'any-not-eq?', 'match?', 'not-match?', 'any-match?', 'any-not-match?', 'any-of?', 'not-any-of?']);

interface Paren {
  kind: 'paren' | 'alt';
  /** Offsets of the opening and closing bracket. */
  open: number;
  close: number;
  /** The node type after `(` (absent for groups, alternations and predicates), with its offset. */
  type?: { text: string; at: number };
  predicate: boolean;
  children: Paren[];
  /** Whether any child is a node pattern (not only captures, fields, negated fields and predicates). */
  hasChildPattern: boolean;
  /** Whether a field name precedes it (`function: (call …)`), itself or the alternation it is in. */
  fielded: boolean;
  quantified: boolean;
  /** Offset just past the item with its quantifier and captures: where a capture can be added. */
  end: number;
}

const SPACE = /\s/;
const NAME = /[\w.\-/$]/;

/** Parses the bracket structure of a query; undefined when it is not well formed (left for tree-sitter to report). */
function parse(source: string): Paren[] | undefined {
  const top: Paren[] = [];
  const stack: Paren[] = [];
  let i = 0;
  const skipSpace = (): void => {
    for (;;) {
      while (i < source.length && SPACE.test(source[i])) i++;
      if (source[i] !== ';') return;
      while (i < source.length && source[i] !== '\n') i++;
    }
  };
  const readName = (): string => {
    const from = i;
    while (i < source.length && NAME.test(source[i])) i++;
    return source.slice(from, i);
  };
  /** After a closing bracket or a leaf: its quantifier and captures. */
  const trailing = (item: Paren | undefined): void => {
    if (i < source.length && '*+?'.includes(source[i])) {
      if (item) item.quantified = true;
      i++;
    }
    for (;;) {
      const save = i;
      skipSpace();
      if (source[i] !== '@') {
        i = save;
        break;
      }
      i++;
      readName();
    }
    if (item) item.end = i;
  };
  let field = false;
  const markChild = (item?: Paren): void => {
    const parent = stack[stack.length - 1];
    if (parent) parent.hasChildPattern = true;
    if (item) item.fielded = field || (parent?.kind === 'alt' && parent.fielded);
    field = false;
  };
  while (i < source.length) {
    skipSpace();
    if (i >= source.length) break;
    const ch = source[i];
    if (ch === '(' || ch === '[') {
      const item: Paren = { kind: ch === '(' ? 'paren' : 'alt', open: i, close: -1, predicate: false, children: [], hasChildPattern: false, fielded: false, quantified: false, end: -1 };
      i++;
      if (ch === '(') {
        skipSpace();
        if (source[i] === '#') item.predicate = true;
        else if (source[i] !== '(' && source[i] !== '[' && source[i] !== '"' && source[i] !== ')') {
          const at = i;
          const text = readName();
          if (!text) return undefined;
          item.type = { text, at };
        }
      }
      if (!item.predicate) markChild(item);
      (stack.length ? stack[stack.length - 1].children : top).push(item);
      stack.push(item);
      continue;
    }
    if (ch === ')' || ch === ']') {
      const item = stack.pop();
      if (!item || (ch === ')') !== (item.kind === 'paren')) return undefined;
      item.close = i;
      i++;
      trailing(item);
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      if (i >= source.length) return undefined;
      i++;
      // a string is a child pattern (an anonymous node) unless it is a predicate argument
      if (!stack[stack.length - 1]?.predicate) markChild();
      trailing(undefined);
      continue;
    }
    if (ch === '@' || ch === '#') {
      i++;
      while (i < source.length && !SPACE.test(source[i]) && !'()[]"'.includes(source[i])) i++;
      continue;
    }
    if (ch === '!') {
      i++;
      readName();
      continue;
    }
    if (ch === '.' || ch === ':' || ch === '*' || ch === '+' || ch === '?') {
      i++;
      continue;
    }
    const name = readName();
    if (!name) return undefined;
    skipSpace();
    if (source[i] === ':') {
      i++; // a field name: its pattern follows
      field = true;
      continue;
    }
    // a bare wildcard `_` or a predicate's operator/argument
    if (name === '_' && !stack[stack.length - 1]?.predicate) markChild();
    trailing(undefined);
  }
  return stack.length ? undefined : top;
}

/**
 * The query's patterns, each as written (a top-level node, group or alternation with its quantifier and
 * captures); undefined when that is not certain (a top-level string or wildcard pattern, a syntax error).
 */
export function topLevelPatterns(source: string, patternCount: number): string[] | undefined {
  const top = parse(source);
  if (!top || top.length !== patternCount || top.some(p => p.predicate)) return undefined;
  return top.map(p => source.slice(p.open, p.end));
}

/** The operators of a query's predicates (`#eq?` -> `eq?`). */
function predicateOperators(items: Paren[], source: string, out: string[] = []): string[] {
  for (const p of items) {
    if (p.predicate) out.push(/#([^\s)]+)/.exec(source.slice(p.open, p.close))?.[1] ?? '');
    predicateOperators(p.children, source, out);
  }
  return out;
}

/**
 * The query with its fielded parent types made wildcards, or the query itself when nothing can be.
 * `rewritable` says which named types may be (not supertypes; the caller knows the grammar).
 */
export function wildcardParents(source: string, rewritable: (type: string) => boolean): string {
  const top = parse(source);
  if (!top || !predicateOperators(top, source).every(op => JUDGED.has(op))) return source;
  const inserts: { at: number; text: string; drop?: number }[] = [];
  let counter = 0;
  /** Rewrites inside `items`; returns the type checks for the nearest enclosing paren, which takes them. */
  const visit = (items: Paren[], underQuantifier: boolean): string[] => {
    const pending: string[] = [];
    for (const p of items) {
      if (p.predicate) continue;
      const quantified = underQuantifier || p.quantified;
      const inner = visit(p.children, quantified);
      const t = p.type;
      if (p.kind === 'paren' && t && p.fielded && p.hasChildPattern && !quantified && t.text !== '_' && !t.text.includes('/') && t.text !== 'ERROR' && t.text !== 'MISSING' && rewritable(t.text)) {
        const capture = `${TYPE_CAPTURE_PREFIX}${counter++}`;
        inserts.push({ at: t.at, text: '_', drop: t.text.length });
        inserts.push({ at: p.end, text: ` @${capture}` });
        inner.push(`(#${TYPE_PREDICATE} @${capture} "${t.text}")`);
        // its own check goes to its parent: a capture is known only after its node closes
        pending.push(...inner);
        continue;
      }
      // a paren (named node or group) takes the checks of its descendants; an alternation passes them up
      if (p.kind === 'paren' && inner.length) inserts.push({ at: p.close, text: ` ${inner.join(' ')}` });
      else pending.push(...inner);
    }
    return pending;
  };
  // a fielded node always has a parent paren: nothing is left over at the top
  if (visit(top, false).length || !counter) return source;
  // apply from the end; at one offset, what was planned first must come first (a capture before the
  // check that names it), so it is applied last
  const order = inserts.map((ins, k) => ({ ...ins, k }));
  order.sort((a, b) => b.at - a.at || b.k - a.k);
  let out = source;
  for (const ins of order) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at + (ins.drop ?? 0));
  return out;
}
