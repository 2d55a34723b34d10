// Runs a rule's own examples as tests: each invalid example must give exactly one finding of the rule,
// each valid example none, each fix example its expected output byte for byte. Used by the test suite
// and by `npm run check-rules` for rule authors.
import type { LanguageId } from '../../../common/src/types';
import type { Engine } from './engine';
import { applyEdits } from './fixes';
import type { Example, RuleSpec } from './ruleLoader';
import { virtualFileContext } from './supplyChain/fileContext';

export interface ExampleCase {
  name: string;
  run: () => Promise<void>;
}

interface Expanded {
  code: string;
  languages: LanguageId[];
  path?: string;
  files?: Record<string, string>;
}

/**
 * Secret-shaped example data (provider keys, tokens) is committed in pieces joined by «» and assembled here:
 * a whole key in the repository would be taken for a leak by push protection and every secrets scanner.
 */
export const JOIN_MARK = '«»';
const join = (s: string): string => s.split(JOIN_MARK).join('');

function expand(e: Example, ruleLanguages: LanguageId[]): Expanded {
  if (typeof e === 'string') return { code: join(e), languages: ruleLanguages };
  const files = e.files && Object.fromEntries(Object.entries(e.files).map(([k, v]) => [k, join(v)]));
  return { ...e, code: join(e.code), files, languages: e.languages ?? ruleLanguages };
}

function fail(message: string): never {
  throw new Error(message);
}

/** One case per (example, language): run() throws an Error that says what differed. */
export function exampleCases(rule: RuleSpec, engine: Engine): ExampleCase[] {
  const cases: ExampleCase[] = [];
  // An example may say which file it is (path) and what lies beside it (files): never the disk.
  const findingsOf = async (lang: LanguageId, code: string, where: { path?: string; files?: Record<string, string> } = {}) =>
    (await engine.scanText(lang, code, { file: virtualFileContext(where.path, where.files) })).filter(f => f.ruleId === rule.id);
  rule.examples.invalid.forEach((ex, i) => {
    const { code, languages, ...where } = expand(ex, rule.languages);
    for (const lang of languages) {
      cases.push({
        name: `invalid #${i + 1} (${lang}) gives exactly one finding`,
        run: async () => {
          const found = await findingsOf(lang, code, where);
          if (found.length !== 1) fail(`expected 1 finding of ${rule.id}, got ${found.length}, in:\n${code}`);
        },
      });
    }
  });
  rule.examples.valid.forEach((ex, i) => {
    const { code, languages, ...where } = expand(ex, rule.languages);
    for (const lang of languages) {
      cases.push({
        name: `valid #${i + 1} (${lang}) gives no finding`,
        run: async () => {
          const found = await findingsOf(lang, code, where);
          if (found.length) fail(`expected no finding of ${rule.id}, got ${found.length} at ${found.map(f => `${f.range.start.line + 1}:${f.range.start.character + 1}`).join(', ')}, in:\n${code}`);
        },
      });
    }
  });
  (rule.examples.fixes ?? []).forEach((raw, i) => {
    const fx = { ...raw, input: join(raw.input), output: join(raw.output), files: raw.files && Object.fromEntries(Object.entries(raw.files).map(([k, v]) => [k, join(v)])) };
    const lang = fx.language ?? rule.languages[0];
    cases.push({
      name: `fix #${i + 1} (${lang}) gives the expected text`,
      run: async () => {
        const found = await findingsOf(lang, fx.input, fx);
        if (found.length !== 1) fail(`expected 1 finding to fix, got ${found.length}, in:\n${fx.input}`);
        const fix = found[0].fix ?? fail('the finding carries no fix');
        if (fx.title !== undefined && fix.title !== fx.title) fail(`fix title differs.\n--- expected\n${fx.title}\n--- got\n${fix.title}`);
        const got = applyEdits(fx.input, fix.edits);
        if (got !== fx.output) fail(`fix output differs.\n--- expected\n${fx.output}\n--- got\n${got}`);
      },
    });
  });
  return cases;
}
