// The scan report every output format renders: findings with their file, plus skipped files.
import type { Finding, RuleInfo, Severity } from '../../../../common/src/types';

export interface ReportedFinding {
  path: string;
  finding: Finding;
  /** Only in a scan for SARIF (the other formats print none). */
  fingerprint?: string;
}

export interface ScanReport {
  tool: 'skeptic';
  version: string;
  findings: ReportedFinding[];
  skipped: { path: string; reason: string }[];
  filesScanned: number;
  rules: RuleInfo[];
  /** Directory that SARIF URIs are relative to (the current directory). */
  root: string;
  /** Findings below --severity, by severity: not reported, but the text summary says they exist. */
  belowThreshold?: Partial<Record<Severity, number>>;
  threshold?: Severity;
}
