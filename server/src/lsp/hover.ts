// Hover on a flagged range: the rule's docs — why it is dangerous, a bad and a good example, and
// CWE / OWASP links — as Markdown. Generated from the rule file, never written twice.
import type { Hover, MarkupContent } from 'vscode-languageserver';
import type { Finding, RuleInfo } from '../../../common/src/types';
import { cweHref } from './diagnostics';

const OWASP_LINK = (o: string): string => {
  const m = /^A(\d{2}):(\d{4}) - (.+)$/.exec(o);
  return m ? `[${o}](https://owasp.org/Top10/A${m[1]}_${m[2]}-${m[3].replace(/ /g, '_')}/)` : o;
};

export function ruleMarkdown(rule: RuleInfo, language: string, finding?: Finding): string {
  const fence = (code: string): string => ['```' + language, code.trimEnd(), '```'].join('\n');
  const parts = [
    `**${rule.message}** — \`${rule.id}\` (${rule.severity})`,
    '',
    rule.docs.why.trim(),
    '',
    '**Bad**',
    fence(rule.docs.example),
    '**Use instead**',
    fence(rule.docs.useInstead),
  ];
  if (finding?.fix) parts.push('', `Quick fix: *${finding.fix.title}*${finding.fix.safe ? '' : ' (review the change)'}`);
  parts.push('', [...rule.cwe.map(c => `[${c}](${cweHref(c)})`), ...rule.owasp.map(OWASP_LINK)].join(' · '));
  parts.push('', `Suppress with a reason: \`skeptic-ignore-next-line ${rule.id}: <why this is safe>\``);
  return parts.join('\n');
}

export function hoverFor(findings: Finding[], rules: Map<string, RuleInfo>, offset: number, language: string): Hover | null {
  const here = findings.filter(f => f.startIndex <= offset && offset <= f.endIndex && rules.has(f.ruleId));
  if (!here.length) return null;
  const contents: MarkupContent = { kind: 'markdown', value: here.map(f => ruleMarkdown(rules.get(f.ruleId)!, language, f)).join('\n\n---\n\n') };
  return { contents, range: here[0].range };
}
