// Decides whether an expression is constant — built only from literals and constant variables — by
// following identifiers back through their assignments in the same function (then the top level).
// This is what lets `q = "SELECT …" + name; cursor.execute(q)` be flagged at the sink while SQL
// concatenated only from literals is not.
//
// Bindings are indexed once per scope per analysis (not searched per identifier), and whether a top-level
// name is constant can be cached across incremental updates by the caller: it changes only when a
// top-level binding changes, which makes the live document re-analyse the whole file anyway.
import type { Node } from 'web-tree-sitter';
import type { Dialect } from './dialects';

const MAX_DEPTH = 24;
const UPPER_CONSTANT = /^[A-Z][A-Z0-9_]*$/;
const TOP = -1;
/** Parts of an interpolation that are syntax, not values: braces, format specs, conversions. */
const INTERPOLATION_DECOR = new Set(['interpolation_brace', 'format_specifier', 'type_conversion', 'interpolation_alignment_clause', 'interpolation_format_clause', 'comment']);

export function enclosingScope(node: Node, dialect: Dialect): Node | null {
  for (let p = node.parent; p; p = p.parent) if (dialect.scopes.has(p.type)) return p;
  return null;
}

/**
 * The function-like nodes of a tree, by position. `node.parent` in tree-sitter walks down from the root
 * each time, so finding the enclosing function of many nodes by climbing parents is quadratic; nested
 * scopes start after their parents, so the innermost scope containing a node is the containing one that
 * starts last.
 */
export class ScopeIndex {
  private readonly scopes: Node[];
  private readonly starts: number[];

  constructor(root: Node, dialect: Dialect) {
    this.scopes = root.descendantsOfType([...dialect.scopes]).sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    this.starts = this.scopes.map(s => s.startIndex);
  }

  /** The innermost function-like node strictly containing `node` (not `node` itself), or null. */
  scopeOf(node: Node): Node | null {
    const start = node.startIndex;
    const end = node.endIndex;
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const s = this.scopes[i];
      if (s.endIndex >= end && s.id !== node.id && !(s.startIndex === start && s.endIndex === end && s.type === node.type)) return s;
    }
    return null;
  }
}

interface Assigned {
  start: number;
  value: Node;
}

export class ValueResolver {
  /** scope id (TOP for outside any function) -> name -> assignments in source order */
  private readonly index = new Map<number, Map<string, Assigned[]>>();
  private topIndexed = false;
  private readonly visiting = new Set<string>();
  private scopeIndex: ScopeIndex | undefined;

  constructor(
    private readonly root: Node,
    private readonly dialect: Dialect,
    /** name -> constant?, for top-level names read from inside functions; kept by the caller across edits */
    private readonly topLevelCache: Map<string, boolean> = new Map(),
  ) {}

  private scopeOf(node: Node): Node | null {
    this.scopeIndex ??= new ScopeIndex(this.root, this.dialect);
    return this.scopeIndex.scopeOf(node);
  }

  isConstant(node: Node): boolean {
    return this.constantAt(node, 0);
  }

  /**
   * True when the node's text matches, or the value of a variable it uses does — followed back through
   * assignments in the same function (then top-level ones), as far as MAX_DEPTH. This is how request data
   * is seen at a sink through local variables: `name = req.query.name; p = path.join(DIR, name); send(p)`.
   */
  valueMatches(node: Node, regex: RegExp): boolean {
    return this.mentionsAt(node, regex, 0, new Set());
  }

