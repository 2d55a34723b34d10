// Runs a rule's own examples as tests: each invalid example must give exactly one finding of the rule,
// each valid example none, each fix example its expected output byte for byte. Used by the test suite
// and by `npm run check-rules` for rule authors.
import type { LanguageId } from '../../../common/src/types';
import type { Engine } from './engine';
import { applyEdits } from './fixes';
import type { Example, RuleSpec } from './ruleLoader';

export interface ExampleCase {
  name: string;
  run: () => Promise<void>;
}

function expand(e: Example, ruleLanguages: LanguageId[]): { code: string; languages: LanguageId[] } {
  return typeof e === 'string' ? { code: e, languages: ruleLanguages } : { code: e.code, languages: e.languages ?? ruleLanguages };
}

function fail(message: string): never {
  throw new Error(message);
}

/** One case per (example, language): run() throws an Error that says what differed. */
export function exampleCases(rule: RuleSpec, engine: Engine): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const findingsOf = async (lang: LanguageId, code: string) => (await engine.scanText(lang, code)).filter(f => f.ruleId === rule.id);
  rule.examples.invalid.forEach((ex, i) => {
    const { code, languages } = expand(ex, rule.languages);
    for (const lang of languages) {
      cases.push({
        name: `invalid #${i + 1} (${lang}) gives exactly one finding`,
        run: async () => {
          const found = await findingsOf(lang, code);
          if (found.length !== 1) fail(`expected 1 finding of ${rule.id}, got ${found.length}, in:\n${code}`);
        },
      });
    }
  });
  rule.examples.valid.forEach((ex, i) => {
    const { code, languages } = expand(ex, rule.languages);
    for (const lang of languages) {
      cases.push({
        name: `valid #${i + 1} (${lang}) gives no finding`,
        run: async () => {
          const found = await findingsOf(lang, code);
          if (found.length) fail(`expected no finding of ${rule.id}, got ${found.length} at ${found.map(f => `${f.range.start.line + 1}:${f.range.start.character + 1}`).join(', ')}, in:\n${code}`);
        },
      });
    }
  });
  (rule.examples.fixes ?? []).forEach((fx, i) => {
    const lang = fx.language ?? rule.languages[0];
    cases.push({
      name: `fix #${i + 1} (${lang}) gives the expected text`,
      run: async () => {
        const found = await findingsOf(lang, fx.input);
        if (found.length !== 1) fail(`expected 1 finding to fix, got ${found.length}, in:\n${fx.input}`);
        const fix = found[0].fix ?? fail('the finding carries no fix');
        const got = applyEdits(fx.input, fix.edits);
        if (got !== fx.output) fail(`fix output differs.\n--- expected\n${fx.output}\n--- got\n${got}`);
      },
    });
  });
  return cases;
}
