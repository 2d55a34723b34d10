// Decides whether an expression is constant — built only from literals and constant variables — by
// following identifiers back through their assignments in the same function (then the top level).
// This is what lets `q = "SELECT …" + name; cursor.execute(q)` be flagged at the sink while SQL
// concatenated only from literals is not.
//
// Bindings are indexed once per scope per analysis (not searched per identifier), and whether a top-level
// name is constant can be cached across incremental updates by the caller: it changes only when a
// top-level binding changes, which makes the live document re-analyse the whole file anyway.
import type { Node } from 'web-tree-sitter';
import { ancestorsOf, topLevelOverlapping } from './ancestry';
import type { Dialect } from './dialects';
import { descendantsOfType, sourceOf } from './treeSitter';

const MAX_DEPTH = 24;
const UPPER_CONSTANT = /^[A-Z][A-Z0-9_]*$/;
const TOP = -1;
/** Parts of an interpolation that are syntax, not values: braces, format specs, conversions. */
const INTERPOLATION_DECOR = new Set(['interpolation_brace', 'format_specifier', 'type_conversion', 'interpolation_alignment_clause', 'interpolation_format_clause', 'comment']);

/**
 * The function-like nodes of a tree, by position. `node.parent` in tree-sitter walks down from the root
 * each time, so finding the enclosing function of many nodes by climbing parents is quadratic; nested
 * scopes start after their parents, so the innermost scope containing a node is the containing one that
 * starts last.
 */
export class ScopeIndex {
  private readonly scopes: Node[];
  private readonly starts: number[];
  /** The furthest end among scopes[0..i]: a position is inside some scope iff one that starts before it reaches it. */
  private readonly furthestEnds: number[];

  /**
   * Over the whole tree, or only within `part` (some top-level statements) plus the scopes enclosing it, or
   * of the scopes `found` (every one of the tree's: the analyzer's whole-file query collects them).
   */
  constructor(root: Node, dialect: Dialect, part?: { bases: Node[]; enclosing: Node[] }, found?: Node[]) {
    const types = [...dialect.scopes];
    // descendantsOfType visits a whole subtree whatever range it is given: search only the statements needed.
    found ??= part ? [...part.enclosing, ...part.bases.flatMap(b => (dialect.scopes.has(b.type) ? [b] : []).concat(descendantsOfType(b, types)))] : descendantsOfType(root, types);
    this.scopes = found.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    this.starts = this.scopes.map(s => s.startIndex);
    let furthest = -1;
    this.furthestEnds = this.scopes.map(s => (furthest = Math.max(furthest, s.endIndex)));
  }

