// Runs a language's compiled query over a tree (or a range of it), checks each match's conditions and
// turns what holds into Findings, with fix edits computed from the captures. This is the one place
// findings are made; everything else renders them.
import type { Node, QueryMatch, Tree } from 'web-tree-sitter';
import type { Finding, FixProposal, LanguageId, Range } from '../../../common/src/types';
import { ancestorsOf } from './ancestry';
import { TopLevelFacts, ValueResolver } from './constness';
import { DIALECTS, type Dialect } from './dialects';
import { anchorRanges, mayMatch, straddlingDepth, WordIndex, wordIndexOf, type Vocabulary } from './anchors';
import type { MatchRange } from './queryMatches';
import type { AnchoredRule, CompiledCondition, CompiledQuery, CompiledRule, LanguageRules } from './ruleSet';
import { describeHits, NO_ADVISORIES, type AdvisoryHit, type Advisories } from './supplyChain/advisories';
import { NO_FILE, type FileContext } from './supplyChain/fileContext';
import { lockedVersion } from './supplyChain/lockFiles';
import { sourceOf } from './treeSitter';
import { isExactPin, lowerBound } from './supplyChain/versions';
import { byCodeUnits } from '../../../common/src/order';

export interface AnalyzeOptions {
  /** Only matches that intersect this range of UTF-16 offsets; the whole tree when absent. */
  startIndex?: number;
  endIndex?: number;
  /** Rules switched off by settings are skipped here, so that toggling one needs no recompile. */
  isEnabled?: (ruleId: string) => boolean;
  /** Called when a rule throws: the caller decides whether to switch it off. Default: rethrow. */
  onRuleError?: (ruleId: string, error: Error) => void;
  /** Facts about top-level names that conditions consulted; a live document keeps them between edits. */
  topLevelFacts?: TopLevelFacts;
  /** The file's path and the files beside it (pathMatches, siblingFileMissing, pin fixes). */
  file?: FileContext;
  /** Known-bad releases (knownBad conditions, pin fixes). */
  advisories?: Advisories;
  /**
   * Collects each whole-file pattern a condition tested and its outcome: a live document re-tests them
   * after an edit, since an edit anywhere can change them (a buffer declared on another line).
   */
  fileConditions?: FileConditionLog;
  /**
   * The words of the file, for rules with anchors, kept by a live document across edits (it starts an empty
   * set for a whole-file analysis): each analysis adds the words of the text it covers before gating rules
   * on them, so an edit never re-reads the whole file. Words no longer there only make rules run for
   * nothing. Without it, the whole text is indexed.
   */
  presentWords?: Set<string>;
  /**
   * Run rules with a prefilter or anchors over the whole text or range, as if they had neither (the test
   * that these speed hints never change a finding).
   */
  ignorePrefilters?: boolean;
}

/** Whole-file regex tests made by fileMatches/fileNotMatches conditions, by pattern, with their outcome. */
export type FileConditionLog = Map<string, { regex: RegExp; outcome: boolean }>;

