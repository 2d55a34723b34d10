// queryImages.ts: every query the bundled rules compile has an image, byte for byte what ts_query_new makes
// of its source today, and every rule query its rewrite, what queryRewrite.ts makes of it today; a query
// rebuilt from its image matches as the compiled one does; an image file made for another runtime or
// grammar, or damaged, is not used. That rebuilt queries never change a match over
// the fixtures and examples is also checked in queryMatches.test.ts, whose engine uses the images.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { QueryMatch } from 'web-tree-sitter';
import type { TreeLanguageId } from '../../common/src/types';
import { Engine } from '../../server/src/engine/engine';
import { isLineLanguage, LANGUAGE_IDS } from '../../server/src/engine/languages';
import { compileQuery, grammarIdentity, imageFile, imageOf, imageUse, readImages, rewrittenQuery, runtimeIdentity } from '../../server/src/engine/queryImages';
import { QueryRunner } from '../../server/src/engine/queryMatches';
import { RuleSet, type CompiledQuery } from '../../server/src/engine/ruleSet';

const TREE_LANGUAGES = LANGUAGE_IDS.filter(l => !isLineLanguage(l)) as TreeLanguageId[];
const describeMatches = (ms: QueryMatch[]): string[] => ms.map(m => `${m.patternIndex}:${m.captures.map(c => `${c.name}=${c.node.startIndex}-${c.node.endIndex}`).join(',')}`);

