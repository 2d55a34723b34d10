// Detection benchmark: recall and precision per weakness family and per language over the project's
// annotated fixtures (test/fixtures/detect), and — side by side, on the same files — those of bandit
// (Python) and eslint-plugin-security (JavaScript). `npm run bench:detect`; a benchmark that prints
// figures, not a test.
//
// Labels come from the annotations: `ruleid: R` / `todoruleid: R` mark a flawed line of R's family,
// `ok: R` / `todook: R` a safe line of that family. As in the maintainers' held-out measure, a tool
// detects a flawed line when one of its findings starts on that line and belongs to the same family, and
// a finding of that family on a safe line counts against its precision. Findings on unlabelled lines are
// not counted for anyone. Peers' findings are put in families by a table below (bandit 1.6 reports no
// CWE; eslint-plugin-security none at all).
import { spawnSync } from 'child_process';
import * as path from 'path';
import { checkFixture, listFixtures, type FixtureResult } from '../scripts/fixtures';
import { familyOf } from '../scripts/families';
import { Engine } from '../server/src/engine/engine';
import { loadRulesFromDir } from '../server/src/engine/ruleLoader';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'detect');

/** bandit test id -> family (the names of scripts/families.ts). */
const BANDIT: Record<string, string> = {
  B102: 'Code injection', B307: 'Code injection',
  B301: 'Insecure deserialization', B302: 'Insecure deserialization', B403: 'Insecure deserialization', B506: 'Insecure deserialization',
  B303: 'Weak crypto / password storage', B304: 'Weak crypto / password storage', B305: 'Weak crypto / password storage', B324: 'Weak crypto / password storage', B413: 'Weak crypto / password storage',
  B311: 'Insecure randomness',
  B501: 'TLS verification disabled', B502: 'TLS verification disabled', B503: 'TLS verification disabled', B504: 'TLS verification disabled', B323: 'TLS verification disabled',
  B601: 'Command injection', B602: 'Command injection', B603: 'Command injection', B604: 'Command injection', B605: 'Command injection', B606: 'Command injection', B607: 'Command injection', B404: 'Command injection',
  B608: 'SQL / NoSQL injection', B610: 'SQL / NoSQL injection', B611: 'SQL / NoSQL injection',
  B105: 'Hardcoded secrets', B106: 'Hardcoded secrets', B107: 'Hardcoded secrets',
  B701: 'Cross-site scripting', B702: 'Cross-site scripting', B703: 'Cross-site scripting', B308: 'Cross-site scripting',
  B313: 'XML external entities', B314: 'XML external entities', B315: 'XML external entities', B316: 'XML external entities', B317: 'XML external entities', B318: 'XML external entities', B319: 'XML external entities', B320: 'XML external entities', B405: 'XML external entities', B406: 'XML external entities', B407: 'XML external entities', B408: 'XML external entities', B409: 'XML external entities', B410: 'XML external entities',
  B310: 'Server-side request forgery',
  B103: 'File permissions',
  B202: 'Path traversal / uploads',
};

/** eslint-plugin-security rule -> family; rules with no family here (object injection, ReDoS…) are left out. */
const ESLINT: Record<string, string> = {
  'security/detect-child-process': 'Command injection',
  'security/detect-eval-with-expression': 'Code injection',
  'security/detect-non-literal-require': 'Code injection',
  'security/detect-non-literal-fs-filename': 'Path traversal / uploads',
  'security/detect-possible-timing-attacks': 'Broken authentication',
  'security/detect-pseudoRandomBytes': 'Insecure randomness',
  'security/detect-disable-mustache-escape': 'Cross-site scripting',
};

interface Label {
  file: string;
  line: number; // 0-based
  family: string;
  flawed: boolean;
}

interface Tally {
  tp: number;
  fn: number;
  fp: number;
  /** Safe lines correctly left alone. */
  tn: number;
}

const empty = (): Tally => ({ tp: 0, fn: 0, fp: 0, tn: 0 });
const recall = (t: Tally): string => (t.tp + t.fn ? (t.tp / (t.tp + t.fn)).toFixed(2) : '—');
const precision = (t: Tally): string => (t.tp + t.fp ? (t.tp / (t.tp + t.fp)).toFixed(2) : '—');

/** Family-level hits of a tool: "file:line:family" for each finding. */
type Hits = Set<string>;

function score(labels: Label[], hits: Hits): Tally {
  const t = empty();
  // One label per (file, line, family): a line annotated for two rules of one family counts once.
  const seen = new Set<string>();
  for (const l of labels) {
    const key = `${l.file}:${l.line}:${l.family}`;
    if (seen.has(key + l.flawed)) continue;
    seen.add(key + l.flawed);
    const hit = hits.has(key);
    if (l.flawed) hit ? t.tp++ : t.fn++;
    else hit ? t.fp++ : t.tn++;
  }
  return t;
}

