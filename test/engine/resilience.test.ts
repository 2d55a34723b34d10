// The engine and live documents keep going when something breaks: a rule that throws is reported and
// switched off for that document (the others still run), and range queries cover exactly their range
// even with astral characters before them (web-tree-sitter takes query ranges in bytes).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { TreeLanguageId } from '../../common/src/types';
import { analyzeTree } from '../../server/src/engine/analyzer';
import { LiveDocument } from '../../server/src/lsp/liveDocument';
import { ROOT, sourceEngine } from '../helpers';

describe('resilience', () => {
  it('a rule that throws is switched off for the document and the others still report', async () => {
    const engine = await sourceEngine();
    const code = 'import os\ndef f(cursor, n):\n    q = "SELECT " + n\n    cursor.execute(q)\n    os.system("ls " + n)\n';
    const broken = new Set<string>();
    const failures: string[] = [];
    const rule = engine.ruleSet.rules.get('sql-built-from-strings')!;
    const saved = rule.conditions;
    rule.conditions = [{ kind: 'matches', capture: 'match', regex: { test: () => { throw new Error('boom'); } } as unknown as RegExp }];
    try {
      const live = await LiveDocument.open(engine, 'file:///r.py', 'python', 1, code, {
        budgetMs: 1000,
        isEnabled: (id: string) => !broken.has(id),
        onRuleError: (id: string, e: Error) => { broken.add(id); failures.push(`${id}: ${e.message}`); },
      });
      assert.deepStrictEqual(failures, ['sql-built-from-strings: boom']);
      const ids = live.findings().map(f => f.ruleId);
      assert.ok(!ids.includes('sql-built-from-strings'));
      assert.ok(ids.includes('shell-command-built-from-strings'), `other rules still run: ${ids.join(', ')}`);
      // later edits do not call the broken rule again
      await live.applyChanges([{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '    cursor.execute(q)\n' }], 2);
      assert.strictEqual(failures.length, 1);
      live.dispose();
    } finally {
      rule.conditions = saved;
    }
  });

  it('range analysis finds exactly what full analysis finds in that range, after astral characters', async () => {
    const engine = await sourceEngine();
    const head = '# 😀😀😀 ' + '🎉'.repeat(200) + '\n';
    const body = 'def f(cursor, n):\n    q = "SELECT " + n\n    cursor.execute(q)\n';
    const text = head + body + body;
    const tree = await engine.parse('python', text);
    try {
      const full = await engine.analyze('python', tree);
      const second = text.lastIndexOf('def f');
      const ranged = await engine.analyze('python', tree, { startIndex: second, endIndex: text.length });
      assert.deepStrictEqual(ranged.map(f => f.startIndex), full.filter(f => f.startIndex >= second).map(f => f.startIndex));
      assert.strictEqual(ranged.length, 1);
    } finally {
      tree.delete();
    }
  });
});

describe('released trees', () => {
  it('a document whose tree was released re-parses on its next edit and stays exact', async () => {
    const engine = await sourceEngine();
    const code = 'import os\ndef f(cursor, n):\n    q = "SELECT 1"\n    cursor.execute(q)\n';
    const opts = { budgetMs: 1000, isEnabled: () => true, onRuleError: (id: string, e: Error) => { throw e; } };
    const live = await LiveDocument.open(engine, 'file:///released.py', 'python', 1, code, opts);
    assert.deepStrictEqual(live.findings(), []);
    live.releaseTree();
    assert.strictEqual(live.hasTree(), false);
    await live.applyChanges([{ range: { start: { line: 2, character: 18 }, end: { line: 2, character: 18 } }, text: ' + n' }], 2);
    assert.strictEqual(live.hasTree(), true);
    assert.deepStrictEqual(live.findings().map(f => f.ruleId), ['sql-built-from-strings']);
    const fresh = await engine.scanText('python', live.text);
    assert.deepStrictEqual(live.findings().map(f => f.startIndex), fresh.map(f => f.startIndex));
    live.dispose();
  });

  it('a large file analysed in slices gives exactly the findings of one whole-file analysis', async () => {
    const engine = await sourceEngine();
    const seeds: [TreeLanguageId, string][] = [['python', 'seed.py'], ['javascript', 'seed.js'], ['java', 'seed.java'], ['php', 'seed.php']];
    for (const [language, seed] of seeds) {
      const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'fuzz', seed), 'utf8').repeat(120);
      assert.ok(text.length > 64 * 1024, 'large enough to be sliced');
      const tree = await engine.parse(language, text);
      try {
        const rules = (await engine.ruleSet.forLanguage(language))!;
        const key = (f: { ruleId: string; startIndex: number; endIndex: number }): string => `${f.ruleId}@${f.startIndex}:${f.endIndex}`;
        const whole = analyzeTree(tree, rules, { advisories: engine.advisories }).map(key);
        assert.ok(whole.length > 10, `${language}: the seed has findings`);
        assert.deepStrictEqual((await engine.analyze(language, tree)).map(key), whole, language);
      } finally {
        tree.delete();
      }
    }
  });
});
