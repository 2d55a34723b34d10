// Known-compromised and malicious releases, offline: the bundled rules/advisories.yaml plus entries a
// project adds in .skeptic.yaml. Each entry names its source and date. Matching is by exact pin or by
// what a range admits (versions.ts).
import type { Ecosystem } from '../ruleLoader';
import { allowsVersion, normalizeName } from './versions';

export interface Advisory {
  ecosystem: Ecosystem;
  name: string;
  /** The bad releases, exactly. */
  versions: string[];
  /** The nearest release known to be clean, offered by the pin fix. */
  safe?: string;
  summary: string;
  source: string;
  /** When the bad releases were published or reported (YYYY-MM-DD). */
  date: string;
}

export interface AdvisoryHit {
  advisory: Advisory;
  /** The bad releases that the dependency's version text admits. */
  versions: string[];
}

const ECOSYSTEMS = new Set<Ecosystem>(['npm', 'pypi']);

/** Checks one entry's shape; returns what is wrong, or undefined. Used for bundled and user entries alike. */
export function advisoryProblem(a: Partial<Advisory>): string | undefined {
  if (!a || typeof a !== 'object') return 'an advisory must be a mapping';
  if (!ECOSYSTEMS.has(a.ecosystem as Ecosystem)) return `ecosystem must be one of ${[...ECOSYSTEMS].join(', ')}`;
  if (typeof a.name !== 'string' || !a.name) return 'name is required';
  if (!Array.isArray(a.versions) || !a.versions.length || a.versions.some(v => typeof v !== 'string')) return 'versions must list the bad releases';
  if (typeof a.summary !== 'string' || typeof a.source !== 'string' || !/^https:\/\//.test(a.source)) return 'summary and an https source link are required';
  if (typeof a.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(a.date)) return 'date must be YYYY-MM-DD';
  return undefined;
}

export class Advisories {
  private readonly byName = new Map<string, Advisory[]>();

  constructor(readonly all: Advisory[]) {
    for (const a of all) {
      const key = `${a.ecosystem}:${normalizeName(a.ecosystem, a.name)}`;
      this.byName.set(key, [...(this.byName.get(key) ?? []), a]);
    }
  }

  /** Advisories whose bad releases `spec` admits, for package `name`. */
  hits(ecosystem: Ecosystem, name: string, spec: string): AdvisoryHit[] {
    const out: AdvisoryHit[] = [];
    for (const advisory of this.byName.get(`${ecosystem}:${normalizeName(ecosystem, name)}`) ?? []) {
      const versions = advisory.versions.filter(v => allowsVersion(ecosystem, spec, v));
      if (versions.length) out.push({ advisory, versions });
    }
    return out;
  }
}

export const NO_ADVISORIES = new Advisories([]);

/** "litellm 1.82.7, 1.82.8 (compromised release, 2026-03-24: https://…)" for messages and hovers. */
export function describeHits(hits: AdvisoryHit[]): string {
  return hits.map(h => `${h.advisory.name} ${h.versions.join(', ')} (${h.advisory.summary}, ${h.advisory.date}: ${h.advisory.source})`).join('; ');
}
