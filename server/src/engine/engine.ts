// The engine's front door, shared by the CLI and the language server: loads the rules (the compiled
// bundle, plus optional rule folders), parses text with a time budget and returns findings.
import * as fs from 'fs';
import * as path from 'path';
import { Parser, type Tree } from 'web-tree-sitter';
import type { Finding, LanguageId, LineLanguageId, TreeLanguageId } from '../../../common/src/types';
import { analyzeTree, type AnalyzeOptions } from './analyzer';
import { isLineLanguage } from './languages';
import { analyzeLines } from './lineRules';
import { loadRulesFromDir, type RuleLoadError, type RuleSpec } from './ruleLoader';
import { RuleSet } from './ruleSet';
import { Advisories, advisoryProblem, type Advisory } from './supplyChain/advisories';
import { diskFileContext } from './supplyChain/fileContext';
import { applySuppressions } from './suppressions';
import { findAssetsDir, initTreeSitter, loadLanguage } from './treeSitter';
import { byCodeUnits } from '../../../common/src/order';

export interface EngineOptions {
  /** Extra rule folders (e.g. a workspace's own rules, loaded only in trusted workspaces). */
  ruleDirs?: string[];
  /** Use these rules instead of the bundled ones (tests). */
  rules?: RuleSpec[];
  /** Compile each rule's query alone too, recording errors and compile times (rule tooling). */
  measureEach?: boolean;
  /** With measureEach: compile each rule this many times and keep the fastest (rule tooling). */
  compileRuns?: number;
  /** Known-bad releases a project adds (.skeptic.yaml), on top of the bundled advisory data. */
  advisories?: Advisory[];
  /** Derive anchors for rules that come without (rules from YAML: the build, tests); see anchors.ts. */
  deriveAnchors?: boolean;
  /** Compile queries exactly as written, without queryRewrite.ts's wildcards (the test that they change nothing). */
  asWritten?: boolean;
  /** False: compile every query rather than rebuild those the build saved compiled (queryImages.ts). */
  images?: boolean;
}

export interface RulesBundle {
  version: string;
  rules: RuleSpec[];
  /** rules/advisories.yaml, validated at build time. */
  advisories: Advisory[];
}

export interface ScanTextOptions extends AnalyzeOptions {
  budgetMs?: number;
  /** The file's path: rules may look at its name and at the lock files beside it. */
  filePath?: string;
}

export const DEFAULT_PARSE_BUDGET_MS = 5000;
/** UTF-16 code units of a whole-file analysis done at once; larger files are analysed in slices. */
const ANALYSIS_CHUNK = 32 * 1024;

export class ParseTimeoutError extends Error {}

/** Beside rules.json, the bundled rules' docs and examples, by rule id: half the bytes, read on first use. */
export const RULE_TEXTS_FILE = 'rule-docs.json';

/**
 * The build's rules. Their docs and examples (for hovers, SARIF help, `skeptic rules`, warming up) are read
 * the first time one is asked for: a scan, in each of its threads, never asks.
 */
export function readRulesBundle(): RulesBundle {
  const dir = findAssetsDir();
  const bundle = JSON.parse(fs.readFileSync(path.join(dir, 'rules.json'), 'utf8')) as RulesBundle;
  let texts: Record<string, Pick<RuleSpec, 'docs' | 'examples'>> | undefined;
  const textsOf = (id: string): Pick<RuleSpec, 'docs' | 'examples'> => {
    texts ??= JSON.parse(fs.readFileSync(path.join(dir, RULE_TEXTS_FILE), 'utf8')) as Record<string, Pick<RuleSpec, 'docs' | 'examples'>>;
    return texts[id];
  };
  for (const spec of bundle.rules) {
    Object.defineProperty(spec, 'docs', { get: () => textsOf(spec.id).docs, enumerable: true });
    Object.defineProperty(spec, 'examples', { get: () => textsOf(spec.id).examples, enumerable: true });
  }
  return bundle;
}

export class Engine {
  private readonly parsers = new Map<LanguageId, Parser>();

  private constructor(readonly ruleSet: RuleSet, readonly version: string, readonly advisories: Advisories) {}

  static async create(opts: EngineOptions = {}): Promise<Engine> {
    await initTreeSitter();
    let version = '0.0.0';
    let specs: RuleSpec[];
    const bundle = readRulesBundle();
    if (opts.rules) specs = opts.rules;
    else {
      specs = bundle.rules;
      version = bundle.version;
    }
    const errors: RuleLoadError[] = [];
    const extra = (opts.advisories ?? []).filter((a, i) => {
      const problem = advisoryProblem(a);
      if (problem) errors.push({ file: '.skeptic.yaml', message: `/advisories/${i}: ${problem}; the entry is ignored` });
      return !problem;
    });
    const byId = new Map(specs.map(s => [s.id, s]));
    for (const dir of opts.ruleDirs ?? []) {
      const loaded = loadRulesFromDir(dir, process.cwd());
      errors.push(...loaded.errors);
      for (const r of loaded.rules) byId.set(r.id, r); // a workspace rule with a bundled id replaces it
    }
    return new Engine(new RuleSet([...byId.values()], errors, { measureEach: opts.measureEach, compileRuns: opts.compileRuns, deriveAnchors: opts.deriveAnchors, asWritten: opts.asWritten, images: opts.images }), version, new Advisories([...(bundle.advisories ?? []), ...extra]));
  }

