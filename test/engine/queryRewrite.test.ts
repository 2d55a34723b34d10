// queryRewrite.ts: which parent types become checked wildcards, that the result compiles, and that
// the type check is what keeps a wildcard from matching a node of another type. That the rewrite never
// changes a match is checked over every fixture and rule example in queryMatches.test.ts.
import * as assert from 'assert';
import { Query, type Language, type Tree } from 'web-tree-sitter';
import { QueryRunner } from '../../server/src/engine/queryMatches';
import { TYPE_CAPTURE_PREFIX, wildcardParents } from '../../server/src/engine/queryRewrite';
import { loadLanguage } from '../../server/src/engine/treeSitter';
import { sourceEngine } from '../helpers';

const any = (): boolean => true;
const T = TYPE_CAPTURE_PREFIX;

describe('queryRewrite', () => {
  const cases: [string, string, string][] = [
    ['a fielded parent becomes a checked wildcard', '(call function: (attribute object: (identifier) @o) @f)', `(call function: (_ object: (identifier) @o) @f @${T}0 (#skeptic-type? @${T}0 "attribute"))`],
    ['checks go to the nearest paren, after the capture they name', '((call function: (attribute object: (call function: (identifier)))) @c (#eq? @c "x"))', `((call function: (_ object: (_ function: (identifier)) @${T}0) @${T}1 (#skeptic-type? @${T}0 "call") (#skeptic-type? @${T}1 "attribute")) @c (#eq? @c "x"))`],
    ['an alternation under a field: each branch is checked', '(call function: [(attribute object: (_)) (identifier)])', `(call function: [(_ object: (_)) @${T}0 (identifier)] (#skeptic-type? @${T}0 "attribute"))`],
    ['a root keeps its type (a wildcard root starts a match at every node)', '(call (argument_list (string)))', '(call (argument_list (string)))'],
    ['an unfielded child keeps its type (a wildcard would be tried on every sibling)', '(block (expression_statement (call)))', '(block (expression_statement (call)))'],
    ['a leaf keeps its type (only steps with children are costly to compile)', '(call function: (identifier) @f)', '(call function: (identifier) @f)'],
    ['a quantified node keeps its type (a wildcard would change what repeats)', '(call arguments: (argument_list (string))* @a)', '(call arguments: (argument_list (string))* @a)'],
    ['a query with a predicate the fast path does not judge is left alone', '(call function: (attribute object: (_)) (#set! x "y"))', '(call function: (attribute object: (_)) (#set! x "y"))'],
    ['comments and strings are read, not rewritten', '; (call function: (attribute x))\n(call function: (attribute object: (_)) (#eq? @x "function: (attribute"))', `; (call function: (attribute x))\n(call function: (_ object: (_)) @${T}0 (#eq? @x "function: (attribute") (#skeptic-type? @${T}0 "attribute"))`],
  ];
  for (const [what, query, expected] of cases) {
    it(what, () => assert.strictEqual(wildcardParents(query, any), expected));
  }

  it('leaves types the caller says cannot be checked (supertypes)', () => {
    assert.strictEqual(wildcardParents('(call function: (primary_expression (identifier)))', t => t !== 'primary_expression'), '(call function: (primary_expression (identifier)))');
  });

  it('finds something to rewrite in most rules (Python), and what it writes compiles', async () => {
    const engine = await sourceEngine();
    const rules = (await engine.ruleSet.forLanguage('python'))!;
    const grammar = rules.grammar;
    const supertypes = new Set(grammar.supertypes.map(id => grammar.types[id]));
    const sources = rules.anchored.map(a => a.rule.spec.query).map(q => (typeof q === 'string' ? q : q!.python!));
    const rewritten = sources.map(s => wildcardParents(s, t => !supertypes.has(t) && grammar.idForNodeType(t, true) !== null));
    assert.ok(rewritten.filter((r, i) => r !== sources[i]).length > sources.length / 2, 'most rules have a fielded parent');
    for (const r of rewritten) new Query(grammar, r).delete();
  });

  /** Runs `f` over a Python tree of `text`, with the grammar. */
  async function withPython(text: string, f: (grammar: Language, tree: Tree) => void): Promise<void> {
    const grammar = await loadLanguage('python');
    const tree = await (await sourceEngine()).parse('python', text);
    try {
      f(grammar, tree);
    } finally {
      tree.delete();
    }
  }

  it('the type check rejects a node of another type that has the same shape', () =>
    // a call's arguments are an argument_list or, for `f(x for x in y)`, a generator_expression
    withPython('f(x for x in y)\ng(x)\n', (grammar, tree) => {
      const written = '(call arguments: (argument_list (identifier) @a))';
      const rewritten = wildcardParents(written, any);
      assert.notStrictEqual(rewritten, written);
      const found = new QueryRunner(new Query(grammar, rewritten), grammar).matches(tree, 'f(x for x in y)\ng(x)\n').map(m => m.captures.map(c => `${c.name}=${c.node.text}`).join());
      assert.deepStrictEqual(found, ['a=x']);
      assert.strictEqual(new Query(grammar, written).matches(tree.rootNode).length, 1);
      // without the check, the wildcard matches the generator expression too
      const unchecked = rewritten.replace(/ \(#skeptic-type\?[^)]*\)/, '');
      assert.strictEqual(new Query(grammar, unchecked).matches(tree.rootNode).length, 2);
    }));

  it('one match where two rewritten branches of an alternation fit the same node, as tree-sitter gives for the query as written', () =>
    withPython('f(x)\n', (grammar, tree) => {
      const written = '(call arguments: [(argument_list . (_) @a) (argument_list (_) @a .)])';
      const rewritten = wildcardParents(written, any);
      assert.notStrictEqual(rewritten, written);
      assert.strictEqual(new Query(grammar, written).matches(tree.rootNode).length, 1);
      assert.strictEqual(new QueryRunner(new Query(grammar, rewritten), grammar).matches(tree, 'f(x)\n').length, 1);
    }));

  it('a runner refuses a rewritten query it cannot judge the checks of', async () => {
    const grammar = await loadLanguage('python');
    const q = new Query(grammar, wildcardParents('(call function: (attribute object: (_)))', any));
    assert.throws(() => new QueryRunner(q), /fast path/);
  });
});
