// treeSitter.ts's descendantsOfType gives what web-tree-sitter's Node.descendantsOfType gives: the same
// nodes in the same order, for the type lists value following asks for, over every fixture.
import * as assert from 'assert';
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { DIALECTS } from '../../server/src/engine/dialects';
import { descendantsOfType } from '../../server/src/engine/treeSitter';
import { ROOT, sourceEngine, treeFixtures } from '../helpers';

const describeNodes = (nodes: Node[]): string[] => nodes.map(n => `${n.type}@${n.startIndex}-${n.endIndex}/${n.startPosition.row}.${n.startPosition.column}#${n.id}`);

describe('treeSitter: descendantsOfType', () => {
  it("finds what web-tree-sitter's Node.descendantsOfType finds, over every fixture", async () => {
    const engine = await sourceEngine();
    let compared = 0;
    for (const { file, language, text } of treeFixtures()) {
      const dialect = DIALECTS[language];
      if (!dialect) continue;
      const lists = [[...dialect.identifiers], [...dialect.scopes], [...dialect.calls], Object.keys(dialect.bindings), dialect.interpolations, ['ERROR'], ['no_such_type']];
      const tree = await engine.parse(language, text);
      try {
        // the root, and a node inside (the first top-level statement)
        for (const node of [tree.rootNode, tree.rootNode.firstNamedChild].filter((n): n is Node => !!n)) {
          for (const types of lists) {
            const expected = describeNodes(node.descendantsOfType(types));
            assert.deepStrictEqual(describeNodes(descendantsOfType(node, types)), expected, `${path.relative(ROOT, file)}: ${types.join(' ')}`);
            compared += expected.length;
          }
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(compared > 10000, `only ${compared} nodes compared`);
  });
});
