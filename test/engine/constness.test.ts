// The notConstant condition, language by language: literals and constants are constant, anything that
// comes from a parameter, a call or an interpolated variable is not; values are followed through local
// assignments in the same function, then top-level constants.
import * as assert from 'assert';
import type { LanguageId } from '../../common/src/types';
import { Engine } from '../../server/src/engine/engine';
import type { RuleSpec } from '../../server/src/engine/ruleLoader';

const SINK: Record<string, string> = {
  python: '(call function: (identifier) @_f (#eq? @_f "sink") arguments: (argument_list . (_) @match))',
  javascript: '(call_expression function: (identifier) @_f (#eq? @_f "sink") arguments: (arguments . (_) @match))',
  java: '(method_invocation name: (identifier) @_f (#eq? @_f "sink") arguments: (argument_list . (_) @match))',
  csharp: '(invocation_expression function: (identifier) @_f (#eq? @_f "Sink") arguments: (argument_list . (argument (_) @match)))',
  go: '(call_expression function: (identifier) @_f (#eq? @_f "sink") arguments: (argument_list . (_) @match))',
};

function probe(): RuleSpec {
  return {
    id: 'probe', languages: ['python', 'javascript', 'typescript', 'java', 'csharp', 'go'], severity: 'error', message: 'non-constant reaches sink',
    docs: { what: 'x', why: 'x', example: 'x', useInstead: 'x' }, query: SINK, conditions: [{ notConstant: 'match' }],
    metadata: { cwe: ['CWE-20'], owasp: ['A03:2021 - Injection'], references: ['https://example.com'], confidence: 'high', subcategory: 'vuln' },
    status: 'stable', since: '0.1.0', examples: { invalid: ['x'], valid: ['x'] }, file: 'probe.yaml',
  };
}

const CASES: Array<[LanguageId, string, boolean]> = [
  // [language, code, flagged]
  ['python', 'sink("SELECT 1")', false],
  ['python', 'sink("a" "b" + "c")', false],
  ['python', 'def f(n):\n    q = "a" + n\n    x = 1\n    sink(q)', true],
  ['python', 'def f(n):\n    q = "a"\n    q += "b"\n    sink(q)', false],
  ['python', 'def f(n):\n    q = "a"\n    q += n\n    sink(q)', true],
  ['python', 'TABLE = "users"\ndef f():\n    sink(f"SELECT * FROM {TABLE}")', false],
  ['python', 'def f(n):\n    sink(f"SELECT {n}")', true],
  ['python', 'def f():\n    sink("SELECT %s" % (LIMIT,))', false],
  ['python', 'def f(n):\n    sink("SELECT {}".format(n))', true],
  ['python', 'def f():\n    sink("SELECT {}".format(LIMIT))', false],
  ['python', 'def f(q):\n    sink(q)', true],
  ['python', 'def f():\n    sink(Config.QUERY)', false],
  ['javascript', 'sink("a" + "b")', false],
  ['javascript', 'function f(n) { const q = `SELECT ${n}`; sink(q); }', true],
  ['javascript', 'const LIMIT = 10; function f() { sink(`SELECT ${LIMIT}`); }', false],
  ['javascript', 'function f(n) { let q = "a"; q = q + n; sink(q); }', true],
  ['typescript', 'function f(n: string) { sink((n as string)); }', true],
  ['typescript', 'function f() { sink(("x" as string)); }', false],
  ['java', 'class A { void f(String n) { String q = "a" + n; sink(q); } }', true],
  ['java', 'class A { static final String Q = "a"; void f() { sink(Q + "b"); } }', false],
  ['java', 'class A { void f(String n) { sink(String.format("a %s", n)); } }', true],
  ['csharp', 'class A { void F(string n) { var q = $"a {n}"; Sink(q); } }', true],
  ['csharp', 'class A { const string T = "t"; void F() { Sink($"a {T}"); } }', false],
  ['csharp', 'class A { void F() { var q = @"x"; Sink(q); } }', false],
  ['go', 'package m\nfunc f(n string) { q := fmt.Sprintf("a %s", n); sink(q) }', true],
  ['go', 'package m\nconst t = "users"\nfunc f() { sink(fmt.Sprintf("a %s", t)) }', false],
  ['go', 'package m\nfunc f() { q := "a"; q = q + "b"; sink(q) }', false],
  // a choice between constants, a lookup in a table of constants
  ['javascript', 'function f(req) { sink("SELECT * FROM t" + (req.query.all ? "" : " WHERE live")); }', false],
  ['javascript', 'function f(req, n) { sink("SELECT * FROM t" + (req.query.all ? n : "")); }', true],
  ['javascript', 'const SORTS = { name: "name", newest: "created_at DESC" };\nfunction f(req) { const o = SORTS[req.query.sort] || "name"; sink(`SELECT * FROM t ORDER BY ${o}`); }', false],
  ['javascript', 'const SORTS = { name: "name", other: readSort() };\nfunction f(req) { sink(`SELECT * FROM t ORDER BY ${SORTS[req.query.sort]}`); }', true],
  ['python', 'COLUMNS = {"name": "name", "new": "created_at"}\ndef f(k):\n    sink("SELECT * FROM t ORDER BY " + COLUMNS[k])', false],
  ['python', 'def f(k, n):\n    sink("SELECT " + ("a" if k else n))', true],
  ['java', 'class A { void f(boolean b) { sink("SELECT " + (b ? "a" : "b")); } }', false],
  // a parameter is what the caller passes, even when a top-level constant has its name
  ['python', 'q = "SELECT 1"\ndef f(q):\n    sink(q)', true],
  // a builder's text is what was written into it
  ['java', 'class A { void f() { StringBuilder sb = new StringBuilder("SELECT * FROM t"); sb.append(" WHERE live"); sink(sb.toString()); } }', false],
  ['java', 'class A { void f(String n) { StringBuilder sb = new StringBuilder("SELECT * FROM t"); sb.append(" WHERE n = ").append(n); sink(sb.toString()); } }', true],
  ['csharp', 'class A { void F(string n) { var sb = new StringBuilder("SELECT 1"); sb.Append(n); Sink(sb.ToString()); } }', true],
  ['csharp', 'class A { void F() { var sb = new StringBuilder("SELECT 1"); sb.Append(" FROM t"); Sink(sb.ToString()); } }', false],
  ['go', 'package m\nfunc f() { var b strings.Builder; b.WriteString("SELECT 1"); sink(b.String()) }', false],
  ['go', 'package m\nfunc f(n string) { var b strings.Builder; b.WriteString("SELECT "); b.WriteString(n); sink(b.String()) }', true],
];

