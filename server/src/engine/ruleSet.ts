// Compiles the rules of each language, lazily on the language's first use: the rules without anchors into
// ONE shared tree-sitter query (one whole-file query per rule per keystroke would not do), each rule with
// anchors (anchors.ts) or a prefilter alone, when first needed; and remembers which rule each pattern
// belongs to. A rule whose query does not compile is reported and left out; the other rules still run.
import { Query, type Language } from 'web-tree-sitter';
import type { LanguageId, LineLanguageId, RuleInfo, TreeLanguageId } from '../../../common/src/types';
import { isLineLanguage } from './languages';
import { linesFor, queryFor, type Condition, type Ecosystem, type RuleLoadError, type RuleSpec } from './ruleLoader';
import { deriveAnchors, Vocabulary, type Anchors } from './anchors';
import { compileQuery, rewrittenQuery } from './queryImages';
import { QueryRunner } from './queryMatches';
import { topLevelPatterns, wildcardParents } from './queryRewrite';
import { DIALECTS } from './dialects';
import { loadLanguage, wasmRuntime } from './treeSitter';

/** A condition with its regular expression compiled once. */
export type CompiledCondition =
  | { kind: 'notConstant' | 'constant'; capture: string }
  | { kind: 'matches' | 'notMatches' | 'assignedToName'; capture: string; regex: RegExp }
  | { kind: 'valueMatches'; capture: string; regex: RegExp; sanitizer?: RegExp }
  | { kind: 'minEntropy'; capture: string; bitsPerChar: number; minLength: number }
  | { kind: 'pathMatches' | 'pathNotMatches'; regex: RegExp }
  | { kind: 'fileMatches' | 'fileNotMatches'; regex: RegExp; template?: { source: string; flags?: string }; withinFunction?: boolean }
  | { kind: 'split'; capture: string; regex: RegExp }
  | { kind: 'siblingFileMissing'; names: string[] }
  | { kind: 'knownBad'; ecosystem: Ecosystem; name: string; version: string };

export interface CompiledRule {
  spec: RuleSpec;
  info: RuleInfo;
  report: string;
  conditions: CompiledCondition[];
  prefilter?: RegExp;
}

/** Rules compiled into one query, and the rule each of its patterns belongs to. */
export interface CompiledQuery {
  runner: QueryRunner;
  /** patternIndex -> rule (none for the scope pattern) */
  patternRule: (CompiledRule | undefined)[];
  /** The pattern that captures the language's function-like nodes, in a whole-file query (see compile). */
  scopePattern?: number;
  /** What was compiled: the build saves the compiled form under it (queryImages.ts). */
  source: string;
}

/** A rule with a prefilter: its query is compiled alone, the first time a text contains the prefilter. */
export interface GatedRule {
  rule: CompiledRule;
  prefilter: RegExp;
  /** The rule's own query; undefined when it does not compile (the error is in RuleSet.errors). */
  compiled(): CompiledQuery | undefined;
}

/** A rule run only where its anchors occur (anchors.ts): its query is compiled alone, on first need. */
export interface AnchoredRule {
  rule: CompiledRule;
  anchors: Anchors;
  /** The rule's own query; undefined when it does not compile (the error is in RuleSet.errors). */
  compiled(): CompiledQuery | undefined;
}

export interface LanguageRules extends Partial<CompiledQuery> {
  language: TreeLanguageId;
  grammar: Language;
  /** The shared query (runner) holds the rules without anchors or prefilter; it is undefined when there are none. */
  gated: GatedRule[];
  anchored: AnchoredRule[];
  /** The words of the anchored rules' anchors. */
  vocabulary: Vocabulary;
}

/** A line-oriented language's rules, each with its pattern compiled (see lineRules.ts). */
export interface LineRules {
  language: LineLanguageId;
  rules: { rule: CompiledRule; regex: RegExp }[];
}

const TEMPLATE = /\{\{[A-Za-z_][\w.-]*\}\}/;