  /** How many scopes start at or before `offset`. */
  private startingBy(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether [start, end) lies within one of the indexed scopes: then a scope is among its ancestors. */
  within(start: number, end: number): boolean {
    const n = this.startingBy(start);
    return n > 0 && this.furthestEnds[n - 1] >= end;
  }

  /** The innermost function-like node strictly containing `node` (not `node` itself), or null. */
  scopeOf(node: Node): Node | null {
    const start = node.startIndex;
    const end = node.endIndex;
    for (let i = this.startingBy(start) - 1; i >= 0; i--) {
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

/** What was learned about one top-level name's bindings (in source order): constness and regex mentions. */
export interface NameFacts {
  count: number;
  constant: (boolean | undefined)[];
  mentions: Map<string, (boolean | undefined)[]>;
}

/**
 * Facts about top-level bindings that conditions consulted. A live document keeps them across edits: when
 * a top-level binding changes, only the names whose facts actually changed send their readers back for
 * re-analysis (typing in `const db = require('./db')` changes nothing any rule reads).
 */
export class TopLevelFacts {
  readonly byName = new Map<string, NameFacts>();
}

/** Request data (source) and the calls that make it harmless (sanitizer), as one question about values. */
export interface Flow {
  source: RegExp;
  sanitizer?: RegExp;
}

const flowKey = (f: Flow): string => JSON.stringify([f.source.source, f.source.flags, f.sanitizer?.source, f.sanitizer?.flags]);
function flowOfKey(key: string): Flow {
  // JSON turns the absent sanitizer (undefined) into null
  const [source, flags, sanitizer, sanitizerFlags] = JSON.parse(key) as [string, string, string | null, string | null];
  return { source: new RegExp(source, flags), sanitizer: sanitizer == null ? undefined : new RegExp(sanitizer, sanitizerFlags ?? undefined) };
}

/** A regex for `name` as a whole word (identifier characters around it excluded). */
export function wordRegex(name: string, flags = 'g'): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`, flags);
}

export class ValueResolver {
  /** function node id -> name -> assignments in source order */
  private readonly index = new Map<number, Map<string, Assigned[]>>();
  private readonly visiting = new Set<string>();
  private scopeIndex: ScopeIndex | undefined;

  private readonly topByName = new Map<string, Assigned[]>();
  /** function node id -> parameter name -> decoration */
  private readonly params = new Map<number, Map<string, string>>();
  private text: string | undefined;

  constructor(
    private readonly root: Node,
    private readonly dialect: Dialect,
    /** Facts about top-level names; a live document keeps them across edits (see TopLevelFacts). */
    private readonly facts: TopLevelFacts = new TopLevelFacts(),
    /** The UTF-16 range being analysed, when not the whole file. */
    private readonly range?: [number, number],
    /** Every function-like node of the tree, when the caller has them already (a whole-file analysis). */
    scopes?: Node[],
  ) {
    if (scopes && !range) this.scopeIndex = new ScopeIndex(root, dialect, undefined, scopes);
  }

  /** An identifier, or a name bound by a destructuring pattern. */
  private namesVariable(n: Node): boolean {
    return this.dialect.identifiers.has(n.type) || !!this.dialect.destructuredNames?.has(n.type);
  }

  /**
   * The top-level assignments to `name`, found from the places the name is written (a text search)
   * rather than by indexing every binding of the file: cheap enough for every keystroke.
   */
  topBindings(name: string): Assigned[] {
    let list = this.topByName.get(name);
    if (list) return list;
    list = [];
    this.text ??= sourceOf(this.root.tree);
    const types = this.dialect.bindings;
    const scopes = this.scopes();
    for (const m of this.text.matchAll(wordRegex(name))) {
      // inside a function: not a top-level binding (checked first: it costs no syntax tree walk)
      if (scopes.within(m.index!, m.index! + name.length)) continue;
      const id = this.root.descendantForIndex(m.index!, m.index! + name.length);
      if (!id || !this.namesVariable(id) || id.text !== name) continue;
      const chain = ancestorsOf(id);
      const holder = chain.slice(-3).reverse().find(p => p.type in types);
      if (!holder) continue;
      const binding = types[holder.type](holder).find(b => b.target.startIndex === id.startIndex && b.target.endIndex === id.endIndex);
      if (binding && !chain.some(p => this.dialect.scopes.has(p.type))) list.push({ start: holder.startIndex, value: binding.value });
    }
    this.topByName.set(name, list);
    return list;
  }

  private factsOf(name: string): NameFacts {
    let f = this.facts.byName.get(name);
    if (!f) this.facts.byName.set(name, (f = { count: this.topBindings(name).length, constant: [], mentions: new Map() }));
    return f;
  }

  private bindingConstant(name: string, i: number, depth: number): boolean {
    const f = this.factsOf(name);
    return (f.constant[i] ??= this.constantAt(this.topBindings(name)[i].value, depth + 1));
  }

  private bindingMentions(name: string, i: number, flow: Flow, depth: number): boolean {
    const f = this.factsOf(name);
    const key = flowKey(flow);
    let list = f.mentions.get(key);
    if (!list) f.mentions.set(key, (list = []));
    return (list[i] ??= this.mentionsAt(this.topBindings(name)[i].value, flow, depth + 1, new Set()));
  }

  /** True when this tree gives the same answers as `old` to every question asked of `name` before. */
  sameFacts(name: string, old: NameFacts): boolean {
    if (this.topBindings(name).length !== old.count) return false;
    for (let i = 0; i < old.count; i++) {
      if (old.constant[i] !== undefined && this.bindingConstant(name, i, 0) !== old.constant[i]) return false;
    }
    for (const [key, list] of old.mentions) {
      const flow = flowOfKey(key);
      for (let i = 0; i < old.count; i++) {
        if (list[i] !== undefined && this.bindingMentions(name, i, flow, 0) !== list[i]) return false;
      }
    }
    return true;
  }

  private scopes(): ScopeIndex {
    if (!this.scopeIndex) {
      // Only the scopes where this analysis looks (its rows, and the functions around them): indexing
      // every function of a 5,000-line file on each keystroke would cost more than the analysis itself.
      const r = this.range;
      if (r) {
        const at = this.root.descendantForIndex(r[0], Math.max(r[0], r[1] - 1)) ?? this.root;
        const enclosing = ancestorsOf(at).filter(p => this.dialect.scopes.has(p.type));
        this.scopeIndex = new ScopeIndex(this.root, this.dialect, { bases: topLevelOverlapping(this.root.tree, r[0], r[1]), enclosing });
      } else this.scopeIndex = new ScopeIndex(this.root, this.dialect);
    }
    return this.scopeIndex;
  }

  private scopeOf(node: Node): Node | null {
    return this.scopes().scopeOf(node);
  }

  isConstant(node: Node): boolean {
    return this.constantAt(node, 0);
  }

  /**
   * True when the node's text matches, or the value of a variable it uses does — followed back through
   * assignments in the same function (then top-level ones), as far as MAX_DEPTH. This is how request data
   * is seen at a sink through local variables: `name = req.query.name; p = path.join(DIR, name); send(p)`.
   */
  valueMatches(node: Node, source: RegExp, sanitizer?: RegExp): boolean {
    return this.mentionsAt(node, { source, sanitizer }, 0, new Set());
  }

  /**
   * The node's text and identifiers once sanitized parts are set aside: a call whose callee (the text
   * before its arguments: `int`, `html.escape`, `params[:id].to_i`) matches the sanitizer returns a
   * harmless value, whatever it was given.
   */
  private unsanitized(node: Node, sanitizer: RegExp | undefined): { text: string; ids: Node[] } {
    const idTypes = [...this.dialect.identifiers];
    const all = this.dialect.identifiers.has(node.type) ? [node] : descendantsOfType(node, idTypes);
    const spans: [number, number][] = [];
    // an allow-list lookup (SORTABLE[req.query.sort]) gives one of the table's constants, not the key
    const lookupTypes = Object.keys(this.dialect.lookups ?? {});
    if (lookupTypes.length && node.text.includes('[')) {
      for (const l of (lookupTypes.includes(node.type) ? [node] : []).concat(descendantsOfType(node, lookupTypes))) {
        const object = l.childForFieldName(this.dialect.lookups![l.type]);
        if (object && this.dialect.identifiers.has(object.type) && this.isTable(object)) spans.push([l.startIndex, l.endIndex]);
      }
    }
    if (sanitizer && this.dialect.calls.size) {
      const calls = (this.dialect.calls.has(node.type) ? [node] : []).concat(descendantsOfType(node, [...this.dialect.calls]));
      for (const call of calls) {
        const args = call.childForFieldName('arguments');
        const callee = (args ? call.text.slice(0, args.startIndex - call.startIndex) : call.text).trim();
        sanitizer.lastIndex = 0;
        if (sanitizer.test(callee)) spans.push([call.startIndex, call.endIndex]);
      }
    }
    if (!spans.length) return { text: node.text, ids: all };
    const inside = (n: Node): boolean => spans.some(([s, e]) => n.startIndex >= s && n.endIndex <= e);
    let text = node.text;
    for (const [s, e] of spans) text = text.slice(0, s - node.startIndex) + ' '.repeat(e - s) + text.slice(e - node.startIndex);
    return { text, ids: all.filter(id => !inside(id)) };
  }

  /** The parameters a function declares, by name, with their decoration (see Dialect.parameters). */
  private paramsOf(scope: Node): Map<string, string> {
    let map = this.params.get(scope.id);
    if (map) return map;
    map = new Map();
    const kinds = this.dialect.parameters;
    const list = kinds ? scope.childForFieldName('parameters') : null;
    for (const p of list?.namedChildren ?? []) {
      const read = kinds![p.type];
      if (!read) continue;
      const { names, decoration } = read(p);
      for (const n of names) map.set(n.text, decoration);
    }
    this.params.set(scope.id, map);
    return map;
  }

  /** The assignments to `id`'s name in `scope` (not in functions nested in it) that come before it. */
  private assignedBefore(scope: Node, id: Node): Assigned[] {
    return (this.bindingsIn(scope).get(id.text) ?? []).filter(a => a.start < id.startIndex);
  }

  /** Whether `name` holds a table of constants (every assignment of it is a container literal of constants). */
  private isTable(name: Node): boolean {
    const tables = this.dialect.tables ?? {};
    const scope = this.scopeOf(name);
    const local = scope ? this.assignedBefore(scope, name) : [];
    const values = local.length ? local : this.topBindings(name.text);
    return values.length > 0 && values.every(v => v.value.type in tables) && this.isConstant(name);
  }

  private mentionsAt(node: Node, flow: Flow, depth: number, seen: Set<string>): boolean {
    const { text, ids } = this.unsanitized(node, flow.sanitizer);
    flow.source.lastIndex = 0;
    if (flow.source.test(text)) return true;
    if (depth >= MAX_DEPTH) return false;
    for (const id of ids) {
      const scope = this.scopeOf(id);
      const key = `${scope?.id ?? TOP}:${id.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (scope) {
        const local = this.assignedBefore(scope, id);
        if (local.length) {
          for (const v of local) if (this.mentionsAt(v.value, flow, depth + 1, seen)) return true;
          continue;
        }
        // a parameter: request data when its decoration says so (@RequestBody LoginRequest req)
        const decoration = this.paramsOf(scope).get(id.text);
        if (decoration !== undefined) {
          flow.source.lastIndex = 0;
          if (flow.source.test(decoration)) return true;
          continue;
        }
      }
      // From a function: every top-level assignment, answered from the kept facts when known.
      if (scope && this.dialect.isolatedScopes?.has(scope.type)) continue;
      const count = scope ? this.factsOf(id.text).count : this.topBindings(id.text).filter(a => a.start < id.startIndex).length;
      for (let i = 0; i < count; i++) if (this.bindingMentions(id.text, i, flow, depth)) return true;
    }
    return false;
  }

  /** The assignments inside one function (not in functions nested in it), by name, in source order. */
  private bindingsIn(scope: Node): Map<string, Assigned[]> {
    let map = this.index.get(scope.id);
    if (map) return map;
    map = new Map();
    for (const n of descendantsOfType(scope, Object.keys(this.dialect.bindings))) {
      if (this.scopeOf(n)?.id !== scope.id) continue;
      for (const b of this.dialect.bindings[n.type](n)) {
        if (!this.namesVariable(b.target)) continue;
        const list = map.get(b.target.text) ?? [];
        list.push({ start: n.startIndex, value: b.value });
        map.set(b.target.text, list);
      }
    }
    this.index.set(scope.id, map);
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
        const local = this.assignedBefore(scope, node);
        if (local.length) return this.allConstant(local, depth);
        // a parameter is whatever the caller passes, not a top-level value of the same name
        if (this.paramsOf(scope).has(name)) return false;
      }
      // Seen from a function: every top-level assignment (unless functions cannot see them: then the name
      // is a parameter or a global, unknown); at top level: those before the use.
      if (scope && this.dialect.isolatedScopes?.has(scope.type)) return false;
      const count = scope ? this.factsOf(name).count : this.topBindings(name).filter(a => a.start < node.startIndex).length;
      for (let i = 0; i < count; i++) if (!this.bindingConstant(name, i, depth)) return false;
      return count > 0 || UPPER_CONSTANT.test(name);
    } finally {
      this.visiting.delete(key);
    }
  }

