// Reads rule files (rules/<language-or-shared>/<id>.yaml), validates each against rules/rule.schema.json
// and the checks a schema cannot express, and reports every problem with the file, field and what to do.
// A broken rule file never stops the others from loading.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import type { LanguageId, LineLanguageId, RuleDocs, Severity, TreeLanguageId } from '../../../common/src/types';
import type { Anchors } from './anchors';
import { isLineLanguage } from './languages';
import { findAssetsDir } from './treeSitter';
import { byCodeUnits } from '../../../common/src/order';

export type Example = string | { code: string; languages?: LanguageId[]; path?: string; files?: Record<string, string> };

export type Ecosystem = 'npm' | 'pypi';

export type Condition =
  | { notConstant: string }
  | { constant: string }
  | { matches: TextTest }
  | { notMatches: TextTest }
  | { assignedToName: TextTest }
  | { valueMatches: TextTest & { sanitizers?: string; sanitizerFlags?: string } }
  | { minEntropy: { capture: string; bitsPerChar: number; minLength?: number } }
  | { pathMatches: { regex: string; flags?: string } }
  | { pathNotMatches: { regex: string; flags?: string } }
  | { split: TextTest }
  | { fileMatches: { regex: string; flags?: string; within?: 'function' } }
  | { fileNotMatches: { regex: string; flags?: string; within?: 'function' } }
  | { siblingFileMissing: string[] }
  | { knownBad: { ecosystem: Ecosystem; name: string; version: string } };

/** Conditions that read the syntax tree: meaningless for line-oriented languages. */
export const TREE_CONDITIONS = ['notConstant', 'constant', 'valueMatches', 'assignedToName'] as const;

export interface LinePatternSpec {
  regex: string;
  flags?: string;
}

export interface TextTest {
  capture: string;
  regex: string;
  flags?: string;
}

export interface FixEditSpec {
  capture: string;
  languages?: LanguageId[];
  /** Apply only when the match has (or has not) this capture. */
  ifCaptured?: string;
  unlessCaptured?: string;
  replace?: string;
  insertBefore?: string;
  insertAfter?: string;
}

/** A rule as written in its YAML file, validated, plus where it came from. */
export interface RuleSpec {
  id: string;
  languages: LanguageId[];
  severity: Severity;
  message: string;
  docs: RuleDocs;
  /** One query for all languages, or one per language (see queryFor). */
  query?: string | Partial<Record<LanguageId, string>>;
  /** For line-oriented languages: a regular expression tried on each logical line. */
  lines?: LinePatternSpec | Partial<Record<LineLanguageId, LinePatternSpec>>;
  report?: string;
  /**
   * A speed hint for rules whose query matches very common nodes (every string literal): a regex found in
   * the text of every match. The rule's query is compiled on its own, and run only over files, or edited
   * regions, that contain it. It must never change the findings (test/engine/queryMatches.test.ts).
   */
  prefilter?: { regex: string; flags?: string };
  /** Derived by the build from the compiled query (anchors.ts), never written in a rule file. */
  anchors?: Partial<Record<TreeLanguageId, Anchors>>;
  conditions?: Condition[];
  fix?: { title: string; safety: 'safe' | 'unsafe'; edits: FixEditSpec[]; pin?: { ecosystem: Ecosystem; name: string; version: string } };
  metadata: {
    cwe: string[];
    owasp: string[];
    references: string[];
    confidence: 'low' | 'medium' | 'high';
    subcategory: 'vuln' | 'audit';
    sources?: { tool: string; rule: string; kind: 'same' | 'inspired' }[];
  };
  status: 'stable' | 'preview' | 'deprecated';
  since: string;
  examples: {
    invalid: Example[];
    valid: Example[];
    fixes?: { input: string; output: string; language?: LanguageId; path?: string; files?: Record<string, string>; title?: string }[];
  };
  /** Path of the rule file relative to the rules root, with forward slashes. */
  file: string;
}

export interface RuleLoadError {
  file: string;
  message: string;
}

export interface LoadedRules {
  rules: RuleSpec[];
  errors: RuleLoadError[];
}

const QUERY_FALLBACK: Partial<Record<LanguageId, LanguageId>> = { tsx: 'typescript', typescript: 'javascript' };

/** The rule's query for a language: its own entry, else typescript -> javascript, tsx -> typescript -> javascript. */
export function queryFor(rule: Pick<RuleSpec, 'query'>, language: LanguageId): string | undefined {
  if (rule.query === undefined || isLineLanguage(language)) return undefined;
  if (typeof rule.query === 'string') return rule.query;
  for (let l: LanguageId | undefined = language; l; l = QUERY_FALLBACK[l]) {
    const q = rule.query[l];
    if (q !== undefined) return q;
  }
  return undefined;
}