/** What a rule captured: a syntax node, or a span of a line in a line-oriented file. */
export interface Capture {
  text: string;
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/** One match being judged: its captures and what conditions found out along the way. */
export interface MatchState {
  caps: Map<string, Capture>;
  file: FileContext;
  /** The whole file's text, read only when a condition needs it. */
  fileText: () => string;
  advisories: Advisories;
  hits?: AdvisoryHit[];
  fileConditions?: FileConditionLog;
  /** The reported capture and the language's dialect: `within: function` conditions read its function. */
  report?: Capture;
  dialect?: Dialect;
}

function nodeRange(n: Capture): Range {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}

/** Shannon entropy in bits per character of a string literal's contents (quotes stripped). */
export function entropyBitsPerChar(s: string): number {
  if (!s.length) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function stripQuotes(s: string): string {
  return s.replace(/^[a-zA-Z@$]*("""|'''|"|'|`)/, '').replace(/("""|'''|"|'|`)$/, '');
}

const MAX_CLIMB = 12;

function within(inner: Node, outer: Node | null): boolean {
  return !!outer && inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * True when the node is (part of) a value stored under a name matching `regex`: assigned to a variable or
 * field, given as an object key / keyword argument, or returned from a function (or arrow function
 * assigned to a name) so named. `resetToken = random.randint(…)`, `{token: Math.random()}`,
 * `def make_token(): return random.random()`. Climbs at most a statement's worth of parents.
 */
function storedUnderMatchingName(node: Node, regex: RegExp, d: Dialect): boolean {
  const chain = ancestorsOf(node);
  let child = node;
  for (let k = chain.length - 1, i = 0; k >= 0 && i < MAX_CLIMB; child = chain[k], k--, i++) {
    const p = chain[k];
    const bind = d.bindings[p.type];
    if (bind) {
      for (const b of bind(p)) if (within(child, b.value) && regex.test(b.target.text)) return true;
    }
    const keyed = d.keyedValues[p.type];
    if (keyed && within(child, p.childForFieldName(keyed[1])) && regex.test(p.childForFieldName(keyed[0])?.text ?? '')) return true;
    if (d.returns.has(p.type) || d.scopes.has(p.type)) {
      // returned (or an arrow's expression body): judge by the function's name, or the name it is bound to
      const fnAt = chain.slice(0, k + 1).map(n => n).reverse().findIndex(n => d.scopes.has(n.type));
      if (fnAt === -1) return false;
      const fnIndex = k - fnAt;
      const fn = chain[fnIndex];
      const name = functionName(fn);
      if (name !== undefined) return regex.test(name);
      const holder = chain[fnIndex - 1];
      if (holder && d.bindings[holder.type]) return d.bindings[holder.type](holder).some(b => within(fn!, b.value) && regex.test(b.target.text));
      return false;
    }
    if (d.statements.has(p.type)) return false;
  }
  return false;
}

/** A function's name: its `name` field, or in C/C++ the innermost identifier of its declarator chain. */
function functionName(fn: Node): string | undefined {
  const named = fn.childForFieldName('name');
  if (named) return named.text;
  let d = fn.childForFieldName('declarator');
  while (d && d.childForFieldName('declarator')) d = d.childForFieldName('declarator');
  return d && /identifier$/.test(d.type) ? d.text : undefined;
}

function capturesByName(m: QueryMatch): Map<string, Capture> {
  const map = new Map<string, Capture>();
  for (const c of m.captures) if (!map.has(c.name)) map.set(c.name, c.node);
  return map;
}

/** The part [from, to) of a capture's text, with its own offsets and positions (no line breaks assumed
 *  inside dependency strings; a part after a line break gets its row and column counted). */
function subCapture(whole: Capture, from: number, to: number): Capture {
  const at = (k: number): { row: number; column: number } => {
    const before = whole.text.slice(0, k);
    const nl = before.lastIndexOf('\n');
    const rows = before.split('\n').length - 1;
    return nl === -1 ? { row: whole.startPosition.row, column: whole.startPosition.column + k } : { row: whole.startPosition.row + rows, column: k - nl - 1 };
  };
  return { text: whole.text.slice(from, to), startIndex: whole.startIndex + from, endIndex: whole.startIndex + to, startPosition: at(from), endPosition: at(to) };
}

function fileRegex(c: CompiledCondition & { template?: { source: string; flags?: string } }, m: MatchState): RegExp {
  if (!('template' in c) || !c.template) return (c as { regex: RegExp }).regex;
  const source = c.template.source.replace(/\{\{([A-Za-z_][\w.-]*)\}\}/g, (_, name: string) => (m.caps.get(name)?.text ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(source, c.template.flags);
}

/** A whole-file regex test, made once per pattern per analysis (a big YAML file has thousands of matches). */
function testFile(regex: RegExp, m: MatchState): boolean {
  const key = `${regex.source}/${regex.flags}`;
  const known = m.fileConditions?.get(key);
  if (known) return known.outcome;
  regex.lastIndex = 0;
  const outcome = regex.test(m.fileText());
  m.fileConditions?.set(key, { regex, outcome });
  return outcome;
}

/**
 * A regex test of the function enclosing the reported node (the whole file outside functions): a check in
 * another function of the file does not count. Not logged for live documents: the function is re-analysed
 * with any edit inside it.
 */
function testFunction(regex: RegExp, m: MatchState): boolean {
  const node = m.report as Node | undefined;
  const scopes = m.dialect?.scopes;
  // line-oriented files have no dialect, hence no functions
  const fn = node && scopes?.size ? ancestorsOf(node).reverse().find(a => scopes.has(a.type)) : undefined;
  if (!fn) return testFile(regex, m);
  regex.lastIndex = 0;
  return regex.test(fn.text);
}

/** Conditions about the file and the dependency rather than one capture's syntax. */
function fileConditionHolds(c: CompiledCondition, m: MatchState): boolean | undefined {
  switch (c.kind) {
    case 'pathMatches':
      return m.file.path !== undefined && c.regex.test(m.file.path);
    case 'pathNotMatches':
      return m.file.path === undefined || !c.regex.test(m.file.path);
    case 'split': {
      // named groups become captures of their own, positioned inside the split capture
      const whole = m.caps.get(c.capture);
      const found = whole ? c.regex.exec(whole.text) : null;
      for (const [name, at] of Object.entries(found?.indices?.groups ?? {})) if (at && !m.caps.has(name)) m.caps.set(name, subCapture(whole!, at[0], at[1]));
      return true;
    }
    case 'fileMatches':
    case 'fileNotMatches': {
      const found = c.withinFunction ? testFunction(fileRegex(c, m), m) : testFile(fileRegex(c, m), m);
      return c.kind === 'fileMatches' ? found : !found;
    }
    case 'siblingFileMissing':
      return m.file.path !== undefined && c.names.every(n => m.file.sibling(n) === undefined);
    case 'knownBad': {
      const name = m.caps.get(c.name)?.text;
      if (!name) return false;
      const hits = m.advisories.hits(c.ecosystem, stripQuotes(name), stripQuotes(m.caps.get(c.version)?.text ?? ''));
      if (hits.length) m.hits = hits;
      return hits.length > 0;
    }
  }
  return undefined;
}

/**
 * Whether a condition holds for a match. Tree conditions (constness, value following, names) need real
 * syntax nodes; the loader refuses them for line-oriented languages, whose captures are plain spans.
 */
export function holds(c: CompiledCondition, m: MatchState, values: () => ValueResolver, dialect: Dialect | undefined): boolean {
  const about = fileConditionHolds(c, m);
  if (about !== undefined) return about;
  if (!('capture' in c)) return false;
  const node = m.caps.get(c.capture);
  if (!node) return false;
  switch (c.kind) {
    case 'notConstant':
      return !values().isConstant(node as Node);
    case 'constant':
      return values().isConstant(node as Node);
    case 'matches':
      return c.regex.test(node.text);
    case 'notMatches':
      return !c.regex.test(node.text);
    case 'valueMatches':
      return values().valueMatches(node as Node, c.regex, c.sanitizer);
    case 'assignedToName':
      return !!dialect && storedUnderMatchingName(node as Node, c.regex, dialect);
    case 'minEntropy': {
      const body = stripQuotes(node.text);
      return body.length >= c.minLength && entropyBitsPerChar(body) >= c.bitsPerChar;
    }
  }
  return false;
}

/** Filters for capture text in fix templates: {{name|upper_snake}}, {{name|unquote}}. */
const FILTERS: Record<string, (s: string) => string> = {
  upper_snake: s => stripQuotes(s).replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase(),
  unquote: s => stripQuotes(s),
};

/**
 * The version a pin fix writes, and where it comes from: the nearest clean release when the range admits a
 * known-bad one, else what the lock file installed, else the range's lower bound. Undefined: no fix.
 */
function pinFor(rule: CompiledRule, m: MatchState): { pinned: string; pinSource: string } | undefined {
  const pin = rule.spec.fix?.pin;
  if (!pin) return undefined;
  const name = stripQuotes(m.caps.get(pin.name)?.text ?? '');
  const spec = stripQuotes(m.caps.get(pin.version)?.text ?? '');
  if (!name) return undefined;
  const hits = m.hits ?? m.advisories.hits(pin.ecosystem, name, spec);
  if (hits.length) {
    const safe = hits.map(h => h.advisory.safe).find(Boolean);
    return safe ? { pinned: safe, pinSource: 'the nearest clean release in the advisory data' } : undefined;
  }
  if (isExactPin(pin.ecosystem, spec)) return undefined;
  const locked = lockedVersion(pin.ecosystem, name, m.file);
  if (locked) return { pinned: locked.version, pinSource: `the version ${locked.lockFile} installed` };
  const low = lowerBound(pin.ecosystem, spec);
  return low ? { pinned: low, pinSource: "the range's lower bound — no lock file found; check it is the version you test with" } : undefined;
}

function fixFor(rule: CompiledRule, m: MatchState, language: LanguageId): FixProposal | undefined {
  const fix = rule.spec.fix;
  if (!fix) return undefined;
  const pin = fix.pin ? pinFor(rule, m) : undefined;
  if (fix.pin && !pin) return undefined;
  const fill = (template: string): string =>
    template.replace(/\{\{([A-Za-z_][\w.-]*)(?:\|([a-z_]+))?\}\}/g, (_, name: string, filter?: string) => {
      if (pin && (name === 'pinned' || name === 'pinSource')) return pin[name];
      const text = m.caps.get(name)?.text ?? '';
      return filter && FILTERS[filter] ? FILTERS[filter](text) : text;
    });
  const edits = [];
  const forLanguage = fix.edits.filter(e => (!e.languages || e.languages.includes(language)) && (!e.ifCaptured || m.caps.has(e.ifCaptured)) && (!e.unlessCaptured || !m.caps.has(e.unlessCaptured)));
  if (!forLanguage.length) return undefined;
  for (const e of forLanguage) {
    const n = m.caps.get(e.capture);
    if (!n) return undefined; // the pattern that matched does not have this capture: offer no half-fix
    if (e.replace !== undefined) edits.push({ range: nodeRange(n), startIndex: n.startIndex, endIndex: n.endIndex, newText: fill(e.replace) });
    else if (e.insertBefore !== undefined) {
      const p = { line: n.startPosition.row, character: n.startPosition.column };
      edits.push({ range: { start: p, end: p }, startIndex: n.startIndex, endIndex: n.startIndex, newText: fill(e.insertBefore) });
    } else if (e.insertAfter !== undefined) {
      const p = { line: n.endPosition.row, character: n.endPosition.column };
      edits.push({ range: { start: p, end: p }, startIndex: n.endIndex, endIndex: n.endIndex, newText: fill(e.insertAfter) });
    }
  }
  return { title: fill(fix.title), safe: fix.safety === 'safe', edits };
}

/** The finding for a match whose conditions hold; `all` spans every capture (for live re-analysis). */
export function findingFor(rule: CompiledRule, m: MatchState, reportNode: Capture, all: Capture[], language: LanguageId): Finding {
  let matchStart = reportNode.startIndex;
  let matchEnd = reportNode.endIndex;
  for (const c of all) {
    matchStart = Math.min(matchStart, c.startIndex);
    matchEnd = Math.max(matchEnd, c.endIndex);
  }
  // {{advisory}} names the known-bad releases a knownBad condition found (never a captured secret).
  const message = rule.spec.message.includes('{{advisory}}') ? rule.spec.message.replace('{{advisory}}', describeHits(m.hits ?? [])) : rule.spec.message;
  return {
    ruleId: rule.spec.id,
    severity: rule.spec.severity,
    cwe: rule.spec.metadata.cwe,
    owasp: rule.spec.metadata.owasp,
    message,
    range: nodeRange(reportNode),
    startIndex: reportNode.startIndex,
    endIndex: reportNode.endIndex,
    fix: fixFor(rule, m, language),
    matchStart,
    matchEnd,
  };
}

export function analyzeTree(tree: Tree, rules: LanguageRules, opts: AnalyzeOptions = {}): Finding[] {
  const dialect = DIALECTS[rules.language];
  // web-tree-sitter 0.26 hands query ranges to C as byte offsets while nodes report UTF-16 code units
  // (2 bytes each): scale here, or a range query silently covers the wrong half of the file.
  const range = opts.startIndex !== undefined ? { startIndex: 2 * opts.startIndex, endIndex: 2 * (opts.endIndex ?? tree.rootNode.endIndex) } : undefined;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let resolver: ValueResolver | undefined;
  const file = opts.file ?? NO_FILE;
  const advisories = opts.advisories ?? NO_ADVISORIES;
  const text = sourceOf(tree);
  const fileText = (): string => text;
  // A live document passes its log (re-checked after each edit, so its outcomes hold for this text).
  const fileConditions = opts.fileConditions ?? new Map();
  let scopes: Node[] | undefined;
  const values = (): ValueResolver => (resolver ??= new ValueResolver(tree.rootNode, dialect, opts.topLevelFacts, opts.startIndex !== undefined ? [opts.startIndex, opts.endIndex ?? tree.rootNode.endIndex] : undefined, scopes));
  const judge = (compiled: Pick<CompiledQuery, 'runner' | 'patternRule'>, over = range, maxStartDepth?: number, found = compiled.runner.matches(tree, text, over, maxStartDepth)): void => {
    for (const m of found) {
      const rule = compiled.patternRule[m.patternIndex];
      if (!rule || (opts.isEnabled && !opts.isEnabled(rule.spec.id))) continue;
      try {
        const caps = capturesByName(m);
        const reportNode = caps.get(rule.report);
        if (!reportNode) continue;
        const state: MatchState = { caps, file, fileText, advisories, fileConditions, report: reportNode, dialect };
        if (!rule.conditions.every(c => holds(c, state, values, dialect))) continue;
        const key = `${rule.spec.id}@${reportNode.startIndex}:${reportNode.endIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(findingFor(rule, state, reportNode, m.captures.map(c => c.node), rules.language));
      } catch (e) {
        if (!opts.onRuleError) throw e;
        opts.onRuleError(rule.spec.id, e as Error);
      }
    }
  };
  if (rules.runner && rules.patternRule) {
    const shared = { runner: rules.runner, patternRule: rules.patternRule };
    const found = rules.runner.matches(tree, text, range);
    // over the whole file, the shared query's scope pattern found every function for value following
    if (rules.scopePattern !== undefined && !range) scopes = found.filter(m => m.patternIndex === rules.scopePattern).map(m => m.captures[0].node);
    judge(shared, range, undefined, found);
  }
  // A ranged analysis covers whole statements or functions (live regions, slices of a large file): the
  // prefilter is looked for in that text, which holds every match a rule can report there.
  const gateText = opts.startIndex !== undefined ? text.slice(opts.startIndex, opts.endIndex ?? text.length) : text;
  for (const g of rules.gated) {
    if (opts.isEnabled && !opts.isEnabled(g.rule.spec.id)) continue;
    if (opts.ignorePrefilters !== true && !g.prefilter.test(gateText)) continue;
    const compiled = g.compiled();
    if (compiled) judge(compiled);
  }
  if (rules.anchored.length) runAnchored(tree, rules.anchored, rules.vocabulary, text, opts, judge);
  findings.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex || byCodeUnits(a.ruleId, b.ruleId));
  return findings;
}

/**
 * Runs each anchored rule (anchors.ts) where its anchors occur. A ranged analysis finds the same matches
 * as a run over the whole range: those rooted inside the range hold their anchor there; those rooted at
 * a node that straddles the range (an enclosing class, the call a callback is passed to) are found by one
 * run over the range that starts no deeper than such nodes, for rules whose anchors occur in the file.
 */
function runAnchored(tree: Tree, anchored: AnchoredRule[], vocabulary: Vocabulary, text: string, opts: AnalyzeOptions, judge: (c: CompiledQuery, over?: MatchRange, maxStartDepth?: number) => void): void {
  const from = opts.startIndex ?? 0;
  const to = opts.endIndex ?? text.length;
  const whole = from <= 0 && to >= text.length;
  // Gating by words added range by range is exact: a match is found in the last range it intersects, by
  // then every word of it is in the set (words outside the ranges are the unchanged text's).
  const present = opts.presentWords;
  // a live document keeps every word it has seen (present); a whole-file scan indexes only the anchors' words
  const index = present ? new WordIndex(text, from, to) : wordIndexOf(text, vocabulary);
  if (present) for (const w of index.words()) present.add(w);
  const gate = present ?? index;
  let straddling: number | undefined;
  for (const a of anchored) {
    if (opts.isEnabled && !opts.isEnabled(a.rule.spec.id)) continue;
    if (opts.ignorePrefilters === true) {
      const compiled = a.compiled();
      if (compiled) judge(compiled);
      continue;
    }
    if (!mayMatch(a.anchors, gate)) continue;
    const ranges = anchorRanges(a.anchors, index, from, to);
    if (whole && !ranges.length) continue;
    const compiled = a.compiled();
    if (!compiled) continue;
    for (const [s, e] of ranges) judge(compiled, { startIndex: 2 * s, endIndex: 2 * e });
    if (!whole) judge(compiled, { startIndex: 2 * from, endIndex: 2 * to }, (straddling ??= straddlingDepth(tree.rootNode, from, to)));
  }
}