  private constantAt(node: Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const d = this.dialect;
    const t = node.type;
    if (d.literals.has(t)) return true;
    if (d.strings.has(t)) {
      // An interpolated string is constant when every interpolated expression is (f"{TABLE}", `${LIMIT}`).
      if (!d.interpolations.length) return true;
      const interpolated = descendantsOfType(node, d.interpolations);
      if (d.interpolationIsExpression) return interpolated.every(i => this.constantAt(i, depth + 1));
      return interpolated.every(i => i.namedChildren.every(c => INTERPOLATION_DECOR.has(c.type) || this.constantAt(c, depth + 1)));
    }
    const parts = d.formatParts(node);
    if (parts) return parts.every(p => this.constantAt(p, depth + 1));
    const choice = d.choices?.[t];
    if (choice) return choice(node).every(b => this.constantAt(b, depth + 1));
    const table = d.tables?.[t];
    if (table) return table(node).every(v => this.constantAt(v, depth + 1));
    const looked = d.lookups?.[t];
    if (looked) {
      // a lookup in a table of constants (a variable holding a literal) gives one of them, whatever the
      // key; not any constant-looking object: request.GET["q"] is Django's request data
      const object = node.childForFieldName(looked);
      return !!object && d.identifiers.has(object.type) && this.isTable(object);
    }
    if (d.combinators.has(t)) return node.namedChildren.every(c => c.type === 'comment' || this.constantAt(c, depth + 1));
    if (d.wrappers.has(t)) {
      const inner = node.firstNamedChild;
      return !!inner && this.constantAt(inner, depth + 1);
    }
    if (d.upperConstants?.has(t)) return UPPER_CONSTANT.test((node.lastNamedChild ?? node).text);
    const memberField = d.memberAccess[t];
    if (memberField) return UPPER_CONSTANT.test(node.childForFieldName(memberField)?.text ?? '');
    if (d.identifiers.has(t)) return this.identifierConstant(node, depth);
    return false;
  }
}