function filePattern(p: { regex: string; flags?: string }): { regex: RegExp; template?: { source: string; flags?: string } } {
  // compiled here with the placeholders emptied, so that a broken pattern fails at load time
  return { regex: new RegExp(p.regex.replace(new RegExp(TEMPLATE, 'g'), ''), p.flags), template: TEMPLATE.test(p.regex) ? { source: p.regex, flags: p.flags } : undefined };
}

function compileCondition(c: Condition): CompiledCondition {
  if ('pathMatches' in c) return { kind: 'pathMatches', regex: new RegExp(c.pathMatches.regex, c.pathMatches.flags) };
  if ('pathNotMatches' in c) return { kind: 'pathNotMatches', regex: new RegExp(c.pathNotMatches.regex, c.pathNotMatches.flags) };
  if ('split' in c) return { kind: 'split', capture: c.split.capture, regex: new RegExp(c.split.regex, `${c.split.flags ?? ''}d`) };
  // {{capture}} in a file pattern stands for that capture's text, escaped (a Dockerfile stage named earlier)
  if ('fileMatches' in c) return { kind: 'fileMatches', ...filePattern(c.fileMatches), withinFunction: c.fileMatches.within === 'function' };
  if ('fileNotMatches' in c) return { kind: 'fileNotMatches', ...filePattern(c.fileNotMatches), withinFunction: c.fileNotMatches.within === 'function' };
  if ('siblingFileMissing' in c) return { kind: 'siblingFileMissing', names: c.siblingFileMissing };
  if ('knownBad' in c) return { kind: 'knownBad', ...c.knownBad };
  if ('notConstant' in c) return { kind: 'notConstant', capture: c.notConstant };
  if ('constant' in c) return { kind: 'constant', capture: c.constant };
  if ('matches' in c) return { kind: 'matches', capture: c.matches.capture, regex: new RegExp(c.matches.regex, c.matches.flags) };
  if ('valueMatches' in c) {
    const v = c.valueMatches;
    return { kind: 'valueMatches', capture: v.capture, regex: new RegExp(v.regex, v.flags), sanitizer: v.sanitizers === undefined ? undefined : new RegExp(v.sanitizers, v.sanitizerFlags) };
  }
  if ('assignedToName' in c) return { kind: 'assignedToName', capture: c.assignedToName.capture, regex: new RegExp(c.assignedToName.regex, c.assignedToName.flags) };
  if ('notMatches' in c) return { kind: 'notMatches', capture: c.notMatches.capture, regex: new RegExp(c.notMatches.regex, c.notMatches.flags) };
  return { kind: 'minEntropy', capture: c.minEntropy.capture, bitsPerChar: c.minEntropy.bitsPerChar, minLength: c.minEntropy.minLength ?? 1 };
}

export function ruleInfo(spec: RuleSpec): RuleInfo {
  const info: Omit<RuleInfo, 'docs'> = {
    id: spec.id,
    languages: spec.languages,
    severity: spec.severity,
    message: spec.message,
    cwe: spec.metadata.cwe,
    owasp: spec.metadata.owasp,
    references: spec.metadata.references,
    confidence: spec.metadata.confidence,
    subcategory: spec.metadata.subcategory,
    status: spec.status,
    since: spec.since,
    fixTitle: spec.fix?.title,
    fixSafe: spec.fix ? spec.fix.safety === 'safe' : undefined,
    file: spec.file,
  };
  // read when shown: the bundle's docs load on first use (readRulesBundle)
  return Object.defineProperty(info, 'docs', { get: () => spec.docs, enumerable: true }) as RuleInfo;
}

/** Named node types that queryRewrite.ts may turn into wildcards: not supertypes (a type check cannot see those). */
const rewritable = new WeakMap<Language, (type: string) => boolean>();
function rewritableType(grammar: Language): (type: string) => boolean {
  let test = rewritable.get(grammar);
  if (!test) {
    const supertypes = new Set(grammar.supertypes.map(id => grammar.types[id]));
    test = type => !supertypes.has(type) && grammar.idForNodeType(type, true) !== null;
    rewritable.set(grammar, test);
  }
  return test;
}