function banditHits(files: string[]): Hits | string {
  const which = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
  if (which.error) return 'bandit not found (Debian: apt-get install bandit)';
  const r = spawnSync('bandit', ['-f', 'json', '-q', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = JSON.parse(r.stdout) as { results: { filename: string; line_number: number; test_id: string }[] };
  const hits: Hits = new Set();
  for (const f of out.results) {
    const family = BANDIT[f.test_id];
    if (family) hits.add(`${path.resolve(f.filename)}:${f.line_number - 1}:${family}`);
  }
  return hits;
}

async function eslintHits(files: string[]): Promise<Hits | string> {
  if (!files.length) return 'no JavaScript fixtures';
  // eslint and the plugin are ESM-first devDependencies: load them at run time, from the project.
  const { ESLint } = (await import(path.join(ROOT, 'node_modules', 'eslint', 'lib', 'api.js'))) as { ESLint: new (o: object) => { lintFiles(f: string[]): Promise<{ filePath: string; messages: { ruleId: string | null; line: number }[] }[]> } };
  const security = ((await import(path.join(ROOT, 'node_modules', 'eslint-plugin-security', 'index.js'))) as { default: { configs: { recommended: object } } }).default;
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.js', '**/*.jsx'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
      security.configs.recommended,
    ],
  });
  const hits: Hits = new Set();
  for (const r of await eslint.lintFiles(files)) {
    for (const m of r.messages) {
      const family = m.ruleId ? ESLINT[m.ruleId] : undefined;
      if (family) hits.add(`${path.resolve(r.filePath)}:${m.line - 1}:${family}`);
    }
  }
  return hits;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows.map((r, k) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ') + (k === 0 ? '\n' + widths.map(w => '-'.repeat(w)).join('  ') : '')).join('\n');
}

async function main(): Promise<void> {
  const { rules, errors } = loadRulesFromDir(path.join(ROOT, 'rules'));
  for (const e of errors) console.error(`rules/${e.file}: ${e.message}`);
  const byId = new Map(rules.map(r => [r.id, r]));
  const engine = await Engine.create({ rules });
  const files = listFixtures(FIXTURES);
  const results: FixtureResult[] = [];
  for (const f of files) results.push(await checkFixture(engine, f));

  const labels: Label[] = [];
  const skeptic: Hits = new Set();
  for (const r of results) {
    for (const o of r.outcomes) {
      const rule = byId.get(o.annotation.ruleId);
      if (!rule) continue;
      labels.push({ file: r.file, line: o.annotation.line, family: familyOf(rule), flawed: o.annotation.kind === 'ruleid' || o.annotation.kind === 'todoruleid' });
    }
    for (const f of r.findings) {
      const rule = byId.get(f.ruleId);
      if (rule) skeptic.add(`${r.file}:${f.range.start.line}:${familyOf(rule)}`);
    }
  }
  const language = new Map(results.map(r => [r.file, r.language]));
  const pyFiles = results.filter(r => r.language === 'python').map(r => r.file);
  const jsFiles = results.filter(r => r.language === 'javascript').map(r => r.file);
  const bandit = pyFiles.length ? banditHits(pyFiles) : 'no Python fixtures';
  const eslint = await eslintHits(jsFiles);

  console.log(`Detection over ${files.length} fixtures in test/fixtures/detect: ${labels.filter(l => l.flawed).length} flawed and ${labels.filter(l => !l.flawed).length} safe labelled lines.\n`);
  const langs = [...new Set(results.map(r => r.language))].sort();
  const rows = [['language', 'files', 'flawed', 'safe', 'skeptic recall', 'skeptic precision', 'peer', 'peer recall', 'peer precision']];
  const all = { skeptic: empty() };
  for (const lang of langs) {
    const mine = labels.filter(l => language.get(l.file) === lang);
    const s = score(mine, skeptic);
    for (const k of ['tp', 'fn', 'fp', 'tn'] as const) all.skeptic[k] += s[k];
    const peer = lang === 'python' ? ['bandit', bandit] as const : lang === 'javascript' ? ['eslint-plugin-security', eslint] as const : undefined;
    const p = peer && typeof peer[1] !== 'string' ? score(mine, peer[1]) : undefined;
    rows.push([lang, String(results.filter(r => r.language === lang).length), String(mine.filter(l => l.flawed).length), String(mine.filter(l => !l.flawed).length), recall(s), precision(s), peer ? peer[0] : '', p ? recall(p) : peer ? 'n/a' : '', p ? precision(p) : peer ? 'n/a' : '']);
  }
  rows.push(['all', String(files.length), String(labels.filter(l => l.flawed).length), String(labels.filter(l => !l.flawed).length), recall(all.skeptic), precision(all.skeptic), '', '', '']);
  console.log('By language:\n' + table(rows) + '\n');

  const families = [...new Set(labels.map(l => l.family))].sort();
  const frows = [['family', 'flawed', 'safe', 'skeptic recall', 'skeptic precision', 'bandit recall (py)', 'bandit precision (py)', 'eslint-security recall (js)', 'eslint-security precision (js)']];
  for (const fam of families) {
    const mine = labels.filter(l => l.family === fam);
    const s = score(mine, skeptic);
    const py = mine.filter(l => language.get(l.file) === 'python');
    const js = mine.filter(l => language.get(l.file) === 'javascript');
    const b = typeof bandit === 'string' || !py.length ? undefined : score(py, bandit);
    const e = typeof eslint === 'string' || !js.length ? undefined : score(js, eslint);
    frows.push([fam, String(mine.filter(l => l.flawed).length), String(mine.filter(l => !l.flawed).length), recall(s), precision(s), b ? recall(b) : '', b ? precision(b) : '', e ? recall(e) : '', e ? precision(e) : '']);
  }
  console.log('By family:\n' + table(frows) + '\n');
  if (typeof bandit === 'string') console.log(`bandit: ${bandit}`);
  if (typeof eslint === 'string') console.log(`eslint-plugin-security: ${eslint}`);
  console.log('Peers run on the same files: bandit on the Python fixtures, eslint-plugin-security (its recommended config) on the JavaScript ones. A peer\'s finding counts in a family by the mapping in bench/detect.ts.');
}

main().catch(e => {
  console.error((e as Error).stack ?? e);
  process.exit(1);
});
