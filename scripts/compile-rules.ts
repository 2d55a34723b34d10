// Build step: load every rule under rules/, validate it, compile its query for each of its languages, and
// write the validated bundle (dist/rules.json) that the CLI and the server load at start.
import * as fs from 'fs';
import * as path from 'path';
import { isLineLanguage, LANGUAGE_IDS } from '../server/src/engine/languages';
import { parse } from 'yaml';
import { ADVISORIES_FILE, formatRuleError, loadRulesFromDir } from '../server/src/engine/ruleLoader';
import { advisoryProblem, type Advisory } from '../server/src/engine/supplyChain/advisories';
import { RuleSet } from '../server/src/engine/ruleSet';
import { RULE_TEXTS_FILE } from '../server/src/engine/engine';
import { imagesDir, writeImages } from '../server/src/engine/queryImages';
import { findAssetsDir, initTreeSitter } from '../server/src/engine/treeSitter';
import type { Query } from 'web-tree-sitter';
import type { RuleSpec } from '../server/src/engine/ruleLoader';

async function main(): Promise<void> {
  const [rulesDir, outFile] = process.argv.slice(2);
  const { rules, errors } = loadRulesFromDir(rulesDir);
  await initTreeSitter();
  const set = new RuleSet(rules, errors, { measureEach: true, deriveAnchors: true, images: false });
  for (const lang of LANGUAGE_IDS) await set.prepare(lang);
  const advisories = (parse(fs.readFileSync(path.join(rulesDir, ADVISORIES_FILE), 'utf8')) as { advisories: Advisory[] }).advisories;
  advisories.forEach((a, i) => {
    const problem = advisoryProblem(a);
    if (problem) set.errors.push({ file: `rules/${ADVISORIES_FILE}`, message: `/advisories/${i}: ${problem}` });
  });
  if (set.errors.length) {
    for (const e of set.errors) console.error(formatRuleError(e));
    console.error(`${set.errors.length} rule problem(s); fix them and build again.`);
    process.exit(1);
  }
  const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  // anchors let a rule run only where its words occur (server/src/engine/anchors.ts)
  const bundled = rules.map(r => (set.derivedAnchors.has(r.id) ? { ...r, anchors: set.derivedAnchors.get(r.id) } : r));
  // docs and examples, half the bytes, apart: most commands never show them (readRulesBundle reads them on first use)
  fs.writeFileSync(outFile, JSON.stringify({ version, rules: bundled.map(({ docs: _docs, examples: _examples, ...rest }) => rest), advisories }));
  fs.writeFileSync(path.join(path.dirname(outFile), RULE_TEXTS_FILE), JSON.stringify(Object.fromEntries(bundled.map(r => [r.id, { docs: r.docs, examples: r.examples }]))));
  const anchored = set.derivedAnchors.size;
  console.log(`rules: ${rules.length} (${anchored} anchored) and ${advisories.length} advisories compiled into ${path.relative(process.cwd(), outFile)}`);
  const images = await writeQueryImages(bundled);
  console.log(`query images: ${images.queries} queries, ${(images.bytes / 1024).toFixed(0)} KB in ${path.relative(process.cwd(), imagesDir())}`);
}

/**
 * Compiles every query the engine will compile from the bundle — each language's shared query, each
 * anchored or gated rule alone — exactly as the engine does, and saves their compiled form and the rewrites
 * of the rule queries in them (queryImages.ts).
 */
async function writeQueryImages(bundled: RuleSpec[]): Promise<{ queries: number; bytes: number }> {
  fs.rmSync(imagesDir(), { recursive: true, force: true });
  const set = new RuleSet(bundled, [], { images: false, recordRewrites: true });
  let queries = 0;
  let bytes = 0;
  for (const lang of LANGUAGE_IDS) {
    if (isLineLanguage(lang)) continue;
    const rules = await set.forLanguage(lang);
    if (!rules) continue;
    const compiled = new Map<string, Query>();
    for (const c of [rules, ...rules.anchored.map(a => a.compiled()), ...rules.gated.map(g => g.compiled())]) {
      if (c?.runner && c.source !== undefined) compiled.set(c.source, c.runner.query);
    }
    bytes += writeImages(lang, rules.grammar, compiled, set.rewrites.get(lang) ?? new Map(), findAssetsDir());
    queries += compiled.size;
  }
  return { queries, bytes };
}

main().catch(e => {
  console.error((e as Error).message);
  process.exit(1);
});
