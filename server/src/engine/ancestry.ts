// Ancestors of a node, found top-down in one pass. tree-sitter nodes keep no parent pointer: each
// `node.parent` walks down from the root again, so climbing k levels deep in a large file costs k times
// that walk — tens of milliseconds per keystroke. One descent with childWithDescendant costs one walk,
// and the widest step (the root's children, a thousand in a large file) is a binary search over an index
// kept per tree.
import type { Node, Tree } from 'web-tree-sitter';

interface TopLevelIndex {
  children: Node[];
  starts: number[];
}

const indexes = new WeakMap<Tree, TopLevelIndex>();

function topLevel(tree: Tree): TopLevelIndex {
  let idx = indexes.get(tree);
  if (!idx) {
    const children = tree.rootNode.children;
    idx = { children, starts: children.map(c => c.startIndex) };
    indexes.set(tree, idx);
  }
  return idx;
}

/** The top-level node (a child of the root) that contains `node`, or null. */
function topLevelContaining(node: Node): Node | null {
  const { children, starts } = topLevel(node.tree);
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= node.startIndex) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i >= lo - 3; i--) {
    const c = children[i];
    if (c.startIndex <= node.startIndex && c.endIndex >= node.endIndex) return c;
  }
  return null;
}

/** The ancestors of `node`, from the root down to its parent (empty for the root itself). */
export function ancestorsOf(node: Node): Node[] {
  const root = node.tree.rootNode;
  if (node.id === root.id) return [];
  const path: Node[] = [root];
  let cur = topLevelContaining(node) ?? root.childWithDescendant(node);
  for (; cur && cur.id !== node.id; cur = cur.childWithDescendant(node)) {
    path.push(cur);
    if (path.length > 10_000) break; // a malformed tree must not hang the server
  }
  return path;
}

/** The root's children that overlap [s, e] (UTF-16 offsets), from the per-tree index. */
export function topLevelOverlapping(tree: Tree, s: number, e: number): Node[] {
  const { children, starts } = topLevel(tree);
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= s) lo = mid + 1;
    else hi = mid;
  }
  const out: Node[] = [];
  for (let i = Math.max(0, lo - 1); i < children.length && children[i].startIndex <= e; i++) {
    if (children[i].endIndex >= s) out.push(children[i]);
  }
  return out;
}