export class RuleSet {
  readonly rules = new Map<string, CompiledRule>();
  /** Load errors passed in plus query compile errors found on each language's first use. */
  readonly errors: RuleLoadError[];
  /** How long each rule's query took to compile, per language (ms): wide queries cost on every keystroke. */
  readonly compileMs = new Map<string, Partial<Record<LanguageId, number>>>();
  private readonly perLanguage = new Map<TreeLanguageId, Promise<LanguageRules | undefined>>();
  private readonly perLineLanguage = new Map<LineLanguageId, LineRules | undefined>();

  /** Anchors found by compiling rules that had none (with the deriveAnchors option): the build writes them into rules.json. */
  readonly derivedAnchors = new Map<string, Partial<Record<TreeLanguageId, Anchors>>>();

  /** Per language, each rule query as written and its rewrite (with the recordRewrites option). */
  readonly rewrites = new Map<TreeLanguageId, Map<string, string>>();

  constructor(
    specs: RuleSpec[],
    loadErrors: RuleLoadError[] = [],
    private readonly options: {
      measureEach?: boolean;
      compileRuns?: number;
      deriveAnchors?: boolean;
      /** Compile queries as written, without queryRewrite.ts's wildcards (the test that they change nothing). */
      asWritten?: boolean;
      /** False: compile every query, even one the build saved compiled (queryImages.ts); the build itself. */
      images?: boolean;
      /** Keep each rule query's rewrite in `rewrites` (the build saves them with the images). */
      recordRewrites?: boolean;
    } = {},
  ) {
    this.errors = [...loadErrors];
    for (const spec of specs) {
      try {
        this.rules.set(spec.id, {
          spec,
          info: ruleInfo(spec),
          report: spec.report ?? 'match',
          conditions: (spec.conditions ?? []).map(compileCondition),
          prefilter: spec.prefilter ? new RegExp(spec.prefilter.regex, spec.prefilter.flags) : undefined,
        });
      } catch (e) {
        this.errors.push({ file: spec.file, message: `/conditions: ${(e as Error).message}` });
      }
    }
  }

  infos(): RuleInfo[] {
    return [...this.rules.values()].map(r => r.info);
  }

  /** A line-oriented language's rules with their patterns compiled, or undefined when no rule covers it. */
  forLines(language: LineLanguageId): LineRules | undefined {
    if (this.perLineLanguage.has(language)) return this.perLineLanguage.get(language);
    const rules: LineRules['rules'] = [];
    for (const rule of this.rules.values()) {
      const pattern = rule.spec.languages.includes(language) ? linesFor(rule.spec, language) : undefined;
      if (!pattern) continue;
      try {
        // g: several findings per line; d: group offsets, which are the captures' spans
        rules.push({ rule, regex: new RegExp(pattern.regex, `${pattern.flags ?? ''}gd`) });
      } catch (e) {
        this.errors.push({ file: rule.spec.file, message: `/lines: ${(e as Error).message}` });
      }
    }
    const compiled = rules.length ? { language, rules } : undefined;
    this.perLineLanguage.set(language, compiled);
    return compiled;
  }

  /** Compiles a language's rules now (tools, and the CLI when extra rule folders need checking). */
  async prepare(language: LanguageId): Promise<void> {
    if (isLineLanguage(language)) this.forLines(language);
    else await this.forLanguage(language);
  }

  /** The language's compiled rules, or undefined when no rule covers it. Compiled once, on first use. */
  forLanguage(language: TreeLanguageId): Promise<LanguageRules | undefined> {
    let p = this.perLanguage.get(language);
    if (!p) {
      p = this.compile(language);
      this.perLanguage.set(language, p);
    }
    return p;
  }

