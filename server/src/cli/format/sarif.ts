// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it — every rule described in tool.driver
// (help text and markdown, security tags, security-severity, precision), results with 1-based regions,
// URIs relative to the scan root (%SRCROOT%) and partialFingerprints.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { RuleInfo, Severity } from '../../../../common/src/types';
import type { ScanReport } from './report';
import { byCodeUnits } from '../../../../common/src/order';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub maps security-severity to critical (>= 9), high (>= 7), medium (>= 4), low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0' };
export const INFORMATION_URI = 'https://github.com/skeptic-security/skeptic';

function helpMarkdown(r: RuleInfo): string {
  return [
    `## ${r.message}`,
    '',
    `**What it does.** ${r.docs.what.trim()}`,
    '',
    `**Why is this bad?** ${r.docs.why.trim()}`,
    '',
    '**Example**',
    '```',
    r.docs.example.trimEnd(),
    '```',
    '',
    '**Use instead**',
    '```',
    r.docs.useInstead.trimEnd(),
    '```',
    '',
    `${r.cwe.map(c => `[${c}](https://cwe.mitre.org/data/definitions/${c.slice(4)}.html)`).join(', ')} · OWASP ${r.owasp.join(', ')}`,
  ].join('\n');
}

function helpText(r: RuleInfo): string {
  return `${r.docs.what.trim()}\n\nWhy: ${r.docs.why.trim()}\n\nUse instead:\n${r.docs.useInstead.trimEnd()}`;
}

function artifactUri(p: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(root, p);
  const rel = path.relative(root, abs);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(abs).href };
}

/** A scan for SARIF computes fingerprints (scanFile's option): without them, results could not be tracked. */
function missingFingerprint(): never {
  throw new Error('a SARIF report needs fingerprints: scan its files with { fingerprints: true }');
}

export function renderSarif(report: ScanReport): string {
  const rules = [...report.rules].sort((a, b) => byCodeUnits(a.id, b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'skeptic',
            version: report.version,
            semanticVersion: report.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(r => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.message },
              fullDescription: { text: r.docs.what.trim() },
              help: { text: helpText(r), markdown: helpMarkdown(r) },
              helpUri: r.cwe[0] ? `https://cwe.mitre.org/data/definitions/${r.cwe[0].slice(4)}.html` : INFORMATION_URI,
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                tags: ['security', ...r.cwe.map(c => `external/cwe/cwe-${c.slice(4)}`), ...r.owasp.map(o => `external/owasp/${o.split(' ')[0]}`)],
                'security-severity': SECURITY_SEVERITY[r.severity],
                precision: r.confidence === 'high' ? 'high' : r.confidence === 'medium' ? 'medium' : 'low',
                'problem.severity': r.severity === 'info' ? 'recommendation' : r.severity,
              },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.root + path.sep).href } },
        results: report.findings.map(({ path: p, finding: f, fingerprint }) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactUri(p, report.root),
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
          partialFingerprints: { 'skeptic/v1': fingerprint ?? missingFingerprint() },
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map(s => ({
              level: 'note',
              message: { text: `skipped ${s.path}: ${s.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactUri(s.path, report.root) } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