/** The rule's line pattern for a line-oriented language: its own entry, else the one for all. */
export function linesFor(rule: Pick<RuleSpec, 'lines'>, language: LanguageId): LinePatternSpec | undefined {
  if (!rule.lines || !isLineLanguage(language)) return undefined;
  if ('regex' in rule.lines && typeof rule.lines.regex === 'string') return rule.lines as LinePatternSpec;
  return (rule.lines as Partial<Record<LineLanguageId, LinePatternSpec>>)[language];
}

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  if (!validator) {
    // The schema ships beside the bundles (dist/rule.schema.json) so that workspace rules validate too.
    const schema = JSON.parse(fs.readFileSync(path.join(findAssetsDir(), 'rule.schema.json'), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

function describeSchemaError(e: ErrorObject): string {
  const field = e.instancePath || '(top level)';
  if (e.keyword === 'additionalProperties') return `${field}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') return `${field}: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`;
  return `${field}: ${e.message}`;
}

/** The advisory data beside the rules (rules/advisories.yaml): not a rule file. */
export const ADVISORIES_FILE = 'advisories.yaml';

/** Every file below dir that `keep` accepts, sorted so that what is built from them is stable. */
export function listFiles(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => byCodeUnits(a.name, b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && keep(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every *.yaml below dir, sorted so that loading order (and so finding order) is stable. */
export function listRuleFiles(dir: string): string[] {
  return listFiles(dir, f => /\.ya?ml$/.test(f));
}

/** Parses and validates one rule file's text. `relFile` is used in messages and as the rule's `file`. */
export function parseRuleText(text: string, relFile: string): { rule?: RuleSpec; errors: string[] } {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    return {
      errors: doc.errors.map(e => {
        const pos = e.linePos?.[0];
        return `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}YAML syntax error: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`;
      }),
    };
  }
  const data = doc.toJS() as unknown;
  const v = validate();
  if (!v(data)) {
    // oneOf failures repeat each branch's complaint; keep the distinct ones.
    return { errors: [...new Set((v.errors ?? []).map(describeSchemaError))] };
  }
  const rule = { ...(data as Omit<RuleSpec, 'file'>), file: relFile.split(path.sep).join('/') };
  const errors: string[] = [];
  const base = path.basename(relFile).replace(/\.ya?ml$/, '');
  if (base !== rule.id) errors.push(`/id: is "${rule.id}" but the file is named "${base}.yaml"; rename one so they match`);
  const folder = path.basename(path.dirname(relFile));
  if (folder !== '.' && folder !== '' && folder !== 'shared' && !rule.languages.includes(folder as LanguageId)) {
    errors.push(`/languages: the rule lives in "${folder}/" but does not list "${folder}"; move it to the folder of one of its languages or to shared/`);
  }
  for (const lang of rule.languages) {
    if (isLineLanguage(lang)) {
      const pattern = linesFor(rule, lang);
      if (!pattern) errors.push(`/lines: has no line pattern for ${lang} (a line-oriented format); add "lines" or remove ${lang} from languages`);
      else {
        try {
          new RegExp(pattern.regex, pattern.flags);
        } catch (e) {
          errors.push(`/lines: the ${lang} pattern is not a valid regular expression: ${(e as Error).message}`);
        }
      }
      const treeOnly = (rule.conditions ?? []).flatMap(c => Object.keys(c)).filter(k => (TREE_CONDITIONS as readonly string[]).includes(k));
      if (treeOnly.length) errors.push(`/conditions: ${[...new Set(treeOnly)].join(', ')} read a syntax tree, which ${lang} has not; use matches/notMatches/minEntropy, or split the rule`);
    } else if (queryFor(rule, lang) === undefined) errors.push(`/query: has no query for ${lang}; add a "${lang}" entry or remove ${lang} from languages`);
  }
  if (rule.fix && !rule.examples.fixes?.length) errors.push('/examples/fixes: a rule with a fix needs at least one fix example (input and exact output)');
  if (rule.fix && !rule.docs.fixSafety) errors.push('/docs/fixSafety: a rule with a fix must say why it is safe, or what to check when it is not');
  return errors.length ? { errors } : { rule, errors };
}

/** A rule file's path for messages: relative to `base` when inside it, else absolute. */
function displayPath(file: string, base: string): string {
  const rel = path.relative(base, file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

/** Loads every rule file below `root`. Errors name the file relative to `displayBase` (default: root's parent). */
export function loadRulesFromDir(root: string, displayBase?: string): LoadedRules {
  const rules: RuleSpec[] = [];
  const errors: RuleLoadError[] = [];
  const seen = new Map<string, string>();
  for (const file of listRuleFiles(root)) {
    const display = displayPath(file, displayBase ?? path.dirname(root));
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      errors.push({ file: display, message: `cannot read the rule file: ${(e as Error).message}` });
      continue;
    }
    if (path.basename(file).endsWith('.schema.yaml') || path.relative(root, file) === ADVISORIES_FILE) continue;
    const { rule, errors: problems } = parseRuleText(text, path.relative(root, file));
    for (const p of problems) errors.push({ file: display, message: p });
    if (!rule) continue;
    const earlier = seen.get(rule.id);
    if (earlier) {
      errors.push({ file: display, message: `/id: "${rule.id}" is already defined in ${earlier}; rule ids must be unique` });
      continue;
    }
    seen.set(rule.id, display);
    rules.push(rule);
  }
  return { rules, errors };
}

export function formatRuleError(e: RuleLoadError): string {
  return `${e.file}: ${e.message}`;
}