describe('notConstant: following values', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ rules: [probe()] });
  });
  for (const [language, code, flagged] of CASES) {
    it(`${language}: ${flagged ? 'flags' : 'accepts'} ${code.replace(/\n\s*/g, ' ⏎ ')}`, async () => {
      const found = await engine.scanText(language, code);
      assert.strictEqual(found.length, flagged ? 1 : 0, JSON.stringify(found.map(f => f.range)));
    });
  }
});

describe('valueMatches: request data through local variables', () => {
  const rule = (): RuleSpec => ({
    ...probe(), id: 'probe-taint', conditions: [{ valueMatches: { capture: 'match', regex: '\\breq\\.(query|params|body)|request\\.(args|form)' } }],
  });
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ rules: [rule()] });
  });
  const cases: Array<[LanguageId, string, boolean]> = [
    ['javascript', 'function h(req) { sink(req.query.f); }', true],
    ['javascript', 'function h(req) { const name = req.query.name; const p = DIR + "/" + name; sink(p); }', true],
    ['javascript', 'function h(req) { const p = DIR + "/index.html"; sink(p); }', false],
    ['javascript', 'function h(req) { let p = "a"; sink(p); p = req.body.x; }', false],
    ['python', 'def h():\n    n = request.args["f"]\n    p = os.path.join(BASE, n)\n    sink(p)', true],
    ['python', 'def h(n):\n    p = os.path.join(BASE, n)\n    sink(p)', false],
  ];
  for (const [language, code, flagged] of cases) {
    it(`${language}: ${flagged ? 'flags' : 'accepts'} ${code.replace(/\n\s*/g, ' ⏎ ')}`, async () => {
      assert.strictEqual((await engine.scanText(language, code)).length, flagged ? 1 : 0);
    });
  }
});

describe('valueMatches with sanitizers: a cast or an escape breaks the flow', () => {
  const rule = (): RuleSpec => ({
    ...probe(), id: 'probe-sanitized',
    conditions: [{ valueMatches: { capture: 'match', regex: '\\breq\\.(query|params|body)|request\\.(args|form)', sanitizers: '^(int|float|parseInt|Number|html\\.escape|escape|Integer\\.parseInt|strconv\\.Atoi)$' } }],
  });
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ rules: [rule()] });
  });
  const cases: Array<[LanguageId, string, boolean]> = [
    ['python', 'def h():\n    n = int(request.args["id"])\n    sink("SELECT " + str(n))', false],
    ['python', 'def h():\n    n = request.args["id"]\n    sink("SELECT " + str(n))', true],
    ['python', 'def h():\n    sink("<p>" + html.escape(request.args["q"]) + "</p>")', false],
    ['python', 'def h():\n    sink("<p>" + html.escape(request.args["q"]) + request.form["x"])', true],
    ['javascript', 'function h(req) { const id = parseInt(req.query.id, 10); sink("SELECT " + id); }', false],
    ['javascript', 'function h(req) { const id = req.query.id; sink("SELECT " + id); }', true],
    ['java', 'class A { void h(HttpServletRequest req) { int id = Integer.parseInt(req.params.get("id")); sink("SELECT " + id); } }', false],
  ];
  for (const [language, code, flagged] of cases) {
    it(`${language}: ${flagged ? 'flags' : 'accepts'} ${code.replace(/\n\s*/g, ' ⏎ ')}`, async () => {
      assert.strictEqual((await engine.scanText(language, code)).length, flagged ? 1 : 0);
    });
  }
});

