// Runs a language's compiled query over a tree (or a range of it), checks each match's conditions and
// turns what holds into Findings, with fix edits computed from the captures. This is the one place
// findings are made; everything else renders them.
import type { Node, QueryMatch, Tree } from 'web-tree-sitter';
import type { Finding, FixProposal, Range } from '../../../common/src/types';
import { isConstant } from './constness';
import { DIALECTS, type Dialect } from './dialects';
import type { CompiledCondition, CompiledRule, LanguageRules } from './ruleSet';

export interface AnalyzeOptions {
  /** Only matches that intersect this range of UTF-16 offsets; the whole tree when absent. */
  startIndex?: number;
  endIndex?: number;
  /** Rules switched off by settings are skipped here, so that toggling one needs no recompile. */
  isEnabled?: (ruleId: string) => boolean;
  /** Called when a rule throws: the caller decides whether to switch it off. Default: rethrow. */
  onRuleError?: (ruleId: string, error: Error) => void;
}

function nodeRange(n: Node): Range {
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

function capturesByName(m: QueryMatch): Map<string, Node> {
  const map = new Map<string, Node>();
  for (const c of m.captures) if (!map.has(c.name)) map.set(c.name, c.node);
  return map;
}

function holds(c: CompiledCondition, caps: Map<string, Node>, dialect: Dialect): boolean {
  const node = caps.get(c.capture);
  if (!node) return false;
  switch (c.kind) {
    case 'notConstant':
      return !isConstant(node, dialect);
    case 'constant':
      return isConstant(node, dialect);
    case 'matches':
      return c.regex.test(node.text);
    case 'notMatches':
      return !c.regex.test(node.text);
    case 'minEntropy': {
      const body = stripQuotes(node.text);
      return body.length >= c.minLength && entropyBitsPerChar(body) >= c.bitsPerChar;
    }
  }
}

function fixFor(rule: CompiledRule, caps: Map<string, Node>): FixProposal | undefined {
  const fix = rule.spec.fix;
  if (!fix) return undefined;
  const fill = (template: string): string => template.replace(/\{\{([A-Za-z_][\w.-]*)\}\}/g, (_, name: string) => caps.get(name)?.text ?? '');
  const edits = [];
  for (const e of fix.edits) {
    const n = caps.get(e.capture);
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
  return { title: fix.title, safe: fix.safety === 'safe', edits };
}

export function analyzeTree(tree: Tree, rules: LanguageRules, opts: AnalyzeOptions = {}): Finding[] {
  const dialect = DIALECTS[rules.language];
  const range = opts.startIndex !== undefined ? { startIndex: opts.startIndex, endIndex: opts.endIndex ?? tree.rootNode.endIndex } : undefined;
  const matches = rules.query.matches(tree.rootNode, range);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const m of matches) {
    const rule = rules.patternRule[m.patternIndex];
    if (!rule || (opts.isEnabled && !opts.isEnabled(rule.spec.id))) continue;
    try {
      const caps = capturesByName(m);
      const reportNode = caps.get(rule.report);
      if (!reportNode) continue;
      if (!rule.conditions.every(c => holds(c, caps, dialect))) continue;
      const key = `${rule.spec.id}@${reportNode.startIndex}:${reportNode.endIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        ruleId: rule.spec.id,
        severity: rule.spec.severity,
        cwe: rule.spec.metadata.cwe,
        owasp: rule.spec.metadata.owasp,
        message: rule.spec.message,
        range: nodeRange(reportNode),
        startIndex: reportNode.startIndex,
        endIndex: reportNode.endIndex,
        fix: fixFor(rule, caps),
      });
    } catch (e) {
      if (!opts.onRuleError) throw e;
      opts.onRuleError(rule.spec.id, e as Error);
    }
  }
  findings.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex || a.ruleId.localeCompare(b.ruleId));
  return findings;
}