describe('queryImages', () => {
  let engine: Engine;
  before(async () => {
    // the bundled rules, every query compiled (as the build does before it saves them)
    engine = await Engine.create({ images: false });
  });

  /** Every query the engine compiles for a language from the bundle: the shared one, each anchored or gated rule's. */
  async function compiledQueries(language: TreeLanguageId): Promise<CompiledQuery[]> {
    const rules = await engine.ruleSet.forLanguage(language);
    if (!rules) return [];
    const all = [rules.runner ? (rules as CompiledQuery) : undefined, ...rules.anchored.map(a => a.compiled()), ...rules.gated.map(g => g.compiled())];
    return all.filter((c): c is CompiledQuery => c !== undefined);
  }

  for (const language of TREE_LANGUAGES) {
    it(`${language}: every query has an image, and it is what ts_query_new makes today`, async () => {
      const queries = await compiledQueries(language);
      const grammar = (await engine.ruleSet.forLanguage(language))?.grammar;
      if (!grammar) return;
      assert.ok(queries.length > 0);
      for (const c of queries) {
        const before = imageUse.restored;
        const rebuilt = compileQuery(language, grammar, c.source);
        try {
          assert.strictEqual(imageUse.restored, before + 1, `no image for a ${language} query (rules/ changed since the build? run \`npm run build\`):\n${c.source.slice(0, 300)}`);
          assert.ok(Buffer.from(imageOf(rebuilt)).equals(Buffer.from(imageOf(c.runner.query))), `the image of a ${language} query differs from its compiled form:\n${c.source.slice(0, 300)}`);
          assert.deepStrictEqual(rebuilt.captureNames, c.runner.query.captureNames);
          assert.deepStrictEqual(rebuilt.predicates, c.runner.query.predicates);
        } finally {
          rebuilt.delete();
        }
      }
    });
  }

  /** Compiles every query of the rule set for every language (the shared ones, each anchored or gated rule's). */
  async function compileAll(set: RuleSet): Promise<void> {
    for (const language of TREE_LANGUAGES) {
      const rules = await set.forLanguage(language);
      for (const lazy of [...(rules?.anchored ?? []), ...(rules?.gated ?? [])]) lazy.compiled();
    }
  }

  it('every rule query\'s rewrite is stored, and it is what queryRewrite.ts makes of it today', async () => {
    // a rule set that rewrites every query itself, as the build does, and keeps what it made
    const set = new RuleSet([...engine.ruleSet.rules.values()].map(r => r.spec), [], { images: false, recordRewrites: true });
    await compileAll(set);
    let compared = 0;
    for (const [language, made] of set.rewrites) {
      const grammar = (await set.forLanguage(language))!.grammar;
      for (const [written, rewritten] of made) {
        const stored = rewrittenQuery(language, grammar, written, () => assert.fail(`no stored rewrite for a ${language} rule query (rules/ changed since the build? run \`npm run build\`):\n${written.slice(0, 300)}`));
        assert.strictEqual(stored, rewritten, `the stored rewrite of a ${language} rule query differs from today's:\n${written.slice(0, 300)}`);
        compared++;
      }
    }
    assert.ok(compared > 300, `only ${compared} rewrites compared`);
  });

  it('an engine over the bundled rules rewrites no query itself', async () => {
    const fresh = await Engine.create();
    const before = imageUse.rewritesMade;
    await compileAll(fresh.ruleSet);
    assert.strictEqual(imageUse.rewritesMade, before);
  });

  it('a rebuilt query finds what the compiled one finds (every language, over its rules\' examples)', async () => {
    let compared = 0;
    for (const language of TREE_LANGUAGES) {
      const rules = await engine.ruleSet.forLanguage(language);
      if (!rules) continue;
      const text = [...engine.ruleSet.rules.values()]
        .filter(r => r.spec.languages.includes(language))
        .flatMap(r => [...r.spec.examples.invalid, ...r.spec.examples.valid].map(e => (typeof e === 'string' ? e : e.languages && !e.languages.includes(language) ? '' : e.code)))
        .join('\n');
      const tree = await engine.parse(language, text);
      try {
        for (const c of await compiledQueries(language)) {
          const rebuilt = compileQuery(language, rules.grammar, c.source);
          try {
            const expected = describeMatches(c.runner.matches(tree, text));
            assert.deepStrictEqual(describeMatches(new QueryRunner(rebuilt, rules.grammar).matches(tree, text)), expected);
            compared += expected.length;
          } finally {
            rebuilt.delete();
          }
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(compared > 1000, `only ${compared} matches compared`);
  });

  it('a source without an image is compiled', async () => {
    const grammar = (await engine.ruleSet.forLanguage('python'))!.grammar;
    const before = { ...imageUse };
    const q = compileQuery('python', grammar, '(call function: (identifier) @f (#eq? @f "skeptic_test_only"))');
    try {
      assert.deepStrictEqual(imageUse, { ...before, compiled: before.compiled + 1 });
      assert.deepStrictEqual(q.captureNames, ['f']);
    } finally {
      q.delete();
    }
  });

  describe('an image file is used only by the runtime and grammar it was made with', () => {
    let grammar: Parameters<typeof grammarIdentity>[1];
    let dir: string;
    before(async () => {
      grammar = (await engine.ruleSet.forLanguage('python'))!.grammar;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-images-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('the build\'s own file fits', () => {
      assert.ok(readImages(imageFile('python'), runtimeIdentity(), grammarIdentity('python', grammar)));
    });
    it('another runtime: not used', () => {
      assert.strictEqual(readImages(imageFile('python'), 'f'.repeat(64), grammarIdentity('python', grammar)), null);
    });
    it('another grammar: not used', () => {
      const other = { ...grammarIdentity('python', grammar), nodeTypes: grammar.nodeTypeCount + 1 };
      assert.strictEqual(readImages(imageFile('python'), runtimeIdentity(), other), null);
    });
    it('a missing, damaged or truncated file: not used', () => {
      const identity = grammarIdentity('python', grammar);
      assert.strictEqual(readImages(path.join(dir, 'none.bin'), runtimeIdentity(), identity), null);
      fs.writeFileSync(path.join(dir, 'damaged.bin'), Buffer.from('not an image file at all'));
      assert.strictEqual(readImages(path.join(dir, 'damaged.bin'), runtimeIdentity(), identity), null);
      const whole = fs.readFileSync(imageFile('python'));
      fs.writeFileSync(path.join(dir, 'truncated.bin'), whole.subarray(0, whole.length - 1));
      assert.strictEqual(readImages(path.join(dir, 'truncated.bin'), runtimeIdentity(), identity), null);
    });
  });
});
