// `--format json`: the exact contract other tools parse. Lines and columns are 1-based (UTF-16 columns).
import type { ScanReport } from './report';

export function renderJson(report: ScanReport): string {
  return JSON.stringify(
    {
      tool: report.tool,
      version: report.version,
      findings: report.findings.map(({ path, finding: f }) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        cwe: f.cwe,
        owasp: f.owasp,
        path,
        startLine: f.range.start.line + 1,
        startColumn: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        message: f.message,
        fixable: !!f.fix,
      })),
      skipped: report.skipped,
    },
    null,
    2,
  ) + '\n';
}
