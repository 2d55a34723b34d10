// The analyzer for line-oriented formats with no usable grammar (Dockerfiles, requirements files, .env,
// MSBuild and Maven manifests). The text is masked first — comments blanked, line continuations turned
// into spaces, carriage returns too — so that offsets in the masked text are offsets in the document;
// then each rule's regular expression runs over each logical line, named groups being its captures.
// A range limits the work to the logical lines it touches: the language server re-runs only those.
import type { Finding, LineLanguageId } from '../../../common/src/types';
import { findingFor, holds, type AnalyzeOptions, type Capture, type MatchState } from './analyzer';
import { LANGUAGES } from './languages';
import type { LineRules } from './ruleSet';
import { NO_ADVISORIES } from './supplyChain/advisories';
import { NO_FILE } from './supplyChain/fileContext';
import { byCodeUnits } from '../../../common/src/order';

const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

/** The text with comments and continuation markers blanked; the same length, newlines kept. */
export function maskText(language: LineLanguageId, text: string): string {
  const spec = LANGUAGES[language];
  let masked = text.replace(/\r/g, ' ');
  if (spec.commentEnd) {
    // XML and Blade comments may span lines
    const open = spec.lineComment.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    const close = spec.commentEnd.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    masked = masked.replace(new RegExp(`${open}[\\s\\S]*?(${close}|$)`, 'g'), blank);
  } else {
    const c = spec.lineComment === '//' ? '\\/\\/' : '#';
    masked = masked.replace(new RegExp(`^[ \\t]*${c}.*$`, 'gm'), blank); // whole-line comments (Dockerfile allows only these)
    if (language === 'gomod') masked = masked.replace(/[ \t]\/\/.*$/gm, blank); // and go.mod's trailing ones
    // requirements and .env: " #" starts a comment after a value (in .env, outside quotes)
    if (language === 'requirements') masked = masked.replace(/[ \t]#.*$/gm, blank);
    if (language === 'dotenv') masked = masked.replace(/^([^'"#\n]*?(?:"[^"\n]*"|'[^'\n]*')?[^'"#\n]*?)([ \t]#.*)$/gm, (_, keep: string, comment: string) => keep + blank(comment));
  }
  if (spec.continuation) {
    const c = spec.continuation.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    // "\" at the end of a line joins the next: blank the marker and the newline, keeping the length
    masked = masked.replace(new RegExp(`${c}[ \\t]*\\n`, 'g'), m => ' '.repeat(m.length));
  }
  return masked;
}

/** Start offsets of every physical line, for offset -> (row, column). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], offset: number): { row: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - starts[lo] };
}

/** Findings of a line-oriented file, over all of it or the logical lines that intersect a range. */
export function analyzeLines(text: string, rules: LineRules, opts: AnalyzeOptions = {}): Finding[] {
  const masked = maskText(rules.language, text);
  const starts = lineStarts(text);
  const span = (s: number, e: number): Capture => ({ text: text.slice(s, e), startIndex: s, endIndex: e, startPosition: positionAt(starts, s), endPosition: positionAt(starts, e) });
  const file = opts.file ?? NO_FILE;
  const advisories = opts.advisories ?? NO_ADVISORIES;
  const fileConditions = opts.fileConditions ?? new Map();
  const from = opts.startIndex ?? 0;
  const to = opts.endIndex ?? text.length;
  const findings: Finding[] = [];
  // Logical lines: masked newlines mark their ends (continuations were turned into spaces).
  let lineStart = from === 0 ? 0 : masked.lastIndexOf('\n', from - 1) + 1;
  while (lineStart <= masked.length && lineStart <= to) {
    let lineEnd = masked.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = masked.length;
    const line = masked.slice(lineStart, lineEnd);
    if (line.trim()) {
      for (const { rule, regex } of rules.rules) {
        if (opts.isEnabled && !opts.isEnabled(rule.spec.id)) continue;
        try {
          regex.lastIndex = 0;
          for (const m of line.matchAll(regex)) {
            if (!m.indices || m[0] === '') continue;
            const caps = new Map<string, Capture>();
            for (const [name, at] of Object.entries(m.indices.groups ?? {})) if (at) caps.set(name, span(lineStart + at[0], lineStart + at[1]));
            const whole = span(lineStart + m.indices[0][0], lineStart + m.indices[0][1]);
            const report = caps.get(rule.report) ?? whole;
            const state: MatchState = { caps, file, fileText: () => text, advisories, fileConditions };
            if (!rule.conditions.every(c => holds(c, state, () => { throw new Error('tree conditions need a grammar'); }, undefined))) continue;
            findings.push(findingFor(rule, state, report, [whole], rules.language));
          }
        } catch (e) {
          if (!opts.onRuleError) throw e;
          opts.onRuleError(rule.spec.id, e as Error);
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  findings.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex || byCodeUnits(a.ruleId, b.ruleId));
  return findings;
}
