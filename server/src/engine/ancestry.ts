// Ancestors of a node, found top-down in one pass. tree-sitter nodes keep no parent pointer: each
// `node.parent` walks down from the root again, so climbing k levels deep in a large file costs k times
// that walk — tens of milliseconds per keystroke. One descent with childWithDescendant costs one walk.
import type { Node } from 'web-tree-sitter';

/** The ancestors of `node`, from the root down to its parent (empty for the root itself). */
export function ancestorsOf(node: Node): Node[] {
  const root = node.tree.rootNode;
  const path: Node[] = [];
  for (let cur: Node | null = root; cur && cur.id !== node.id; cur = cur.childWithDescendant(node)) {
    path.push(cur);
    if (path.length > 10_000) break; // a malformed tree must not hang the server
  }
  return path;
}
