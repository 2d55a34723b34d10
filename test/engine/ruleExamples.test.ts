// Every rule's examples are tests (see server/src/engine/ruleExamples.ts), and every docs section is filled.
import * as assert from 'assert';
import { exampleCases } from '../../server/src/engine/ruleExamples';
import { sourceEngine, sourceRules } from '../helpers';

describe('rule examples', () => {
  let engine: Awaited<ReturnType<typeof sourceEngine>>;
  before(async () => {
    engine = await sourceEngine();
  });
  for (const rule of sourceRules()) {
    describe(rule.id, () => {
      it('has every docs section', () => {
        for (const k of ['what', 'why', 'example', 'useInstead'] as const) assert.ok(rule.docs[k].trim(), `docs.${k} is empty`);
      });
      // Cases are listed before the engine exists; each runs against it lazily.
      const names = exampleCases(rule, undefined as never).map(c => c.name);
      names.forEach((name, i) => it(name, () => exampleCases(rule, engine)[i].run()));
    });
  }
});
