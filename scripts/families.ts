// Weakness families, by CWE: the rows of the coverage table (rule-docs.ts) and the unit of detection
// figures (bench/detect.ts). A rule belongs to the family of the first of its CWEs that has one.
import type { RuleSpec } from '../server/src/engine/ruleLoader';

/** Weakness families by CWE, for the coverage table. */
export const FAMILIES: Array<[string, RegExp]> = [
  ['SQL / NoSQL injection', /^CWE-(89|943|564)$/],
  ['Command injection', /^CWE-(78|77|88)$/],
  ['Code injection', /^CWE-(94|95|917|470|1336)$/],
  ['Cross-site scripting', /^CWE-(79|80|83)$/],
  ['Path traversal / uploads', /^CWE-(22|23|73|434|98)$/],
  ['Insecure deserialization', /^CWE-502$/],
  ['Server-side request forgery', /^CWE-918$/],
  ['XML external entities', /^CWE-(611|776)$/],
  ['Log injection', /^CWE-(117|93)$/],
  ['Open redirect', /^CWE-601$/],
  ['Memory safety', /^CWE-(120|121|122|242|676|787|134)$/],
  ['Known-compromised dependencies', /^CWE-506$/],
  ['Hardcoded secrets', /^CWE-(798|259|321|522|540)$/],
  ['Weak crypto / password storage', /^CWE-(327|328|916|759|760|326|329|1204)$/],
  ['Insecure randomness', /^CWE-(330|338)$/],
  ['TLS verification disabled', /^CWE-(295|297)$/],
  ['Broken authentication', /^CWE-(287|208|203|1390|347|613|614|1004|1275|352|384)$/],
  ['Mass assignment', /^CWE-(915|914|621)$/],
  ['CORS misconfiguration', /^CWE-(942|346)$/],
  ['File permissions / temp files', /^CWE-(732|276|281|377|378|379)$/],
  ['Supply chain (dependency pins)', /^CWE-(1104|829|494|1357)$/],
  ['Excessive privileges (containers, IAM)', /^CWE-(250|269)$/],
  ['Exposed infrastructure', /^CWE-(284|668|200|1220)$/],
  ['Missing encryption at rest', /^CWE-(311|312|319)$/],
];

export function familyOf(rule: Pick<RuleSpec, 'metadata'>): string {
  // The first CWE is the rule's primary weakness (eval-based deserialization is CWE-502, then CWE-95).
  for (const cwe of rule.metadata.cwe) for (const [name, re] of FAMILIES) if (re.test(cwe)) return name;
  return 'Other';
}