  async parser(language: TreeLanguageId): Promise<Parser> {
    let p = this.parsers.get(language);
    if (!p) {
      p = new Parser();
      p.setLanguage(await loadLanguage(language));
      this.parsers.set(language, p);
    }
    return p;
  }

  /**
   * Parses `text`, reusing `oldTree` (already edited) when given. Throws ParseTimeoutError when the parse
   * exceeds its budget. The caller owns the returned tree and must delete() it.
   */
  async parse(language: TreeLanguageId, text: string, oldTree?: Tree | null, budgetMs = DEFAULT_PARSE_BUDGET_MS): Promise<Tree> {
    const parser = await this.parser(language);
    const deadline = performance.now() + budgetMs;
    const tree = parser.parse(text, oldTree ?? null, { progressCallback: (() => performance.now() > deadline) as () => void });
    if (!tree) {
      parser.reset();
      throw new ParseTimeoutError(`parsing took longer than ${budgetMs} ms`);
    }
    return tree;
  }

  /**
   * Compiles a language's rules and runs them once over the rules' own examples, so that the first real
   * document meets a compiled query and warm code (the first parse and analysis of a process are slow).
   */
  async warmUp(language: LanguageId): Promise<void> {
    if (isLineLanguage(language)) return void this.ruleSet.forLines(language); // regular expressions: nothing to warm
    await this.ruleSet.forLanguage(language);
    const sample = [...this.ruleSet.rules.values()]
      .filter(r => r.spec.languages.includes(language))
      .flatMap(r => r.spec.examples.invalid.slice(0, 2).map(e => (typeof e === 'string' ? e : e.languages?.includes(language) ? e.code : '')))
      .join('\n');
    const tree = await this.parse(language, sample);
    try {
      await this.analyze(language, tree);
    } finally {
      tree.delete();
    }
  }

  /** Findings for a tree the caller owns, over all of it or a range. Suppressions are not applied here. */
  async analyze(language: TreeLanguageId, tree: Tree, opts: AnalyzeOptions = {}): Promise<Finding[]> {
    const rules = await this.ruleSet.forLanguage(language);
    if (!rules) return [];
    const options = { advisories: this.advisories, ...opts };
    const root = tree.rootNode;
    if (opts.startIndex !== undefined || root.endIndex <= ANALYSIS_CHUNK) return analyzeTree(tree, rules, options);
    // A whole large file in slices of top-level statements: web-tree-sitter returns every match of a query
    // at once, each with its nodes, and for a 5,000-line file that burst of short-lived objects is what set
    // the server's peak memory. Slices give the same findings (a match is found from any slice it touches,
    // and kept once), with the garbage of one slice at a time.
    const findings: Finding[] = [];
    const seen = new Set<string>();
    let start = 0;
    const flush = async (end: number): Promise<void> => {
      for (const f of analyzeTree(tree, rules, { ...options, startIndex: start, endIndex: end })) {
        const key = `${f.ruleId}@${f.startIndex}:${f.endIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(f);
      }
      start = end;
    };
    for (const child of root.children) if (child.endIndex - start >= ANALYSIS_CHUNK) await flush(child.endIndex);
    if (start < root.endIndex) await flush(root.endIndex);
    return findings.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex || byCodeUnits(a.ruleId, b.ruleId));
  }

  /** Findings for a line-oriented file's text, over all of it or a range. Suppressions are not applied here. */
  analyzeLines(language: LineLanguageId, text: string, opts: AnalyzeOptions = {}): Finding[] {
    const rules = this.ruleSet.forLines(language);
    return rules ? analyzeLines(text, rules, { advisories: this.advisories, ...opts }) : [];
  }

  /** Parse, analyze and apply suppression comments: the whole pipeline for one text. */
  async scanText(language: LanguageId, text: string, opts: ScanTextOptions = {}): Promise<Finding[]> {
    const options = { ...opts, file: opts.file ?? (opts.filePath ? diskFileContext(opts.filePath) : undefined) };
    if (isLineLanguage(language)) return applySuppressions(this.analyzeLines(language, text, options), text).kept;
    const tree = await this.parse(language, text, null, opts.budgetMs);
    try {
      const findings = await this.analyze(language, tree, options);
      return applySuppressions(findings, text).kept;
    } finally {
      tree.delete();
    }
  }
}
