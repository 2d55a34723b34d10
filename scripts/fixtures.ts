// Detection fixtures: realistic files under test/fixtures/detect/<language>/ whose comments say what each
// following code line must give — `ruleid: <id>` (a finding of that rule starting on the line), `ok: <id>`
// (none), and the known gaps `todoruleid:` / `todook:` (a flaw still missed / a false positive still
// given), kept so that gaps stay visible. Used by the test suite, `check-fixtures` and `bench:detect`.
import * as fs from 'fs';
import type { Finding, LanguageId } from '../common/src/types';
import type { Engine } from '../server/src/engine/engine';
import { languageForPath } from '../server/src/engine/languages';
import { listFiles } from '../server/src/engine/ruleLoader';

export type Expectation = 'ruleid' | 'ok' | 'todoruleid' | 'todook';

export interface Annotation {
  kind: Expectation;
  ruleId: string;
  /** 0-based line the annotation talks about: the next line that is neither blank nor an annotation. */
  line: number;
  /** 0-based line of the annotation comment itself, for messages. */
  at: number;
}

const ANNOTATION = /(?:\/\/|#|--|\/\*|<!--)\s*(todoruleid|todook|ruleid|ok):\s*([A-Za-z0-9_,\s-]+?)\s*(?:\*\/|-->|--\}\})?\s*$/;

export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split('\n');
  const out: Annotation[] = [];
  let pending: Omit<Annotation, 'line'>[] = [];
  lines.forEach((raw, i) => {
    const m = ANNOTATION.exec(raw);
    if (m) {
      for (const id of m[2].split(',').map(s => s.trim()).filter(Boolean)) pending.push({ kind: m[1] as Expectation, ruleId: id, at: i });
      return;
    }
    if (!raw.trim()) return;
    for (const p of pending) out.push({ ...p, line: i });
    pending = [];
  });
  return out;
}

export interface Outcome {
  annotation: Annotation;
  /** Whether the line carries a finding of the rule. */
  flagged: boolean;
  /** ruleid/ok: the expectation holds; todoruleid/todook: the gap is still there. */
  holds: boolean;
}

export interface FixtureResult {
  file: string;
  language: LanguageId;
  outcomes: Outcome[];
  findings: Finding[];
}

export function listFixtures(dir: string): string[] {
  return fs.existsSync(dir) ? listFiles(dir, f => !!languageForPath(f)) : [];
}

export async function checkFixture(engine: Engine, file: string): Promise<FixtureResult> {
  const language = languageForPath(file);
  if (!language) throw new Error(`${file}: not a file type Skeptic reads`);
  const text = fs.readFileSync(file, 'utf8');
  const findings = await engine.scanText(language, text, { filePath: file });
  const outcomes = parseAnnotations(text).map(annotation => {
    const flagged = findings.some(f => f.ruleId === annotation.ruleId && f.range.start.line === annotation.line);
    const holds = annotation.kind === 'ruleid' || annotation.kind === 'todook' ? flagged : !flagged;
    return { annotation, flagged, holds };
  });
  return { file, language, outcomes, findings };
}

/** What is wrong with a fixture, one message per problem (empty when it passes). */
export function fixtureProblems(r: FixtureResult, knownRules: Set<string>, display = r.file): string[] {
  const problems: string[] = [];
  for (const o of r.outcomes) {
    const where = `${display}:${o.annotation.line + 1}`;
    const a = o.annotation;
    if (!knownRules.has(a.ruleId)) problems.push(`${display}:${a.at + 1}: unknown rule "${a.ruleId}" in a ${a.kind} annotation`);
    else if (a.kind === 'ruleid' && !o.holds) problems.push(`${where}: expected a finding of ${a.ruleId}, got none`);
    else if (a.kind === 'ok' && !o.holds) problems.push(`${where}: expected no finding of ${a.ruleId}, got one`);
    else if (a.kind === 'todoruleid' && !o.holds) problems.push(`${where}: ${a.ruleId} now finds this known gap — make it "ruleid:"`);
    else if (a.kind === 'todook' && !o.holds) problems.push(`${where}: ${a.ruleId} no longer flags this known false positive — make it "ok:"`);
  }
  // A finding on a line nobody annotated is unexplained: either a missed annotation or a false positive.
  const annotated = new Set(r.outcomes.map(o => `${o.annotation.ruleId}@${o.annotation.line}`));
  for (const f of r.findings) {
    if (!annotated.has(`${f.ruleId}@${f.range.start.line}`)) problems.push(`${display}:${f.range.start.line + 1}: ${f.ruleId} flags a line with no annotation; add "ruleid:" if it is right, "todook:" if it is a false positive`);
  }
  return problems;
}
