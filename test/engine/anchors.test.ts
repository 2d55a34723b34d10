// Anchors: which words a rule's matches must contain (from its predicates), where a rule then runs, and
// the depth a ranged analysis must start matches at. That they never change a finding is checked over
// every fixture in queryMatches.test.ts; these pin down the pieces.
import * as assert from 'assert';
import { Query } from 'web-tree-sitter';
import { anchorRanges, deriveAnchors, mayMatch, straddlingDepth, Vocabulary, WordIndex } from '../../server/src/engine/anchors';
import { requiredWords } from '../../server/src/engine/requiredWords';
import { wasmRuntime } from '../../server/src/engine/treeSitter';
import { sourceEngine, treeFixtures } from '../helpers';

describe('anchors', () => {
  describe('requiredWords', () => {
    const cases: [string, string[] | undefined][] = [
      ['^(open|io\\.open|send_file)$', ['open', 'send_file']],
      ['\\.filename\\b', ['filename']],
      ['(^|\\.)(readFile|readFileSync)$', ['readFile', 'readFileSync']],
      ['\\breq\\.(param|get)\\(', ['param', 'req']],
      ['^["\'](/bin/)?(sh|bash)["\']$', ['sh', 'bash', 'bin']],
      ['^\\w+\\.(get|post)$', ['get', 'post']],
      ['^md5$', ['md5']],
      ['^(?:x|yy)[\\s,]+z$', ['x', 'yy']],
      // an optional separator may be empty: "xz" is one word
      ['^(?:x|yy)[\\s,]*z$', undefined],
      // the match may sit inside a longer word: no word can be promised
      ['foo', undefined],
      ['^sha', undefined],
      ['_(DIR|PATH)$', undefined],
      ['^[A-Z]', undefined],
      // not understood: nothing rather than something wrong
      ['(?i)md5', undefined],
      ['(?<name>x)', undefined],
      ['^\\u0041bc$', undefined],
    ];
    for (const [regex, expected] of cases) {
      it(`${regex} -> ${JSON.stringify(expected)}`, () => {
        const got = requiredWords(regex);
        assert.deepStrictEqual(got && [...got].sort(), expected && [...expected].sort());
      });
    }

    it('every word it gives for a regex occurs in strings the regex matches', () => {
      const samples: [string, string[]][] = [
        ['^(open|io\\.open|send_file)$', ['open', 'io.open', 'send_file']],
        ['\\breq\\.(param|get)\\(', ['x = req.param(', 'req.get(']],
        ['^\\w+\\.(get|post)$', ['requests.get', 'client.post']],
      ];
      for (const [regex, texts] of samples) {
        const words = requiredWords(regex)!;
        for (const t of texts) {
          assert.ok(new RegExp(regex).test(t), t);
          assert.ok(words.some(w => new WordIndex(t).has(w)), `${regex}: none of ${words} in ${t}`);
        }
      }
    });
  });

  describe('deriveAnchors', () => {
    /** The anchors derived from a Python query. */
    async function anchorsOf(source: string): Promise<ReturnType<typeof deriveAnchors>> {
      const grammar = (await (await sourceEngine()).ruleSet.forLanguage('python'))!.grammar;
      const query = new Query(grammar, source);
      try {
        return deriveAnchors(wasmRuntime(), query);
      } finally {
        query.delete();
      }
    }

    it('takes words from #eq?, #any-of? and #match? on captures every match has', async () => {
      const anchors = await anchorsOf(`
        ((call function: (attribute object: (identifier) @_m attribute: (identifier) @_f)) @match
          (#eq? @_m "yaml") (#any-of? @_f "load" "load_all"))
        ((call function: (identifier) @_f arguments: (argument_list (keyword_argument name: (identifier) @_k)?)) @match
          (#match? @_f "^(eval|exec)$") (#eq? @_k "globals"))`);
      assert.deepStrictEqual(anchors, [[['yaml'], ['load', 'load_all']], [['eval', 'exec']]]);
    });

    it('gives an empty list for a pattern with no word to wait for (it runs in the shared query)', async () => {
      const anchors = await anchorsOf('((call function: (identifier) @_f) @match (#eq? @_f "eval")) ((string) @match (#match? @match "secret"))');
      assert.deepStrictEqual(anchors, [[['eval']], []]);
    });

    it('gives none when no pattern has a word to wait for', async () => {
      assert.strictEqual(await anchorsOf('((string) @match (#match? @match "secret")) ((call) @match)'), undefined);
    });
  });

  describe('the word index', () => {
    it('with a vocabulary, finds each of its words where the index of every word does (every fixture, whole and in part)', async () => {
      const engine = await sourceEngine();
      let compared = 0;
      for (const { file, language, text } of treeFixtures()) {
        const vocabulary: Vocabulary | undefined = (await engine.ruleSet.forLanguage(language))?.vocabulary;
        if (!vocabulary?.words.size) continue;
        for (const [from, to] of [[0, text.length], [Math.floor(text.length / 3), Math.floor((2 * text.length) / 3)]]) {
          const everyWord = new WordIndex(text, from, to);
          const anchorWords: WordIndex = new WordIndex(text, from, to, vocabulary);
          const expected = [...vocabulary.words].map(w => `${w}:${everyWord.at(w).join(',')}`).join(' ');
          assert.strictEqual([...vocabulary.words].map(w => `${w}:${anchorWords.at(w).join(',')}`).join(' '), expected, `${file} [${from}, ${to})`);
          for (const w of vocabulary.words) compared += everyWord.at(w).length;
          assert.deepStrictEqual([...anchorWords.words()].sort(), [...everyWord.words()].filter(w => vocabulary.words.has(w)).sort());
        }
      }
      assert.ok(compared > 1000, `only ${compared} occurrences compared`);
    });

    it('finds every word where /[A-Za-z_$][\\w$]*/g does (every fixture)', () => {
      let words = 0;
      for (const { file, text } of treeFixtures()) {
        const expected = new Map<string, number[]>();
        for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) expected.set(m[0], [...(expected.get(m[0]) ?? []), m.index]);
        const index = new WordIndex(text);
        assert.deepStrictEqual(new Set(index.words()), new Set(expected.keys()), file);
        for (const [word, at] of expected) assert.deepStrictEqual(index.at(word), at, `${file}: ${word}`);
        words += expected.size;
      }
      assert.ok(words > 10000, `only ${words} words compared`);
    });

    it('cuts words as [A-Za-z_$][\\w$]* does, at the ends of its range too', () => {
      const index = new WordIndex('a1 $b.c_d 9e éf gh', 1, 17);
      assert.deepStrictEqual([...index.words()], ['$b', 'c_d', 'e', 'f', 'g']);
      assert.deepStrictEqual(index.at('$b'), [3]);
    });

    it('does not take a word for an anchor whose hash it shares', () => {
      // "Aa" and "BB" have the same 31-multiplier hash
      const index = new WordIndex('BB Aa BB', 0, 8, new Vocabulary(['Aa']));
      assert.deepStrictEqual(index.at('Aa'), [3]);
      assert.deepStrictEqual([...index.words()], ['Aa']);
    });

    it('with a vocabulary, refuses to be asked for another word (it would wrongly answer "absent")', () => {
      assert.throws(() => new WordIndex('x y', 0, 3, new Vocabulary(['x'])).at('y'), /not in the index's vocabulary/);
    });
  });

  describe('where an anchored rule runs', () => {
    const text = 'import yaml\nx = 1\n' + 'y = 2\n'.repeat(100) + 'data = yaml.load(s)\nmore = yaml.load(t)\n';
    const anchors = [[['yaml'], ['load', 'load_all']]];

    it('runs only where the rarest word of each pattern occurs, joining close occurrences', () => {
      const index = new WordIndex(text);
      assert.ok(mayMatch(anchors, index));
      // "load" (2 occurrences) is rarer than "yaml" (3): its two lines are close, so one range
      const first = text.indexOf('load');
      const last = text.lastIndexOf('load') + 'load'.length;
      assert.deepStrictEqual(anchorRanges(anchors, index, 0, text.length), [[first, last]]);
      // within a range that holds neither, nowhere
      assert.deepStrictEqual(anchorRanges(anchors, index, 20, 200), []);
    });

    it('does not run where a candidate is missing from the file', () => {
      assert.ok(!mayMatch(anchors, new WordIndex('import yaml\nyaml.safe_load(s)\n')));
      assert.ok(!mayMatch(anchors, new Set(['load'])));
    });

    it('starts matches of a ranged run no deeper than the nodes straddling the range', async () => {
      const engine = await sourceEngine();
      const source = 'class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n';
      const tree = await engine.parse('python', source);
      try {
        const g = tree.rootNode.descendantsOfType('function_definition')[1];
        // module (0) > class_definition (1) > block (2) > function_definition g (3, inside the range)
        assert.strictEqual(straddlingDepth(tree.rootNode, g.startIndex, g.endIndex), 2);
        const cls = tree.rootNode.firstChild!;
        assert.strictEqual(straddlingDepth(tree.rootNode, cls.startIndex, cls.endIndex), 0);
      } finally {
        tree.delete();
      }
    });
  });
});
