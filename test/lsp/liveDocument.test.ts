// Live documents keep facts about top-level values between edits (which ones hold request data, which are
// constant); editing such a value must re-check them and re-analyse its readers, for every kind of rule.
import * as assert from 'assert';
import { Engine } from '../../server/src/engine/engine';
import type { RuleSpec } from '../../server/src/engine/ruleLoader';
import { LiveDocument } from '../../server/src/lsp/liveDocument';

/** A rule whose condition follows values and has no sanitizers (the key of its facts has none). */
const followsValues: RuleSpec = {
  id: 'probe-follow', languages: ['javascript'], severity: 'error', message: 'request data reaches sink',
  docs: { what: 'x', why: 'x', example: 'x', useInstead: 'x' },
  query: '(call_expression function: (identifier) @_f (#eq? @_f "sink") arguments: (arguments . (_) @match))',
  conditions: [{ valueMatches: { capture: 'match', regex: '\\breq\\.query' } }],
  metadata: { cwe: ['CWE-20'], owasp: ['A03:2021 - Injection'], references: ['https://example.com'], confidence: 'high', subcategory: 'vuln' },
  status: 'stable', since: '0.1.0', examples: { invalid: ['x'], valid: ['x'] }, file: 'probe.yaml',
};

describe('live document: top-level values a rule followed', () => {
  it('re-checks them when the value is edited, and the finding follows', async () => {
    const engine = await Engine.create({ rules: [followsValues] });
    const text = 'let target = req.query.next;\nfunction go() {\n  sink(target);\n}\n';
    const options = { budgetMs: 5000, isEnabled: () => true, onRuleError: (id: string, e: Error) => assert.fail(`${id}: ${e.message}`) };
    const live = await LiveDocument.open(engine, 'file:///live.js', 'javascript', 1, text, options);
    assert.deepStrictEqual(live.findings().map(f => f.range.start.line), [2]);
    // replace the request read by a constant: the reader in go() must be re-analysed
    const start = text.indexOf('req.query.next');
    const at = (i: number) => ({ line: 0, character: i });
    await live.applyChanges([{ range: { start: at(start), end: at(start + 'req.query.next'.length) }, text: '"/home"' }], 2);
    assert.deepStrictEqual(live.findings(), []);
    await live.applyChanges([{ range: { start: at(start), end: at(start + '"/home"'.length) }, text: 'req.query.next' }], 3);
    assert.deepStrictEqual(live.findings().map(f => f.range.start.line), [2]);
    live.dispose();
  });
});
