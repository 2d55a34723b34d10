// For rule authors: `npm run check-rules [-- FILE_OR_DIR…]` validates rule files, compiles their queries
// and runs their examples, printing each problem with its file. Default: all of rules/.
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../server/src/engine/engine';
import { exampleCases } from '../server/src/engine/ruleExamples';
import { Query } from 'web-tree-sitter';
import type { TreeLanguageId } from '../common/src/types';
import { formatRuleError, loadRulesFromDir, parseRuleText, queryFor, type RuleLoadError, type RuleSpec } from '../server/src/engine/ruleLoader';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const rulesRoot = path.join(root, 'rules');
  const targets = process.argv.slice(2);
  const specs: RuleSpec[] = [];
  const errors: RuleLoadError[] = [];
  for (const t of targets.length ? targets : [rulesRoot]) {
    const abs = path.resolve(t);
    if (fs.statSync(abs).isDirectory()) {
      const loaded = loadRulesFromDir(abs, root);
      specs.push(...loaded.rules);
      errors.push(...loaded.errors);
    } else {
      const { rule, errors: problems } = parseRuleText(fs.readFileSync(abs, 'utf8'), path.relative(rulesRoot, abs));
      for (const message of problems) errors.push({ file: path.relative(root, abs), message });
      if (rule) specs.push(rule);
    }
  }
  const engine = await Engine.create({ rules: specs, measureEach: true, compileRuns: 3 });
  for (const lang of new Set(specs.flatMap(s => s.languages))) await engine.ruleSet.prepare(lang);
  errors.push(...engine.ruleSet.errors);
  // All of a language's rules compile into one query at start-up: a rule that is slow to compile is
  // usually slow to match too (deep wildcard nesting, many alternations).
  const LIMIT_MS = Number(process.env.SKEPTIC_QUERY_COMPILE_LIMIT_MS ?? 60);
  for (const rule of specs) {
    for (const [lang, ms] of Object.entries(engine.ruleSet.compileMs.get(rule.id) ?? {})) {
      if (ms > LIMIT_MS) errors.push({ file: `rules/${rule.file}`, message: `/query: takes ${ms.toFixed(0)} ms to compile for ${lang} (limit ${LIMIT_MS} ms); anchor it on a distinctive node and replace (_ (_ …)) nesting with a condition such as assignedToName` });
    }
  }
  // Matching cost: each rule's query over ~1,500 lines of dense, realistic code per language (the fuzz
  // seeds, repeated). A slow rule is paid by every keystroke in every file of its language.
  const MATCH_LIMIT_MS = Number(process.env.SKEPTIC_QUERY_MATCH_LIMIT_MS ?? 10);
  const seeds: Record<string, string> = { python: 'seed.py', javascript: 'seed.js', typescript: 'seed.ts', tsx: 'seed.tsx', java: 'seed.java', csharp: 'seed.cs', go: 'seed.go', json: 'seed.json', php: 'seed.php', ruby: 'seed.rb', c: 'seed.c', cpp: 'seed.cpp', yaml: 'seed.yaml', hcl: 'seed.tf', toml: 'seed.toml' };
  for (const [lang, seedFile] of Object.entries(seeds) as [TreeLanguageId, string][]) {
    const rulesHere = specs.filter(r => r.languages.includes(lang) && !errors.some(e => e.file.endsWith(r.file)));
    if (!rulesHere.length) continue;
    const seed = fs.readFileSync(path.join(root, 'test', 'fixtures', 'fuzz', seedFile), 'utf8');
    const corpus = seed.repeat(Math.ceil(1500 / seed.split('\n').length));
    const tree = await engine.parse(lang, corpus);
    const grammar = tree.language;
    // The first queries of a process run before the matching code is optimised: warm up, then take the
    // best of five runs, so that a rule is not blamed for the process's start or a busy machine.
    for (let i = 0; i < 3; i++) {
      // with a text predicate too: the predicate code in JS needs its own warm-up
      const warm = new Query(grammar, '(ERROR) @warm\n((_) @text (#eq? @text "skeptic-warm-up"))');
      warm.matches(tree.rootNode);
      warm.delete();
    }
    for (const rule of rulesHere) {
      const q = new Query(grammar, queryFor(rule, lang)!);
      let ms = Infinity;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        q.matches(tree.rootNode);
        ms = Math.min(ms, performance.now() - started);
      }
      q.delete();
      if (ms > MATCH_LIMIT_MS) errors.push({ file: `rules/${rule.file}`, message: `/query: takes ${ms.toFixed(0)} ms to match 1,500 lines of ${lang} (limit ${MATCH_LIMIT_MS} ms); anchor it on a distinctive node (a call with a named function) rather than wildcards, and move broad checks into conditions` });
    }
    tree.delete();
  }
  let passed = 0;
  const failures: string[] = [];
  for (const rule of specs) {
    if (errors.some(e => e.file.endsWith(rule.file))) continue;
    for (const c of exampleCases(rule, engine)) {
      try {
        await c.run();
        passed++;
      } catch (e) {
        failures.push(`rules/${rule.file}: ${c.name}: ${(e as Error).message}`);
      }
    }
  }
  for (const e of errors) console.error(formatRuleError(e));
  for (const f of failures) console.error(f + '\n');
  console.log(`${specs.length} rules; ${passed} examples passed, ${failures.length} failed; ${errors.length} rule file problem(s)`);
  process.exit(errors.length || failures.length ? 1 : 0);
}

main().catch(e => {
  console.error((e as Error).message);
  process.exit(2);
});
