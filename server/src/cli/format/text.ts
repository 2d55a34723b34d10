// `--format text`: for a person at a terminal. One line per finding (file:line:col, severity, rule id,
// message, CWE), then a summary. Colour only on a TTY and never when NO_COLOR is set.
import type { Severity } from '../../../../common/src/types';
import type { ScanReport } from './report';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };

export function renderText(report: ScanReport, color: boolean): string {
  const paint = (s: string, code: string): string => (color ? `${code}${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const { path, finding: f } of report.findings) {
    const where = `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const cwe = f.cwe.length ? ` [${f.cwe.join(', ')}]` : '';
    const fix = f.fix ? paint(` (fix: ${f.fix.title}${f.fix.safe ? '' : ', review it'})`, '\x1b[2m') : '';
    lines.push(`${paint(where, '\x1b[1m')}: ${paint(f.severity, COLORS[f.severity])} ${f.ruleId}: ${f.message}${cwe}${fix}`);
  }
  const counts = (['error', 'warning', 'info'] as Severity[])
    .map(s => [s, report.findings.filter(r => r.finding.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const files = new Set(report.findings.map(r => r.path)).size;
  const n = report.findings.length;
  const summary = n
    ? `${n} finding${n === 1 ? '' : 's'} (${counts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}`
    : 'No findings';
  // findings under --severity are not listed, but a person should know they are there
  const hidden = (['warning', 'info'] as Severity[]).filter(s => report.belowThreshold?.[s]).map(s => `${report.belowThreshold![s]} ${s}`);
  const more = hidden.length ? ` (${hidden.join(', ')} below --severity ${report.threshold} not shown)` : '';
  lines.push(`${lines.length ? '\n' : ''}${summary}${more}; ${report.filesScanned} file${report.filesScanned === 1 ? '' : 's'} scanned${report.skipped.length ? `, ${report.skipped.length} skipped` : ''}.`);
  return lines.join('\n') + '\n';
}
