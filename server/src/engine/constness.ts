// Decides whether an expression is constant — built only from literals and constant variables — by
// following identifiers back through their assignments in the same function (then the top level).
// This is what lets `q = "SELECT …" + name; cursor.execute(q)` be flagged at the sink while SQL
// concatenated only from literals is not.
import type { Node } from 'web-tree-sitter';
import type { Dialect } from './dialects';

const MAX_DEPTH = 24;
const UPPER_CONSTANT = /^[A-Z][A-Z0-9_]*$/;

export function enclosingScope(node: Node, dialect: Dialect): Node | null {
  for (let p = node.parent; p; p = p.parent) if (dialect.scopes.has(p.type)) return p;
  return null;
}

function root(node: Node): Node {
  return node.tree.rootNode;
}

/**
 * The values assigned to `name` that can reach `use`: assignments earlier in the same function, or, when
 * the function has none (a module constant, a field), assignments at the top level outside any function.
 * An empty list means the value comes from elsewhere (a parameter, an import): not known to be constant.
 */
export function reachingValues(name: string, use: Node, dialect: Dialect): Node[] {
  const scope = enclosingScope(use, dialect);
  const types = Object.keys(dialect.bindings);
  const collect = (within: Node, wantScope: Node | null, before: number | undefined): Node[] => {
    const values: Node[] = [];
    for (const n of within.descendantsOfType(types)) {
      if (before !== undefined && n.startIndex >= before) continue;
      const s = enclosingScope(n, dialect);
      if ((s?.id ?? null) !== (wantScope?.id ?? null)) continue;
      for (const b of dialect.bindings[n.type](n)) {
        if (dialect.identifiers.has(b.target.type) && b.target.text === name) values.push(b.value);
      }
    }
    return values;
  };
  if (scope) {
    const local = collect(scope, scope, use.startIndex);
    if (local.length) return local;
    return collect(root(use), null, undefined);
  }
  return collect(root(use), null, use.startIndex);
}

/** True when the expression is built from literals and constants only. */
export function isConstant(node: Node, dialect: Dialect): boolean {
  return constantAt(node, dialect, new Set(), 0);
}

function constantAt(node: Node, dialect: Dialect, visiting: Set<string>, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const t = node.type;
  if (dialect.literals.has(t)) return true;
  if (dialect.strings.has(t)) {
    return dialect.interpolations.length === 0 || node.descendantsOfType(dialect.interpolations).length === 0;
  }
  if (dialect.combinators.has(t)) {
    return node.namedChildren.every(c => c.type === 'comment' || constantAt(c, dialect, visiting, depth + 1));
  }
  if (dialect.wrappers.has(t)) {
    const inner = node.firstNamedChild;
    return !!inner && constantAt(inner, dialect, visiting, depth + 1);
  }
  const memberField = dialect.memberAccess[t];
  if (memberField) return UPPER_CONSTANT.test(node.childForFieldName(memberField)?.text ?? '');
  if (dialect.identifiers.has(t)) {
    const name = node.text;
    const scope = enclosingScope(node, dialect);
    const key = `${scope?.id ?? 'top'}:${name}`;
    // A variable that (re)defines itself from itself, like q = q + "x": judged by its other assignments.
    if (visiting.has(key)) return true;
    const values = reachingValues(name, node, dialect);
    if (!values.length) return UPPER_CONSTANT.test(name);
    visiting.add(key);
    try {
      return values.every(v => constantAt(v, dialect, visiting, depth + 1));
    } finally {
      visiting.delete(key);
    }
  }
  return false;
}
