// The fast matcher, the rewritten queries, the prefilters and the anchors change how rules run, never what
// they find: QueryRunner over the rewritten queries gives the matches Query.matches gives over the queries as
// written, and every prefilter and anchor leaves every example and fixture
// with the findings it has without them (whole files, the top-level slices a large file is analysed in,
// and each function alone, as a live document re-analyses an edit: the enclosing class or the call a
// callback is passed to straddles that range).
import * as assert from 'assert';
import * as path from 'path';
import { Node, type QueryMatch, type Tree } from 'web-tree-sitter';
import type { Finding, LanguageId, TreeLanguageId } from '../../common/src/types';
import { analyzeTree } from '../../server/src/engine/analyzer';
import { DIALECTS } from '../../server/src/engine/dialects';
import { isLineLanguage } from '../../server/src/engine/languages';
import { QueryRunner } from '../../server/src/engine/queryMatches';
import { TYPE_CAPTURE_PREFIX } from '../../server/src/engine/queryRewrite';
import { JOIN_MARK } from '../../server/src/engine/ruleExamples';
import type { Example } from '../../server/src/engine/ruleLoader';
import type { LanguageRules } from '../../server/src/engine/ruleSet';
import { ROOT, sourceEngine, sourceEngineAsWritten, sourceRules, treeFixtures } from '../helpers';

const describeMatches = (ms: QueryMatch[]): string[] =>
  ms.map(m => `${m.patternIndex}:${m.captures.map(c => `${c.name}=${c.node.type}@${c.node.startIndex}-${c.node.endIndex}/${c.node.startPosition.row}.${c.node.startPosition.column}`).join(',')}`);
const describeFindings = (fs_: Finding[]): string[] => fs_.map(f => `${f.ruleId}@${f.startIndex}-${f.endIndex} ${f.fix?.title ?? ''}`);

/** Every text the rules are tested on, per tree language: fixtures, and the rules' examples. */
function corpus(): { name: string; language: TreeLanguageId; text: string }[] {
  const out: { name: string; language: TreeLanguageId; text: string }[] = [];
  for (const { file, language, text } of treeFixtures()) out.push({ name: path.relative(ROOT, file), language, text });
  const perLanguage = new Map<LanguageId, string[]>();
  const add = (e: Example, languages: LanguageId[]): void => {
    const code = (typeof e === 'string' ? e : e.code).split(JOIN_MARK).join('');
    for (const l of typeof e === 'string' ? languages : (e.languages ?? languages)) perLanguage.set(l, [...(perLanguage.get(l) ?? []), code]);
  };
  for (const r of sourceRules()) {
    for (const e of [...r.examples.invalid, ...r.examples.valid]) add(e, r.languages);
    for (const f of r.examples.fixes ?? []) add(f.input, [f.language ?? r.languages[0]]);
  }
  for (const [language, codes] of perLanguage) {
    if (isLineLanguage(language)) continue;
    // each example alone (a broken one must not hide the others) and all of them in one text
    codes.forEach((text, i) => out.push({ name: `${language} example ${i + 1}`, language: language as TreeLanguageId, text }));
    out.push({ name: `${language} examples together`, language: language as TreeLanguageId, text: codes.join('\n') });
  }
  return out;
}

async function withTree<T>(language: TreeLanguageId, text: string, f: (tree: Tree, rules: LanguageRules) => T): Promise<T | undefined> {
  const engine = await sourceEngine();
  const rules = await engine.ruleSet.forLanguage(language);
  if (!rules) return undefined;
  const tree = await engine.parse(language, text);
  try {
    return f(tree, rules);
  } finally {
    tree.delete();
  }
}