describe('valueMatches through writes: builders, buffers and out arguments', () => {
  const sinks = {
    ...SINK,
    c: SINK.go,
    ruby: '(call method: (identifier) @_f (#eq? @_f "sink") arguments: (argument_list . (_) @match))',
  };
  const rule = (): RuleSpec => ({
    ...probe(), id: 'probe-writes', languages: ['python', 'javascript', 'java', 'csharp', 'go', 'c', 'ruby'], query: sinks,
    conditions: [{ valueMatches: { capture: 'match', regex: '\\breq\\.query|request\\.args|getParameter|Request\\.Query|r\\.FormValue|getenv|params\\[' } }],
  });
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ rules: [rule()] });
  });
  const cases: Array<[LanguageId, string, boolean]> = [
    ['java', 'class A { void h(HttpServletRequest request) { StringBuilder sb = new StringBuilder("a"); sb.append("b").append(request.getParameter("q")); sink(sb.toString()); } }', true],
    ['java', 'class A { void h() { StringBuilder sb = new StringBuilder("a"); sb.append("b").append(C); sink(sb.toString()); } }', false],
    ['csharp', 'class A { void H() { Request.Query.TryGetValue("f", out var f); Sink(f); } }', true],
    ['csharp', 'class A { void H() { var sb = new StringBuilder(); sb.Append(Request.Query["q"]); Sink(sb.ToString()); } }', true],
    ['csharp', 'class A { void H() { int.TryParse(Request.Query["id"], out var id); Sink(id); } }', false],
    ['go', 'package m\nfunc h(w http.ResponseWriter, r *http.Request) { var b strings.Builder; b.WriteString(r.FormValue("q")); sink(b.String()) }', true],
    ['go', 'package m\nfunc h(w http.ResponseWriter, r *http.Request) { var b strings.Builder; fmt.Fprintf(&b, "%s", r.FormValue("q")); sink(b.String()) }', true],
    ['go', 'package m\nfunc h(w http.ResponseWriter, r *http.Request) { var b strings.Builder; b.WriteString("ok"); sink(b.String()) }', false],
    ['go', 'package m\nfunc h(w http.ResponseWriter, r *http.Request) { var req Login; json.NewDecoder(r.FormValue("x")).Decode(&req); sink(req.Name) }', true],
    ['go', 'package m\nfunc h(w http.ResponseWriter, r *http.Request) { var req Login; json.NewDecoder(file).Decode(&req); sink(req.Name) }', false],
    ['python', 'def h():\n    parts = []\n    parts.append(request.args["q"])\n    sink(" ".join(parts))', true],
    ['javascript', 'function h(req) { const parts = []; parts.push(req.query.q); sink(parts.join("")); }', true],
    ['c', 'void h(void) { char q[64]; snprintf(q, sizeof q, "%s", getenv("QUERY_STRING")); sink(q); }', true],
    ['c', 'void h(void) { char q[64]; strcpy(q, "/srv/"); strcat(q, getenv("PATH_INFO")); sink(q); }', true],
    ['c', 'void h(void) { char q[64]; strcpy(q, "/srv/index.html"); sink(q); }', false],
    ['ruby', 'def h\n  q = "a"\n  q << params[:x]\n  sink(q)\nend', true],
    ['python', 'def h():\n    name, page = request.args["name"], 1\n    sink(name)', true],
    ['python', 'def h():\n    name, page = request.args["name"], 1\n    sink(page)', false],
    ['python', 'def h():\n    user, host = request.args["to"].split("@")\n    sink(host)', true],
    // destructuring, with and without defaults, renamed, from an array
    ['javascript', 'function h(req) { const { file } = req.query; sink(file); }', true],
    ['javascript', 'function h(req) { const { name = "there", page } = req.query; sink(name); }', true],
    ['javascript', 'function h(req) { const { q: term } = req.query; sink(term); }', true],
    ['javascript', 'function h(req) { const [first] = req.query.list; sink(first); }', true],
    ['javascript', 'function h(req) { const { file } = CONFIG; sink(file); }', false],
    // parameters: their decoration says whether they are request data; they are never a top-level value
    ['java', 'class A { void h(@RequestBody Login body) { sink(body.name()); } }', false],
    ['csharp', 'class A { void H([FromQuery] string q) { Sink(q); } }', false],
    ['python', 'q = request.args["q"]\ndef h(q):\n    sink(q)', false],
    // an allow-list lookup gives the table's value, not the request's
    ['javascript', 'const VIEWS = { a: "a.html", b: "b.html" };\nfunction h(req) { sink(VIEWS[req.query.v]); }', false],
    ['python', 'TEMPLATES = {"a": "a.html"}\ndef h():\n    sink(TEMPLATES[request.args["t"]])', false],
  ];
  for (const [language, code, flagged] of cases) {
    it(`${language}: ${flagged ? 'flags' : 'accepts'} ${code.replace(/\n\s*/g, ' ⏎ ')}`, async () => {
      assert.strictEqual((await engine.scanText(language, code)).length, flagged ? 1 : 0);
    });
  }
});
