// Which releases a dependency's version text allows, per ecosystem: npm ranges (semver, the npm CLI's own
// library), and for PyPI the PEP 440 specifiers of requirements files and PEP 621, plus Poetry's caret and
// tilde forms. Used to tell whether a range admits a known-bad release and what its lower bound is.
import * as semver from 'semver';
import type { Ecosystem } from '../ruleLoader';

/** PyPI names compare case-insensitively with runs of -, _ and . equal (PEP 503). */
export function normalizeName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

function release(v: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? m[1].split('.').map(Number) : undefined;
}

function compareRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** One PEP 440 clause ("~=1.4.2", ">=1.80", "==1.82.*", "!=2.0") against a version. */
function pep440Clause(clause: string, version: number[]): boolean | undefined {
  const m = /^(===|==|!=|~=|>=|<=|>|<)\s*([0-9][\w.*+!-]*)$/.exec(clause.trim());
  if (!m) return undefined;
  const [, op, raw] = m;
  if (raw.endsWith('.*')) {
    const prefix = release(raw.slice(0, -2));
    if (!prefix) return undefined;
    const same = prefix.every((n, i) => (version[i] ?? 0) === n);
    return op === '!=' ? !same : op === '==' ? same : undefined;
  }
  const v = release(raw);
  if (!v) return undefined;
  const c = compareRelease(version, v);
  switch (op) {
    case '==':
    case '===':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    case '~=': // compatible release: >= v and the same release up to the last-but-one segment
      return c >= 0 && v.slice(0, -1).every((n, i) => (version[i] ?? 0) === n);
  }
  return undefined;
}

/**
 * True when `spec` admits `version`. Unknown syntax (git URLs, local paths, markers we cannot read)
 * admits nothing: a known-bad warning must be certain.
 */
export function allowsVersion(ecosystem: Ecosystem, spec: string, version: string): boolean {
  const s = spec.trim();
  if (ecosystem === 'npm') {
    const alias = /^npm:(?:@[^/]+\/)?[^@]+@(.*)$/.exec(s);
    const range = alias ? alias[1] : s;
    if (range === '' || range === '*' || range === 'latest' || /^x$/i.test(range)) return true;
    return semver.validRange(range) !== null && semver.satisfies(version, range);
  }
  if (s === '' || s === '*') return true;
  if (/^[\^~](?!=)/.test(s) || /^\d/.test(s)) {
    // Poetry: "^1.2", "~1.2"; a bare version is exact.
    if (/^\d/.test(s)) return compareRelease(release(version) ?? [], release(s) ?? [NaN]) === 0;
    const coerced = s.replace(/^([\^~])\s*(\d+(?:\.\d+)*)/, (_, op: string, v: string) => `${op}${v}`);
    return semver.validRange(coerced) !== null && semver.satisfies(semver.coerce(version)?.version ?? version, coerced);
  }
  const v = release(version);
  if (!v) return false;
  const verdicts = s.split(',').map(c => pep440Clause(c, v));
  return verdicts.every(x => x === true);
}

/** True when the text names exactly one release (what "pinned" means for each ecosystem). */
export function isExactPin(ecosystem: Ecosystem, spec: string): boolean {
  const s = spec.trim();
  if (ecosystem === 'npm') return semver.valid(s.replace(/^npm:(?:@[^/]+\/)?[^@]+@/, '')) !== null;
  return /^(===?\s*)\d+(\.\d+)*([\w.+!-]*)$/.test(s);
}

/** The lowest release a range names ("^4.18.2" -> 4.18.2, ">=1.80.0,<2" -> 1.80.0), if it names one. */
export function lowerBound(ecosystem: Ecosystem, spec: string): string | undefined {
  const s = spec.trim();
  if (ecosystem === 'npm') {
    const range = s.replace(/^npm:(?:@[^/]+\/)?[^@]+@/, '');
    if (!/\d/.test(range) || semver.validRange(range) === null) return undefined;
    return semver.minVersion(range)?.version;
  }
  const m = /(?:^|,)\s*(?:===?|>=|~=|\^|~(?!=))?\s*(\d+(?:\.\d+)*)(?![\w.*])/.exec(s.replace(/\s*(?:<=?|!=)\s*[\d.*]+/g, ''));
  return m ? m[1] : undefined;
}