  private async compile(language: TreeLanguageId): Promise<LanguageRules | undefined> {
    const grammar = await loadLanguage(language);
    const candidates: { rule: CompiledRule; source: string }[] = [];
    for (const rule of this.rules.values()) {
      if (!rule.spec.languages.includes(language)) continue;
      const source = queryFor(rule.spec, language);
      if (source === undefined) continue;
      if (!new RegExp(`@${rule.report.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`).test(source)) {
        this.errors.push({ file: rule.spec.file, message: `/query: has no capture @${rule.report}; capture the flawed node as @${rule.report} (or set "report")` });
        continue;
      }
      candidates.push({ rule, source });
    }
    // Compiling is the expensive part (~0.7 ms per typed node with children in a pattern, ~1 ms per query;
    // queryRewrite.ts removes the fielded ones): a rule's anchored patterns (known from the build, or
    // derived here on request) are compiled alone the first time their anchors occur, and only the rest
    // share one query. Rules are compiled one by one also to find the culprit when the shared
    // query fails, or when asked to measure each (the build and check-rules). Rules with a prefilter are
    // compiled alone too: one whose query matches every string literal would cost every text.
    let usable = candidates;
    if (this.options.measureEach) usable = this.validateEach(grammar, language, candidates);
    const gated = usable.filter(c => c.rule.prefilter).map(c => this.gatedRule(grammar, language, c));
    const anchored: AnchoredRule[] = [];
    const shared: typeof usable = [];
    for (const c of usable.filter(c => !c.rule.prefilter)) {
      let anchors = c.rule.spec.anchors?.[language];
      if (!anchors && this.options.deriveAnchors) {
        const compiled = this.compileTogether(grammar, language, [c], false);
        anchors = compiled && deriveAnchors(wasmRuntime(), compiled.runner.query);
        if (anchors) this.derivedAnchors.set(c.rule.spec.id, { ...this.derivedAnchors.get(c.rule.spec.id), [language]: anchors });
      }
      if (!anchors) {
        shared.push(c);
        continue;
      }
      // a rule with some patterns anchored: those run where their words occur, the rest in the shared query
      const parts = anchors.some(a => !a.length) ? topLevelPatterns(c.source, anchors.length) : undefined;
      if (parts) {
        const alone = parts.filter((_, i) => anchors![i].length);
        shared.push({ rule: c.rule, source: parts.filter((_, i) => !anchors![i].length).join('\n') });
        anchored.push(this.anchoredRule(grammar, language, { rule: c.rule, source: alone.join('\n') }, anchors.filter(a => a.length)));
      } else if (anchors.every(a => a.length)) anchored.push(this.anchoredRule(grammar, language, c, anchors));
      else shared.push(c);
    }
    // The whole-file query also collects the language's function-like nodes, which value following
    // indexes: the query visits every node anyway, where a walk of its own cost ~0.4 ms per file.
    const scopeTypes = [...(DIALECTS[language]?.scopes ?? [])].filter(t => grammar.idForNodeType(t, true) !== null);
    const scopes = scopeTypes.length ? `[${scopeTypes.map(t => `(${t})`).join(' ')}] @__skeptic_scope` : undefined;
    const main = this.compileTogether(grammar, language, shared, true, scopes);
    if (!main && !gated.length && !anchored.length) return undefined;
    return { language, grammar, ...main, gated, anchored, vocabulary: Vocabulary.of(anchored) };
  }

  private anchoredRule(grammar: Language, language: TreeLanguageId, candidate: { rule: CompiledRule; source: string }, anchors: Anchors): AnchoredRule {
    let compiled: CompiledQuery | undefined | null = null;
    return {
      rule: candidate.rule,
      anchors,
      compiled: () => {
        if (compiled === null) compiled = this.compileTogether(grammar, language, [candidate]);
        return compiled;
      },
    };
  }

