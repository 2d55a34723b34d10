// Inline suppressions, the same for the CLI and the editor:
//   <comment> skeptic-ignore-next-line <rule-id>[, <rule-id>…]: <reason>
//   <comment> skeptic-ignore-file <rule-id>[, <rule-id>…]: <reason>
// A suppression must say why; one without a reason is reported (info), and one that suppresses nothing
// is reported as unused, so that suppressions stay visible and auditable.
import type { Finding } from '../../../common/src/types';
import { byCodeUnits } from '../../../common/src/order';

export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';
export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface Suppression {
  kind: 'next-line' | 'file';
  ruleIds: string[];
  reason: string;
  /** 0-based line of the comment. */
  line: number;
  startCharacter: number;
  endCharacter: number;
  startIndex: number;
}

const MARKER = /(?:\/\/|#|\/\*|--|\*)\s*skeptic-ignore-(next-line|file)\b[ \t]*([A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)?[ \t]*(?::[ \t]*(.*?))?[ \t]*(?:\*\/|-->|--\}\})?[ \t]*$/;

export function findSuppressions(text: string): Suppression[] {
  if (!text.includes('skeptic-ignore-')) return [];
  const out: Suppression[] = [];
  let line = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    const raw = text.slice(lineStart, end).replace(/\r$/, '');
    const m = raw.includes('skeptic-ignore-') ? MARKER.exec(raw) : null;
    if (m) {
      out.push({
        kind: m[1] as 'next-line' | 'file',
        ruleIds: (m[2] ?? '').split(',').map(s => s.trim()).filter(Boolean),
        reason: (m[3] ?? '').trim(),
        line,
        startCharacter: m.index,
        endCharacter: raw.length,
        startIndex: lineStart + m.index,
      });
    }
    line++;
    lineStart = end + 1;
  }
  return out;
}

function meta(s: Suppression, ruleId: string, message: string): Finding {
  return {
    ruleId,
    severity: 'info',
    cwe: [],
    owasp: [],
    message,
    range: { start: { line: s.line, character: s.startCharacter }, end: { line: s.line, character: s.endCharacter } },
    startIndex: s.startIndex,
    endIndex: s.startIndex + (s.endCharacter - s.startCharacter),
  };
}

/**
 * Drops suppressed findings and adds findings about the suppressions themselves.
 * `complete` is false when the findings cover only part of the file, so "unused" cannot be judged.
 */
export function applySuppressions(findings: Finding[], text: string, complete = true): { kept: Finding[]; suppressed: number } {
  const sups = findSuppressions(text);
  if (!sups.length) return { kept: findings, suppressed: 0 };
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const by = sups.find(s => s.ruleIds.includes(f.ruleId) && (s.kind === 'file' || s.line + 1 === f.range.start.line));
    if (by) {
      used.add(by);
      suppressed++;
    } else kept.push(f);
  }
  for (const s of sups) {
    if (s.reason === '<reason>') s.reason = ''; // the placeholder a quick fix inserts is not a reason yet
    if (!s.ruleIds.length) {
      kept.push(meta(s, SUPPRESSION_WITHOUT_REASON, 'Suppression names no rule: write `skeptic-ignore-next-line <rule-id>: <reason>`'));
      continue;
    }
    if (!s.reason) kept.push(meta(s, SUPPRESSION_WITHOUT_REASON, `Suppression of ${s.ruleIds.join(', ')} gives no reason: add one after a colon so reviewers can audit it`));
    if (complete && !used.has(s)) kept.push(meta(s, UNUSED_SUPPRESSION, `Unused suppression: ${s.ruleIds.join(', ')} reports nothing here; remove the comment`));
  }
  kept.sort((a, b) => a.startIndex - b.startIndex || byCodeUnits(a.ruleId, b.ruleId));
  return { kept, suppressed };
}
