// Renders findings as LSP diagnostics: the flaw's own range, mapped severity, source "skeptic", the rule
// id as code with a link to its CWE entry. Suppression bookkeeping shows as info (no reason) or as an
// unnecessary-code hint (unused).
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../../../common/src/types';
import { UNUSED_SUPPRESSION } from '../engine/suppressions';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function cweHref(cwe: string): string {
  return `https://cwe.mitre.org/data/definitions/${cwe.replace(/^CWE-/, '')}.html`;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: f.ruleId === UNUSED_SUPPRESSION ? DiagnosticSeverity.Hint : SEVERITY[f.severity],
    source: 'skeptic',
    code: f.ruleId,
    message: f.cwe.length ? `${f.message} (${f.cwe.join(', ')})` : f.message,
  };
  if (f.cwe[0]) d.codeDescription = { href: cweHref(f.cwe[0]) };
  if (f.ruleId === UNUSED_SUPPRESSION) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

/** One diagnostic for a document that live analysis skipped, saying why and what covers it instead. */
export function skippedDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'skeptic',
    code: 'live-analysis-skipped',
    message: `Live analysis skipped: ${reason}. \`skeptic scan\` still covers this file.`,
  };
}