  /**
   * One query for the candidates; a rule that breaks it is found by compiling each alone and left out.
   * Compiled with queryRewrite.ts's wildcards unless `wildcards` is false (anchors are read from a query
   * as written) or the rule set was asked for queries as written.
   */
  private compileTogether(grammar: Language, language: TreeLanguageId, candidates: { rule: CompiledRule; source: string }[], wildcards = true, scopes?: string): CompiledQuery | undefined {
    let usable = candidates;
    let rewrite = wildcards && !this.options.asWritten;
    let extra = scopes;
    for (;;) {
      if (!usable.length) return undefined;
      const sources = rewrite ? usable.map(c => this.rewritten(grammar, language, c.source)) : usable.map(c => c.source);
      const parts: { rule: CompiledRule | undefined; start: number }[] = [];
      let offset = 0;
      for (let k = 0; k < usable.length; k++) {
        parts.push({ rule: usable[k].rule, start: offset });
        offset += Buffer.byteLength(sources[k]) + 1;
      }
      if (extra) {
        parts.push({ rule: undefined, start: offset });
        sources.push(extra);
      }
      const source = sources.join('\n');
      let query: Query;
      try {
        query = compileQuery(language, grammar, source, this.options.images);
      } catch {
        if (extra) {
          extra = undefined; // value following then indexes the scopes itself
          continue;
        }
        if (rewrite) {
          // the rules as written are what the build checked: a rewrite that fails must not lose them
          rewrite = false;
          continue;
        }
        const valid = this.validateEach(grammar, language, usable);
        if (valid.length === usable.length) throw new Error(`the ${language} rules compile one by one but not together; report this with your rule folders`);
        usable = valid;
        continue;
      }
      // startIndexForPattern is a byte offset into the query source: map each pattern to its rule.
      const patternRule: (CompiledRule | undefined)[] = [];
      let scopePattern: number | undefined;
      let k = 0;
      for (let i = 0; i < query.patternCount(); i++) {
        const at = query.startIndexForPattern(i);
        while (k + 1 < parts.length && parts[k + 1].start <= at) k++;
        patternRule.push(parts[k].rule);
        if (extra && k === parts.length - 1) scopePattern = i;
      }
      return { runner: new QueryRunner(query, grammar), patternRule, scopePattern, source };
    }
  }

  /** A rule query with queryRewrite.ts's wildcards: as the build saved it, or rewritten now. */
  private rewritten(grammar: Language, language: TreeLanguageId, source: string): string {
    const rewritten = rewrittenQuery(language, grammar, source, () => wildcardParents(source, rewritableType(grammar)), this.options.images);
    if (this.options.recordRewrites) {
      let made = this.rewrites.get(language);
      if (!made) this.rewrites.set(language, (made = new Map()));
      made.set(source, rewritten);
    }
    return rewritten;
  }

  private gatedRule(grammar: Language, language: TreeLanguageId, candidate: { rule: CompiledRule; source: string }): GatedRule {
    let compiled: CompiledQuery | undefined | null = null;
    return {
      rule: candidate.rule,
      prefilter: candidate.rule.prefilter!,
      compiled: () => {
        // a workspace rule's broken query is reported here (bundled rules are compiled one by one at build)
        if (compiled === null) compiled = this.compileTogether(grammar, language, [candidate]);
        return compiled;
      },
    };
  }

  /** Compiles each rule's query alone: records errors and compile times, returns those that compile. */
  private validateEach(grammar: Language, language: TreeLanguageId, candidates: { rule: CompiledRule; source: string }[]) {
    // The first query compiled for a grammar pays a warm-up cost; pay it here so compileMs measures rules.
    new Query(grammar, '(ERROR) @warm').delete();
    return candidates.filter(({ rule, source }) => {
      try {
        // the best of a few compiles: one slow run on a busy machine says little about the query
        let best = Infinity;
        for (let run = 0; run < (this.options.compileRuns ?? 1); run++) {
          const started = performance.now();
          new Query(grammar, source).delete();
          best = Math.min(best, performance.now() - started);
        }
        this.compileMs.set(rule.spec.id, { ...this.compileMs.get(rule.spec.id), [language]: best });
        return true;
      } catch (e) {
        this.errors.push({ file: rule.spec.file, message: `/query: does not compile for ${language}: ${(e as Error).message}` });
        return false;
      }
    });
  }
}