  private mentionsAt(node: Node, regex: RegExp, depth: number, seen: Set<string>): boolean {
    regex.lastIndex = 0;
    if (regex.test(node.text)) return true;
    if (depth >= MAX_DEPTH) return false;
    const ids = this.dialect.identifiers.has(node.type) ? [node] : node.descendantsOfType([...this.dialect.identifiers]);
    for (const id of ids) {
      const scope = this.scopeOf(id);
      const key = `${scope?.id ?? TOP}:${id.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let values = (this.bindingsIn(scope).get(id.text) ?? []).filter(a => a.start < id.startIndex);
      if (!values.length && scope) values = this.bindingsIn(null).get(id.text) ?? [];
      for (const v of values) if (this.mentionsAt(v.value, regex, depth + 1, seen)) return true;
    }
    return false;
  }

  private bindingsIn(scope: Node | null): Map<string, Assigned[]> {
    const key = scope ? scope.id : TOP;
    let map = this.index.get(key);
    if (map && (scope || this.topIndexed)) return map;
    const within = scope ?? this.root;
    for (const n of within.descendantsOfType(Object.keys(this.dialect.bindings))) {
      const s = this.scopeOf(n);
      const owner = s ? s.id : TOP;
      if (scope && owner !== scope.id) continue;
      let m = this.index.get(owner);
      if (!m) this.index.set(owner, (m = new Map()));
      for (const b of this.dialect.bindings[n.type](n)) {
        if (!this.dialect.identifiers.has(b.target.type)) continue;
        const list = m.get(b.target.text) ?? [];
        list.push({ start: n.startIndex, value: b.value });
        m.set(b.target.text, list);
      }
    }
    if (!scope) this.topIndexed = true;
    map = this.index.get(key) ?? new Map();
    this.index.set(key, map);
    return map;
  }

  private allConstant(values: Assigned[], depth: number): boolean {
    return values.every(v => this.constantAt(v.value, depth + 1));
  }

  private identifierConstant(node: Node, depth: number): boolean {
    const name = node.text;
    const scope = this.scopeOf(node);
    const key = `${scope?.id ?? TOP}:${name}`;
    // A variable that (re)defines itself from itself, like q = q + "x": judged by its other assignments.
    if (this.visiting.has(key)) return true;
    this.visiting.add(key);
    try {
      if (scope) {
        const local = (this.bindingsIn(scope).get(name) ?? []).filter(a => a.start < node.startIndex);
        if (local.length) return this.allConstant(local, depth);
        return this.topLevelConstant(name, depth);
      }
      const top = (this.bindingsIn(null).get(name) ?? []).filter(a => a.start < node.startIndex);
      return top.length ? this.allConstant(top, depth) : UPPER_CONSTANT.test(name);
    } finally {
      this.visiting.delete(key);
    }
  }

  /** Seen from inside a function: constant when every top-level assignment is (or, with none, by UPPER_CASE). */
  private topLevelConstant(name: string, depth: number): boolean {
    const cached = this.topLevelCache.get(name);
    if (cached !== undefined) return cached;
    const top = this.bindingsIn(null).get(name) ?? [];
    const result = top.length ? this.allConstant(top, depth) : UPPER_CONSTANT.test(name);
    this.topLevelCache.set(name, result);
    return result;
  }

  private constantAt(node: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const d = this.dialect;
    const t = node.type;
    if (d.literals.has(t)) return true;
    if (d.strings.has(t)) {
      // An interpolated string is constant when every interpolated expression is (f"{TABLE}", `${LIMIT}`).
      if (!d.interpolations.length) return true;
      return node.descendantsOfType(d.interpolations).every(i => i.namedChildren.every(c => INTERPOLATION_DECOR.has(c.type) || this.constantAt(c, depth + 1)));
    }
    const parts = d.formatParts(node);
    if (parts) return parts.every(p => this.constantAt(p, depth + 1));
    if (d.combinators.has(t)) return node.namedChildren.every(c => c.type === 'comment' || this.constantAt(c, depth + 1));
    if (d.wrappers.has(t)) {
      const inner = node.firstNamedChild;
      return !!inner && this.constantAt(inner, depth + 1);
    }
    const memberField = d.memberAccess[t];
    if (memberField) return UPPER_CONSTANT.test(node.childForFieldName(memberField)?.text ?? '');
    if (d.identifiers.has(t)) return this.identifierConstant(node, depth);
    return false;
  }
}