describe('QueryRunner and prefilters', function () {
  this.timeout(120_000);
  const texts = corpus();

  it('has texts in every tree language the rules cover', () => {
    const languages = new Set(texts.map(t => t.language));
    for (const l of ['javascript', 'typescript', 'tsx', 'python', 'java', 'csharp', 'go', 'php', 'ruby', 'c', 'cpp', 'json', 'yaml', 'hcl', 'toml']) assert.ok(languages.has(l as TreeLanguageId), l);
  });

  it('gives the matches Query.matches gives for the queries as written, on every text, whole and over a range', async () => {
    // the engine compiles queries with queryRewrite.ts's checked wildcards; web-tree-sitter's own
    // Query.matches over the queries as written is the reference
    let compared = 0;
    let withMatches = 0;
    let rewritten = 0;
    const reference = await sourceEngineAsWritten();
    for (const t of texts) {
      const written = await reference.ruleSet.forLanguage(t.language);
      await withTree(t.language, t.text, (tree, rules) => {
        const runnersOf = (r: LanguageRules | undefined): (QueryRunner | undefined)[] => [r?.runner, ...(r?.gated ?? []).map(g => g.compiled()?.runner), ...(r?.anchored ?? []).map(a => a.compiled()?.runner)];
        const runners = runnersOf(rules);
        const references = runnersOf(written);
        assert.strictEqual(runners.length, references.length, `${t.language}: the same rules, run the same way`);
        const end = tree.rootNode.endIndex;
        const ranges = [undefined, { startIndex: 2 * Math.floor(end / 3), endIndex: 2 * Math.floor((2 * end) / 3) }];
        runners.forEach((runner, k) => {
          if (!runner) return;
          assert.ok(runner.fast, `${t.language}: a predicate the fast path does not know sends the whole query to Query.matches`);
          if (runner.query.captureNames.some(n => n.startsWith(TYPE_CAPTURE_PREFIX))) rewritten++;
          for (const range of ranges) {
            const expected = describeMatches(references[k]!.query.matches(tree.rootNode, range));
            assert.deepStrictEqual(describeMatches(runner.matches(tree, t.text, range)), expected, `${t.name} ${range ? 'ranged' : 'whole'}`);
            compared++;
            if (expected.length) withMatches++;
          }
        });
      });
    }
    assert.ok(withMatches > 500, `only ${withMatches} of ${compared} comparisons had matches`);
    assert.ok(rewritten > 1000, `only ${rewritten} runs of a rewritten query: the comparison proves little`);
  });

  it('the shared query finds the functions value following indexes, as a walk of the tree does', async () => {
    let compared = 0;
    for (const t of texts) {
      const scopes = [...DIALECTS[t.language].scopes];
      await withTree(t.language, t.text, (tree, rules) => {
        if (rules.scopePattern === undefined || !rules.runner) return;
        const found = rules.runner.matches(tree, t.text).filter(m => m.patternIndex === rules.scopePattern).map(m => m.captures[0].node.id);
        // (descendantsOfType also returns the `function` keyword, an anonymous node of the same name)
        const walked = tree.rootNode.descendantsOfType(scopes).filter(n => n.isNamed).map(n => n.id);
        assert.deepStrictEqual([...found].sort(), [...walked].sort(), t.name);
        if (walked.length) compared++;
      });
    }
    assert.ok(compared > 200, `only ${compared} texts with functions`);
  });

  it('makes nodes that behave as web-tree-sitter nodes', async () => {
    await withTree('python', 'import os\nos.system("ls " + name)\n', (tree, rules) => {
      const shell = rules.anchored.find(a => a.rule.spec.id === 'shell-command-built-from-strings')?.compiled() ?? rules;
      const m = shell.runner!.matches(tree, 'import os\nos.system("ls " + name)\n').find(x => x.captures.some(c => c.node.type === 'binary_operator'));
      assert.ok(m, 'the shell rule matched');
      const node = m.captures.find(c => c.node.type === 'binary_operator')!.node;
      assert.ok(node instanceof Node);
      assert.strictEqual(node.text, '"ls " + name');
      assert.strictEqual(node.parent?.type, 'argument_list');
      assert.strictEqual(node.childForFieldName('right')?.text, 'name');
      assert.deepStrictEqual(node.endPosition, { row: 1, column: 22 });
    });
  });

  it('prefilters and anchors never change the findings: whole texts', async () => {
    const gatedIds = new Set(sourceRules().filter(r => r.prefilter).map(r => r.id));
    assert.ok(gatedIds.size >= 10, 'the provider-key rules carry prefilters');
    let gatedFindings = 0;
    let anchoredFindings = 0;
    let anchoredRules = 0;
    for (const t of texts) {
      await withTree(t.language, t.text, (tree, rules) => {
        const without = analyzeTree(tree, rules, { ignorePrefilters: true });
        assert.deepStrictEqual(describeFindings(analyzeTree(tree, rules)), describeFindings(without), t.name);
        gatedFindings += without.filter(f => gatedIds.has(f.ruleId)).length;
        const anchoredIds = new Set(rules.anchored.map(a => a.rule.spec.id));
        anchoredRules = Math.max(anchoredRules, anchoredIds.size);
        anchoredFindings += without.filter(f => anchoredIds.has(f.ruleId)).length;
      });
    }
    assert.ok(gatedFindings > 50, `only ${gatedFindings} findings of prefiltered rules: the comparison proves little`);
    assert.ok(anchoredRules > 20, `only ${anchoredRules} rules of a language have anchors`);
    assert.ok(anchoredFindings > 1000, `only ${anchoredFindings} findings of anchored rules: the comparison proves little`);
  });

  it('prefilters and anchors never change the findings: each function alone', async () => {
    let compared = 0;
    for (const t of texts) {
      await withTree(t.language, t.text, (tree, rules) => {
        const scopes = [...DIALECTS[t.language].scopes];
        if (!scopes.length) return;
        for (const fn of tree.rootNode.descendantsOfType(scopes)) {
          const range = { startIndex: fn.startIndex, endIndex: fn.endIndex };
          const got = describeFindings(analyzeTree(tree, rules, range));
          assert.deepStrictEqual(got, describeFindings(analyzeTree(tree, rules, { ...range, ignorePrefilters: true })), `${t.name}: function at ${fn.startPosition.row + 1}`);
          if (got.length) compared++;
        }
      });
    }
    assert.ok(compared > 500, `only ${compared} functions with findings`);
  });

  it('anchors never change the findings when the words are gathered range by range (a live document, a large file)', async () => {
    const union = (fs_: Finding[][]): string[] => [...new Set(fs_.flatMap(describeFindings))].sort();
    for (const t of texts) {
      await withTree(t.language, t.text, (tree, rules) => {
        const words = new Set<string>(); // starts empty: each slice adds its words before rules are gated
        const gathered = tree.rootNode.children.map(c => analyzeTree(tree, rules, { startIndex: c.startIndex, endIndex: c.endIndex, presentWords: words }));
        const plain = tree.rootNode.children.map(c => analyzeTree(tree, rules, { startIndex: c.startIndex, endIndex: c.endIndex, ignorePrefilters: true }));
        assert.deepStrictEqual(union(gathered), union(plain), t.name);
      });
    }
  });

  it('prefilters and anchors never change the findings: each top-level statement alone', async () => {
    for (const t of texts) {
      await withTree(t.language, t.text, (tree, rules) => {
        for (const child of tree.rootNode.children) {
          const range = { startIndex: child.startIndex, endIndex: child.endIndex };
          const got = describeFindings(analyzeTree(tree, rules, range));
          assert.deepStrictEqual(got, describeFindings(analyzeTree(tree, rules, { ...range, ignorePrefilters: true })), `${t.name} at ${child.startPosition.row + 1}`);
        }
      });
    }
  });
});
