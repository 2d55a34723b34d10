// What several test files need: the repository root, the rules as written, an engine over them, and the
// detection fixtures of the tree languages.
import * as fs from 'fs';
import * as path from 'path';
import type { TreeLanguageId } from '../common/src/types';
import { Engine } from '../server/src/engine/engine';
import { isLineLanguage, languageForPath } from '../server/src/engine/languages';
import { loadRulesFromDir, type RuleSpec } from '../server/src/engine/ruleLoader';
import { listFixtures } from '../scripts/fixtures';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RULES_DIR = path.join(ROOT, 'rules');

let rules: RuleSpec[] | undefined;
export function sourceRules(): RuleSpec[] {
  if (!rules) {
    const loaded = loadRulesFromDir(RULES_DIR);
    if (loaded.errors.length) throw new Error(loaded.errors.map(e => `${e.file}: ${e.message}`).join('\n'));
    rules = loaded.rules;
  }
  return rules;
}

let engine: Promise<Engine> | undefined;
/** One engine over the rules as they are in rules/ (not the build's bundle), shared by the tests. */
export function sourceEngine(): Promise<Engine> {
  engine ??= Engine.create({ rules: sourceRules(), deriveAnchors: true });
  return engine;
}

/** Every detection fixture in a tree language (test/fixtures/detect), with its text. */
export function treeFixtures(): { file: string; language: TreeLanguageId; text: string }[] {
  return listFixtures(path.join(ROOT, 'test', 'fixtures', 'detect')).flatMap(file => {
    const language = languageForPath(file);
    return language && !isLineLanguage(language) ? [{ file, language: language as TreeLanguageId, text: fs.readFileSync(file, 'utf8') }] : [];
  });
}

let asWritten: Promise<Engine> | undefined;
/** The same, with every query compiled as written (no wildcards from queryRewrite.ts). */
export function sourceEngineAsWritten(): Promise<Engine> {
  asWritten ??= Engine.create({ rules: sourceRules(), deriveAnchors: true, asWritten: true });
  return asWritten;
}
