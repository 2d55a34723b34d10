#!/usr/bin/env node
// Speed benchmark: Skeptic against its peers, side by side, in one run.
//
//   node bench/scan-vs-peers.mjs [--rounds N] [--json FILE] [--seed S] [--scale X]
//                                [--warmup N] [--eslint-concurrency off|auto|N]
//
// 1. Generates a deterministic mixed corpus (seeded PRNG, no network) of ~106,000 lines in bench/.corpus/
//    (deleted and recreated every run; gitignored): Flask/Django-style Python, Express-style JavaScript,
//    and some TypeScript, Java, C# and Go, with a sprinkling of real flaws among many safe lines.
// 2. Times whole processes (spawn to exit, wall clock, startup included), interleaved over N rounds:
//    skeptic on the whole corpus, on the Python part and on the JavaScript part; bandit on the Python part;
//    eslint + eslint-plugin-security (its recommended rules, nothing else) on the JavaScript part.
// 3. Prints lines, files, median wall time, lines/s, findings and rules in play for each, then the
//    speed ratios against the targets (skeptic ≥ 5× bandit on Python, ≥ 3× eslint+plugin on JavaScript).
//
// Nothing is asserted: it is a benchmark, not a test. Medians and ratios come from this run only (the
// machine is shared and noisy); compare figures across runs with care. See bench/README.md.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SeededRandom as Rand } from './random.mjs';
import { flags } from './args.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.join(REPO, 'bench', '.corpus');
const CORPUS_REL = 'bench/.corpus';
const SKEPTIC = path.join(REPO, 'bin', 'skeptic');
const ESLINT_BIN = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const ESLINT_CONFIG = path.join(CORPUS, 'eslint.config.mjs');
const TARGETS = { bandit: 5, eslint: 3 };

// ---------------------------------------------------------------------------------------------------
// Command line

function usage(code) {
  (code ? process.stderr : process.stdout).write(`usage: node bench/scan-vs-peers.mjs [options]

  --rounds N                 timed rounds, interleaved (default 5)
  --warmup N                 untimed rounds before them (default 1)
  --json FILE                also write the figures as JSON to FILE
  --seed S                   corpus PRNG seed (default 20250101)
  --scale X                  corpus size factor (default 1 = ~106k lines; for quick trials only)
  --eslint-concurrency V     pass --concurrency V to eslint (default: eslint's own default, off)
`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { rounds: 5, warmup: 1, json: undefined, seed: 20250101, scale: 1, eslintConcurrency: undefined };
  for (const { a, flag, value, int } of flags(argv, usage)) {
    if (flag === '--rounds') opts.rounds = int(value(), 1);
    else if (flag === '--warmup') opts.warmup = int(value(), 0);
    else if (flag === '--json') opts.json = path.resolve(value());
    else if (flag === '--seed') opts.seed = int(value(), 0);
    else if (flag === '--scale') {
      opts.scale = Number(value());
      if (!(opts.scale > 0 && opts.scale <= 10)) usage(2);
    } else if (flag === '--eslint-concurrency') opts.eslintConcurrency = value();
    else if (flag === '-h' || flag === '--help') usage(0);
    else {
      process.stderr.write(`unknown option ${a}\n`);
      usage(2);
    }
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary

const ENTITIES = [
  'user', 'order', 'invoice', 'product', 'account', 'session', 'report', 'ticket', 'payment', 'shipment',
  'customer', 'comment', 'article', 'coupon', 'review', 'profile', 'team', 'project', 'task', 'device',
  'subscription', 'warehouse', 'vendor', 'booking', 'refund', 'message', 'category', 'campaign',
].map(s => ({ s, p: s.endsWith('y') ? s.slice(0, -1) + 'ies' : s + 's', S: s[0].toUpperCase() + s.slice(1) }));
for (const e of ENTITIES) e.P = e.p[0].toUpperCase() + e.p.slice(1);

const FIELDS = [
  'email', 'name', 'status', 'created_at', 'updated_at', 'slug', 'owner_id', 'title', 'total', 'currency',
  'region', 'priority', 'due_date', 'score', 'kind', 'country', 'phone', 'reference', 'quantity', 'notes',
];
const STATUSES = ['draft', 'open', 'pending', 'active', 'closed', 'archived', 'failed', 'paid'];
const APPS = ['billing', 'catalog', 'accounts', 'support', 'logistics', 'analytics', 'crm', 'inventory'];
const VERBS = ['get', 'load', 'fetch', 'find', 'list', 'sync', 'export', 'refresh', 'resolve', 'count', 'build', 'collect'];
const TOOLS = [
  { cmd: 'git', args: ['log', '--oneline', '-n'] },
  { cmd: 'pg_dump', args: ['--format=custom', '--no-owner', '--dbname'] },
  { cmd: 'convert', args: ['-resize', '200x200', '-strip'] },
  { cmd: 'rsync', args: ['-a', '--delete', '--exclude=.cache'] },
  { cmd: 'ffprobe', args: ['-v', 'error', '-show_format'] },
];

const camel = s => s.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());
const pascal = s => camel(s).replace(/^[a-z]/, ch => ch.toUpperCase());
const q = s => `"${s}"`;
const sq = s => `'${s}'`;

/** Per-file context: random choices plus the imports/exports the chosen templates need. */
class Ctx {
  constructor(rand, lang) {
    this.r = rand;
    this.lang = lang;
    this.names = new Set();
    this.imports = new Set();
    this.exports = [];
  }
  need(...lines) {
    for (const l of lines) this.imports.add(l);
  }
  entity() {
    // Half the code in a module is about the module's own entity.
    if (this.main && this.r.chance(0.5)) return this.main;
    return this.r.pick(ENTITIES);
  }
  fields(min = 2, max = 5) {
    return this.r.some(FIELDS, this.r.int(min, max));
  }
  /** A fresh function name in the file's style from words. */
  name(...words) {
    const raw = words.filter(Boolean).join('_');
    const styled = this.lang === 'python' ? raw : this.lang === 'go' && this.r.chance(0.5) ? pascal(raw) : this.lang === 'java' || this.lang === 'javascript' || this.lang === 'typescript' ? camel(raw) : this.lang === 'csharp' ? pascal(raw) : camel(raw);
    let n = styled;
    for (let i = 2; this.names.has(n); i++) n = this.lang === 'python' ? `${styled}_v${i}` : `${styled}V${i}`;
    this.names.add(n);
    return n;
  }
}

// ---------------------------------------------------------------------------------------------------
// Python templates. `c.db` is how the module reaches a connection, `c.ph` the driver's placeholder.

const PY_SAFE = [
  [3, c => {
    const e = c.entity();
    const fs_ = c.fields(2, 5);
    return `def ${c.name('describe', e.s)}(${e.s}):
    """Return a short, human-readable summary of a ${e.s} record."""
    parts = []
    for key in (${fs_.map(q).join(', ')},):
        value = ${e.s}.get(key)
        if value is None or value == "":
            continue
        parts.append(f"{key}={value}")
    label = "${e.S}(" + ", ".join(parts) + ")"
    return label if len(label) <= ${c.r.int(60, 200)} else label[:${c.r.int(50, 59)}] + "..."
`;
  }],
  [2, c => {
    const e = c.entity();
    const fs_ = c.fields(2, 6);
    c.need('from dataclasses import dataclass, field');
    return `@dataclass
class ${e.S}Record${c.r.int(1, 99)}:
    id: int
${fs_.map(f => `    ${f}: str = ""`).join('\n')}
    tags: list = field(default_factory=list)

    def to_dict(self):
        return {
            "id": self.id,
${fs_.map(f => `            "${f}": self.${f},`).join('\n')}
            "tags": list(self.tags),
        }

    @classmethod
    def from_row(cls, row):
        return cls(id=row[0], ${fs_.map((f, i) => `${f}=row[${i + 1}]`).join(', ')})
`;
  }],
  [2, c => {
    c.need('from datetime import datetime, timedelta');
    return `def ${c.name(c.r.pick(['daily', 'weekly', 'rolling']), c.entity().p, 'window')}(days=${c.r.int(7, 90)}, now=None):
    now = now or datetime.utcnow()
    start = now - timedelta(days=days)
    buckets = {}
    for offset in range(days):
        day = (start + timedelta(days=offset)).date().isoformat()
        buckets[day] = 0
    return start, now, buckets
`;
  }],
  [2, c => `def ${c.name('chunk', c.entity().p)}(items, size=${c.r.int(10, 500)}):
    if size <= 0:
        raise ValueError("size must be positive")
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
`],
  [3, c => {
    const e = c.entity();
    const req = c.fields(2, 4);
    return `def ${c.name('validate', e.s, 'payload')}(payload):
    errors = {}
    for name in (${req.map(q).join(', ')},):
        if not payload.get(name):
            errors[name] = "is required"
    email = payload.get("email", "")
    if email and "@" not in email:
        errors["email"] = "is not a valid address"
    if len(payload.get("name", "")) > ${c.r.int(40, 255)}:
        errors["name"] = "is too long"
    status = payload.get("status")
    if status is not None and status not in (${c.r.some(STATUSES, 3).map(q).join(', ')}):
        errors["status"] = "is not allowed"
    return errors
`;
  }],
  [2, c => {
    const t = c.r.pick(TOOLS);
    c.need('import subprocess');
    return `def ${c.name('run', t.cmd.replace(/\W/g, '_'), c.entity().s)}(target, workdir, timeout=${c.r.int(10, 120)}):
    argv = ["${t.cmd}", ${t.args.map(q).join(', ')}, str(target)]
    logger.debug("running %s in %s", argv, workdir)
    result = subprocess.run(
        argv,
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return [line for line in result.stdout.splitlines() if line.strip()]
`;
  }],
  [2, c => {
    c.need('import hashlib', 'import hmac');
    return `def ${c.name('verify', c.entity().s, 'signature')}(secret, body, signature):
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")
`;
  }],
  [1, c => {
    c.need('import yaml');
    const keys = c.fields(2, 4);
    return `def ${c.name('load', c.entity().s, 'settings')}(path):
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    settings = {
${keys.map(k => `        "${k}": data.get("${k}"),`).join('\n')}
    }
    missing = [k for k, v in settings.items() if v is None]
    if missing:
        logger.warning("settings file %s lacks %s", path, ", ".join(missing))
    return settings
`;
  }],
  [1, c => {
    c.need('import secrets');
    return `def ${c.name('new', c.entity().s, 'token')}(nbytes=${c.r.pick([16, 24, 32, 48])}):
    return secrets.token_urlsafe(nbytes)
`;
  }],
  [2, c => {
    c.need('import os', 'import json');
    const e = c.entity();
    return `def ${c.name('read', e.s, 'fixture')}(name, base_dir=None):
    base_dir = base_dir or os.path.join(os.path.dirname(__file__), "fixtures")
    safe_name = os.path.basename(name)
    with open(os.path.join(base_dir, safe_name + ".json"), encoding="utf-8") as fh:
        records = json.load(fh)
    return [r for r in records if r.get("kind", "${e.s}") == "${e.s}"]
`;
  }],
  [2, c => {
    c.need('import functools', 'import time');
    return `def ${c.name('retry', c.r.pick(['on', 'when']), c.r.pick(['timeout', 'error', 'failure']))}(attempts=${c.r.int(2, 6)}, delay=0.${c.r.int(1, 9)}):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            last = None
            for attempt in range(attempts):
                try:
                    return func(*args, **kwargs)
                except (ConnectionError, TimeoutError) as exc:
                    last = exc
                    logger.warning("attempt %d of %d failed: %s", attempt + 1, attempts, exc)
                    time.sleep(delay * (2 ** attempt))
            raise last
        return wrapper
    return decorator
`;
  }],
  [2, c => {
    c.need('import csv');
    const fs_ = c.fields(3, 6);
    const e = c.entity();
    return `def ${c.name('export', e.p, 'csv')}(rows, out_path):
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([${fs_.map(q).join(', ')}])
        for row in rows:
            writer.writerow([${fs_.map(f => `row.get("${f}", "")`).join(', ')}])
    logger.info("exported %d ${e.p} to %s", len(rows), out_path)
    return out_path
`;
  }],
  [4, c => {
    const e = c.entity();
    const key = c.r.pick(FIELDS);
    const cols = c.fields(2, 4).filter(f => f !== key);
    return `def ${c.name(c.r.pick(VERBS), e.p, 'by', key)}(${key}, limit=${c.r.int(10, 200)}):
    conn = ${c.db}
    cur = conn.cursor()
    cur.execute(
        "SELECT id, ${cols.join(', ')} FROM ${e.p} WHERE ${key} = ${c.ph} ORDER BY id LIMIT ${c.ph}",
        (${key}, limit),
    )
    rows = cur.fetchall()
    cur.close()
    return [dict(zip(("id", ${cols.map(q).join(', ')}), row)) for row in rows]
`;
  }],
  [2, c => {
    const e = c.entity();
    const cols = c.fields(2, 4);
    return `class ${e.S}Repository${c.r.int(1, 99)}:
    table = "${e.p}"

    def __init__(self, conn):
        self.conn = conn

    def get(self, ${e.s}_id):
        cur = self.conn.cursor()
        cur.execute("SELECT id, ${cols.join(', ')} FROM ${e.p} WHERE id = ${c.ph}", (${e.s}_id,))
        return cur.fetchone()

    def count_by_status(self, status):
        cur = self.conn.cursor()
        cur.execute("SELECT COUNT(*) FROM ${e.p} WHERE status = ${c.ph}", (status,))
        (count,) = cur.fetchone()
        return count

    def mark(self, ${e.s}_id, status):
        if status not in (${c.r.some(STATUSES, 3).map(q).join(', ')}):
            raise ValueError("unknown status: " + status)
        cur = self.conn.cursor()
        cur.execute("UPDATE ${e.p} SET status = ${c.ph} WHERE id = ${c.ph}", (status, ${e.s}_id))
        self.conn.commit()
        return cur.rowcount
`;
  }],
  [2, c => {
    const e = c.entity();
    const num = c.r.pick(['total', 'score', 'quantity']);
    return `def ${c.name('summarize', e.p)}(${e.p}):
    totals = {}
    counts = {}
    for item in ${e.p}:
        key = item.get("${c.r.pick(['status', 'region', 'currency', 'kind', 'country'])}") or "unknown"
        totals[key] = totals.get(key, 0) + float(item.get("${num}") or 0)
        counts[key] = counts.get(key, 0) + 1
    lines = []
    for key in sorted(totals):
        average = totals[key] / counts[key]
        lines.append("%-12s %8d %12.2f %10.2f" % (key, counts[key], totals[key], average))
    return "\\n".join(lines)
`;
  }],
  [1, c => {
    c.need('import random');
    return `def ${c.name('shuffle', c.entity().p, 'for', 'display')}(items, seed=None):
    rng = random.Random(seed)
    items = list(items)
    rng.shuffle(items)
    return items[:${c.r.int(5, 50)}]
`;
  }],
];

const PY_VULN = [
  [4, c => {
    const e = c.entity();
    const key = c.r.pick(['email', 'name', 'slug', 'reference', 'title']);
    return `def ${c.name('search', e.p, 'by', key)}(${key}):
    conn = ${c.db}
    query = "SELECT id, status FROM ${e.p} WHERE ${key} = '" + ${key} + "'"
    cur = conn.cursor()
    cur.execute(query)
    return cur.fetchall()
`;
  }],
  [3, c => {
    const e = c.entity();
    return `def ${c.name('set', e.s, 'status')}(${e.s}_id, status):
    conn = ${c.db}
    cur = conn.cursor()
    cur.execute(f"UPDATE ${e.p} SET status = '{status}' WHERE id = {${e.s}_id}")
    conn.commit()
    return cur.rowcount
`;
  }],
  [2, c => {
    const e = c.entity();
    return `def ${c.name('purge', e.p, 'older', 'than')}(table, days):
    conn = ${c.db}
    cur = conn.cursor()
    sql = "DELETE FROM %s WHERE created_at < now() - interval '%s days'" % (table, days)
    cur.execute(sql)
    conn.commit()
`;
  }],
  [2, c => {
    const e = c.entity();
    return `def ${c.name('list', e.p, 'for', 'owner')}(owner_id, order_by="id"):
    cur = ${c.db}.cursor()
    cur.execute("SELECT * FROM ${e.p} WHERE owner_id = {} ORDER BY {}".format(owner_id, order_by))
    return cur.fetchall()
`;
  }],
  [3, c => {
    c.need('import subprocess');
    return `def ${c.name('archive', c.entity().p)}(src_dir, archive_name):
    cmd = "tar -czf /var/backups/" + archive_name + ".tar.gz " + src_dir
    logger.info("running %s", cmd)
    return subprocess.call(cmd, shell=True)
`;
  }],
  [1, c => {
    c.need('import os');
    return `def ${c.name('make', 'thumbnail')}(path, size="${c.r.pick(['64x64', '128x128', '200x200'])}"):
    out = path + ".thumb.png"
    os.system(f"convert {path} -resize {size} {out}")
    return out
`;
  }],
  [2, c => `def ${c.name('evaluate', c.r.pick(['rule', 'formula', 'filter']))}(expression, variables):
    allowed = {k: v for k, v in variables.items() if not k.startswith("_")}
    return eval(expression, {"__builtins__": {}}, allowed)
`],
  [2, c => {
    c.need('import yaml');
    return `def ${c.name('load', c.entity().s, 'manifest')}(path):
    with open(path) as fh:
        manifest = yaml.load(fh${c.r.chance(0.5) ? ', Loader=yaml.Loader' : ''})
    return manifest.get("items", [])
`;
  }],
  [2, c => {
    c.need('import pickle');
    return `def ${c.name('cached', c.entity().s)}(cache, key):
    raw = cache.get(key)
    if raw is None:
        return None
    return pickle.loads(raw)
`;
  }],
  [2, c => {
    c.need('import hashlib');
    return `def ${c.name('hash', c.r.pick(['password', 'pin', 'api_key']))}(value, salt=""):
    return hashlib.md5((salt + value).encode("utf-8")).hexdigest()
`;
  }],
  [2, c => {
    c.need('import random', 'import string');
    return `def ${c.name('generate', c.r.pick(['reset', 'invite', 'session', 'api']), 'token')}(length=${c.r.int(16, 40)}):
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))
`;
  }],
];

function pyFlaskRoutes(c, vuln) {
  const e = c.entity();
  const cols = c.fields(2, 4);
  if (vuln) {
    return c.r.weighted([
      [3, () => `@bp.route("/${e.p}/search")
def ${c.name('search', e.p)}():
    term = request.args.get("q", "")
    cur = get_db().cursor()
    cur.execute("SELECT id, ${cols.join(', ')} FROM ${e.p} WHERE name LIKE '%" + term + "%'")
    return jsonify([dict(row) for row in cur.fetchall()])
`],
      [2, () => {
        c.need('import subprocess');
        return `@bp.route("/${e.p}/report", methods=["POST"])
def ${c.name('build', e.s, 'report')}():
    fmt = request.form.get("format", "pdf")
    cmd = "generate-report --format " + fmt + " --kind ${e.s}"
    output = subprocess.check_output(cmd, shell=True)
    return output, 200, {"Content-Type": "application/octet-stream"}
`;
      }],
      [1, () => `@bp.route("/${e.p}/calc")
def ${c.name('calc', e.s, 'total')}():
    expr = request.args.get("expr", "0")
    return jsonify({"result": eval(expr)})
`],
      [1, () => {
        c.need('import base64', 'import pickle');
        return `@bp.route("/${e.p}/restore", methods=["POST"])
def ${c.name('restore', e.s)}():
    state = pickle.loads(base64.b64decode(request.cookies.get("state", "")))
    return jsonify({"restored": len(state)})
`;
      }],
    ])();
  }
  return c.r.weighted([
    [3, () => `@bp.route("/${e.p}/<int:${e.s}_id>", methods=["GET"])
def ${c.name('get', e.s)}(${e.s}_id):
    cur = get_db().cursor()
    cur.execute("SELECT id, ${cols.join(', ')} FROM ${e.p} WHERE id = ?", (${e.s}_id,))
    row = cur.fetchone()
    if row is None:
        abort(404)
    return jsonify({
        "id": row["id"],
${cols.map(f => `        "${f}": row["${f}"],`).join('\n')}
    })
`],
    [3, () => `@bp.route("/${e.p}", methods=["GET"])
def ${c.name('list', e.p)}():
    try:
        page = max(int(request.args.get("page", 1)), 1)
        size = min(int(request.args.get("size", PAGE_SIZE)), 200)
    except ValueError:
        abort(400)
    cur = get_db().cursor()
    cur.execute(
        "SELECT id, ${cols.join(', ')} FROM ${e.p} ORDER BY id LIMIT ? OFFSET ?",
        (size, (page - 1) * size),
    )
    items = [dict(row) for row in cur.fetchall()]
    return jsonify({"page": page, "size": size, "items": items})
`],
    [3, () => `@bp.route("/${e.p}", methods=["POST"])
def ${c.name('create', e.s)}():
    payload = request.get_json(silent=True) or {}
    missing = [name for name in (${cols.map(q).join(', ')},) if name not in payload]
    if missing:
        return jsonify({"error": "missing fields", "fields": missing}), 400
    db = get_db()
    cur = db.execute(
        "INSERT INTO ${e.p} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})",
        (${cols.map(f => `payload["${f}"]`).join(', ')},),
    )
    db.commit()
    logger.info("created ${e.s} %s", cur.lastrowid)
    return jsonify({"id": cur.lastrowid}), 201
`],
    [2, () => `@bp.route("/${e.p}/<int:${e.s}_id>", methods=["PATCH"])
def ${c.name('update', e.s)}(${e.s}_id):
    payload = request.get_json(silent=True) or {}
    allowed = (${cols.map(q).join(', ')},)
    columns = [name for name in allowed if name in payload]
    if not columns:
        return jsonify({"error": "nothing to update"}), 400
    assignments = ", ".join(name + " = ?" for name in columns)
    values = [payload[name] for name in columns] + [${e.s}_id]
    db = get_db()
    db.execute("UPDATE ${e.p} SET " + assignments + " WHERE id = ?", values)
    db.commit()
    return jsonify({"updated": columns})
`],
    [2, () => `@bp.route("/${e.p}/<int:${e.s}_id>", methods=["DELETE"])
def ${c.name('delete', e.s)}(${e.s}_id):
    db = get_db()
    cur = db.execute("DELETE FROM ${e.p} WHERE id = ?", (${e.s}_id,))
    db.commit()
    if cur.rowcount == 0:
        abort(404)
    return "", 204
`],
    [2, () => `@bp.route("/${e.p}/dashboard")
def ${c.name(e.s, 'dashboard')}():
    cur = get_db().cursor()
    cur.execute("SELECT status, COUNT(*) AS n FROM ${e.p} GROUP BY status")
    counts = {row["status"]: row["n"] for row in cur.fetchall()}
    return render_template("${e.p}/dashboard.html", counts=counts, title="${e.P}")
`],
  ])();
}

function pyDjangoViews(c, vuln) {
  const e = c.entity();
  const cols = c.fields(2, 4);
  c.need(`from .models import ${e.S}`);
  if (vuln) {
    return c.r.weighted([
      [3, () => `def ${c.name(e.s, 'lookup')}(request, slug):
    rows = ${e.S}.objects.raw("SELECT * FROM app_${e.s} WHERE slug = '%s'" % slug)
    return JsonResponse({"ids": [row.id for row in rows]})
`],
      [2, () => `def ${c.name(e.s, 'stats')}(request):
    region = request.GET.get("region", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, COUNT(*) FROM app_${e.s} WHERE region = '{region}' GROUP BY status")
        data = dict(cursor.fetchall())
    return JsonResponse(data)
`],
      [1, () => {
        c.need('from django.utils.safestring import mark_safe');
        return `def ${c.name(e.s, 'badge')}(request, pk):
    obj = get_object_or_404(${e.S}, pk=pk)
    html = mark_safe("<span class='badge'>" + obj.name + "</span>")
    return HttpResponse(html)
`;
      }],
    ])();
  }
  return c.r.weighted([
    [3, () => `@require_http_methods(["GET"])
def ${c.name(e.s, 'detail')}(request, pk):
    obj = get_object_or_404(${e.S}, pk=pk)
    return JsonResponse({
        "id": obj.pk,
${cols.map(f => `        "${f}": getattr(obj, "${f}", None),`).join('\n')}
    })
`],
    [3, () => `@require_http_methods(["GET"])
def ${c.name(e.s, 'list')}(request):
    qs = ${e.S}.objects.all().order_by("-id")
    status = request.GET.get("status")
    if status:
        qs = qs.filter(status=status)
    page = max(int(request.GET.get("page", "1") or 1), 1)
    items = list(qs.values("id", ${cols.map(q).join(', ')})[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    return JsonResponse({"page": page, "items": items})
`],
    [2, () => `def ${c.name(e.s, 'totals')}(request, owner_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, COUNT(*) FROM app_${e.s} WHERE owner_id = %s GROUP BY status",
            [owner_id],
        )
        data = dict(cursor.fetchall())
    return JsonResponse(data)
`],
    [2, () => `class ${e.S}Model${c.r.int(1, 999)}(models.Model):
${cols.map(f => `    ${f} = models.${f.endsWith('_at') || f === 'due_date' ? 'DateTimeField(null=True, blank=True)' : f === 'total' || f === 'score' || f === 'quantity' ? 'IntegerField(default=0)' : `CharField(max_length=${c.r.pick([32, 64, 128, 255])}, blank=True)`}`).join('\n')}
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "${e.s}"

    def __str__(self):
        return "${e.S} #%s" % self.pk
`],
  ])();
}

function pythonFile(c, target) {
  const kind = c.r.weighted([[5, 'flask'], [4, 'django'], [3, 'worker']]);
  c.db = kind === 'flask' ? 'get_db()' : kind === 'django' ? 'connection' : 'get_connection()';
  c.ph = kind === 'flask' ? '?' : '%s';
  const e = c.main;
  const head = [];
  if (kind === 'flask') {
    c.need('import sqlite3', 'from flask import Blueprint, abort, current_app, g, jsonify, render_template, request');
    head.push(`bp = Blueprint("${e.p}", __name__, url_prefix="/api/${e.p}")`, 'PAGE_SIZE = ' + c.r.pick([20, 25, 50, 100]), '', '',
      'def get_db():', '    if "db" not in g:', '        g.db = sqlite3.connect(current_app.config["DATABASE"])', '        g.db.row_factory = sqlite3.Row', '    return g.db');
  } else if (kind === 'django') {
    c.need('from django.db import connection, models', 'from django.http import HttpResponse, JsonResponse', 'from django.shortcuts import get_object_or_404', 'from django.views.decorators.http import require_http_methods');
    head.push('PAGE_SIZE = ' + c.r.pick([20, 25, 50, 100]));
  } else {
    c.need('import os', 'import psycopg2');
    head.push(`QUEUE_NAME = "${e.p}-${c.r.pick(['sync', 'export', 'cleanup', 'billing'])}"`, '', '',
      'def get_connection():', '    return psycopg2.connect(os.environ["DATABASE_URL"])');
  }
  const units = [];
  let lines = 12 + head.length;
  while (lines < target) {
    const vuln = c.r.chance(0.12);
    let code;
    if (kind !== 'worker' && c.r.chance(0.4)) code = kind === 'flask' ? pyFlaskRoutes(c, vuln) : pyDjangoViews(c, vuln);
    else code = c.r.weighted(vuln ? PY_VULN : PY_SAFE)(c);
    units.push(code);
    lines += code.split('\n').length + 1;
  }
  c.need('import logging');
  const imports = [...c.imports];
  const plain = imports.filter(l => l.startsWith('import ')).sort();
  const from = imports.filter(l => l.startsWith('from ') && !l.startsWith('from .')).sort();
  const local = imports.filter(l => l.startsWith('from .')).sort();
  const doc = `"""${e.P} ${kind === 'flask' ? 'API endpoints' : kind === 'django' ? 'views and models' : 'background jobs'} for the ${c.app} service."""`;
  const parts = [doc, '', plain.join('\n'), ...(from.length ? ['', from.join('\n')] : []), ...(local.length ? ['', local.join('\n')] : []),
    '', 'logger = logging.getLogger(__name__)', ...head, '', ''];
  return parts.join('\n') + '\n' + units.join('\n\n') ;
}

// ---------------------------------------------------------------------------------------------------
// JavaScript templates (Express-style CommonJS; some browser-side modules)

const JS_ROUTE_SAFE = [
  [3, (c, e, cols) => `router.get('/${e.p}/:id', (req, res, next) => {
  const id = Number.parseInt(req.params.id, 10);
  if (Number.isNaN(id)) {
    return res.status(400).json({ error: 'invalid id' });
  }
  db.query('SELECT id, ${cols.join(', ')} FROM ${e.p} WHERE id = ?', [id], (err, rows) => {
    if (err) return next(err);
    if (!rows.length) return res.status(404).end();
    return res.json(rows[0]);
  });
});
`],
  [3, (c, e, cols) => `router.get('/${e.p}', async (req, res, next) => {
  try {
    const limit = Math.min(Number(req.query.limit) || ${c.r.pick([20, 25, 50])}, 200);
    const offset = Math.max(Number(req.query.offset) || 0, 0);
    const { rows } = await pool.query(
      'SELECT id, ${cols.join(', ')} FROM ${e.p} ORDER BY id DESC LIMIT $1 OFFSET $2',
      [limit, offset],
    );
    res.json({ items: rows, limit, offset });
  } catch (err) {
    next(err);
  }
});
`],
  [3, (c, e, cols) => `router.post('/${e.p}', express.json(), async (req, res, next) => {
  const body = req.body || {};
  const missing = [${cols.map(sq).join(', ')}].filter((key) => body[key] === undefined);
  if (missing.length > 0) {
    return res.status(422).json({ error: 'missing fields', fields: missing });
  }
  try {
    const { rows } = await pool.query(
      'INSERT INTO ${e.p} (${cols.join(', ')}) VALUES (${cols.map((_, i) => '$' + (i + 1)).join(', ')}) RETURNING id',
      [${cols.map(f => `body.${f}`).join(', ')}],
    );
    logger.info('created ${e.s} %s', rows[0].id);
    return res.status(201).json({ id: rows[0].id });
  } catch (err) {
    return next(err);
  }
});
`],
  [2, (c, e) => `router.delete('/${e.p}/:id', requireRole('admin'), async (req, res, next) => {
  try {
    const result = await pool.query('DELETE FROM ${e.p} WHERE id = $1', [req.params.id]);
    if (result.rowCount === 0) {
      return res.sendStatus(404);
    }
    return res.sendStatus(204);
  } catch (err) {
    return next(err);
  }
});
`],
  [2, (c, e, cols) => `router.get('/${e.p}/:id/summary', async (req, res, next) => {
  try {
    const ${e.s} = await ${camel(e.s)}Service.findById(req.params.id);
    if (!${e.s}) {
      return res.status(404).json({ error: '${e.s} not found' });
    }
    const summary = {
${cols.map(f => `      ${camel(f)}: ${e.s}.${f},`).join('\n')}
      label: \`\${${e.s}.id}: \${${e.s}.${cols[0]}}\`,
    };
    return res.json(summary);
  } catch (err) {
    return next(err);
  }
});
`],
];

const JS_ROUTE_VULN = [
  [3, (c, e, cols) => `router.get('/${e.p}/search', (req, res, next) => {
  const term = req.query.q || '';
  const sql = "SELECT id, ${cols.join(', ')} FROM ${e.p} WHERE name LIKE '%" + term + "%'";
  db.query(sql, (err, rows) => {
    if (err) return next(err);
    return res.json(rows);
  });
});
`],
  [2, (c, e) => `router.get('/${e.p}/by-owner/:owner', async (req, res, next) => {
  try {
    const { rows } = await pool.query(\`SELECT * FROM ${e.p} WHERE owner_id = \${req.params.owner} ORDER BY id\`);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});
`],
  [3, (c, e) => {
    c.need("const child_process = require('child_process');");
    return `router.post('/${e.p}/tools/ping', express.json(), (req, res) => {
  const host = req.body.host;
  child_process.exec('ping -c 1 ' + host, (err, stdout) => {
    if (err) {
      return res.status(500).json({ error: err.message });
    }
    return res.type('text/plain').send(stdout);
  });
});
`;
  }],
  [2, (c, e) => {
    c.need("const { exec } = require('child_process');");
    return `router.get('/${e.p}/admin/run', requireRole('admin'), (req, res) => {
  const userInput = req.query.cmd;
  exec(userInput, { timeout: 5000 }, (err, stdout, stderr) => {
    res.json({ ok: !err, stdout, stderr });
  });
});
`;
  }],
  [2, (c, e) => `router.post('/${e.p}/price', express.json(), (req, res) => {
  const formula = req.body.formula || '0';
  const price = eval(formula);
  res.json({ price });
});
`],
  [2, (c, e) => {
    c.need("const fs = require('fs');", "const path = require('path');");
    return `router.get('/${e.p}/files/:name', (req, res) => {
  const file = path.join(UPLOAD_DIR, req.params.name);
  fs.readFile(file, (err, data) => {
    if (err) return res.sendStatus(404);
    return res.type('application/octet-stream').send(data);
  });
});
`;
  }],
  [1, (c, e) => `router.get('/${e.p}/hello', (req, res) => {
  res.send(\`<h1>Hello \${req.query.name}</h1><p>You have new ${e.p}.</p>\`);
});
`],
];

const JS_SAFE = [
  [3, c => {
    const e = c.entity();
    const cols = c.fields(2, 5);
    const fn = c.name('format', e.s);
    c.exports.push(fn);
    return `function ${fn}(${e.s}, locale = 'en-US') {
  const parts = [];
${cols.map(f => `  if (${e.s}.${f} !== undefined && ${e.s}.${f} !== null) {
    parts.push(\`${f}=\${${e.s}.${f}}\`);
  }`).join('\n')}
  const title = \`${e.S} #\${${e.s}.id}\`;
  const when = new Date(${e.s}.created_at || Date.now()).toLocaleDateString(locale);
  return \`\${title} (\${when}): \${parts.join(', ')}\`;
}
`;
  }],
  [3, c => {
    const e = c.entity();
    const key = c.r.pick(['status', 'region', 'currency', 'kind', 'country']);
    const num = c.r.pick(['total', 'score', 'quantity']);
    const fn = c.name('group', e.p, 'by', key);
    c.exports.push(fn);
    return `function ${fn}(items) {
  return items
    .filter((item) => item && item.${num} !== undefined)
    .reduce((acc, item) => {
      const key = item.${key} || 'unknown';
      const bucket = acc.get(key) || { count: 0, sum: 0 };
      bucket.count += 1;
      bucket.sum += Number(item.${num}) || 0;
      acc.set(key, bucket);
      return acc;
    }, new Map());
}
`;
  }],
  [2, c => {
    const fn = c.name('with', 'retry');
    c.exports.push(fn);
    return `async function ${fn}(task, attempts = ${c.r.int(2, 6)}, baseDelayMs = ${c.r.pick([50, 100, 250, 500])}) {
  let lastError;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      return await task(attempt);
    } catch (err) {
      lastError = err;
      const delay = baseDelayMs * 2 ** attempt;
      logger.warn(\`attempt \${attempt + 1}/\${attempts} failed, retrying in \${delay}ms\`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw lastError;
}
`;
  }],
  [3, c => {
    const e = c.entity();
    const req = c.fields(2, 4);
    const fn = c.name('validate', e.s);
    c.exports.push(fn);
    return `function ${fn}(input) {
  const errors = {};
${req.map(f => `  if (input.${f} === undefined || input.${f} === '') {
    errors.${f} = 'is required';
  }`).join('\n')}
  if (input.email && !EMAIL_RE.test(input.email)) {
    errors.email = 'is not a valid address';
  }
  if (typeof input.name === 'string' && input.name.length > ${c.r.int(40, 255)}) {
    errors.name = 'is too long';
  }
  return { valid: Object.keys(errors).length === 0, errors };
}
`;
  }],
  [2, c => {
    c.need("const { execFile } = require('child_process');");
    const t = c.r.pick(TOOLS);
    const fn = c.name('run', t.cmd.replace(/\W/g, '_'));
    c.exports.push(fn);
    return `function ${fn}(target, cwd) {
  return new Promise((resolve, reject) => {
    execFile('${t.cmd}', [${t.args.map(sq).join(', ')}, String(target)], { cwd, timeout: ${c.r.int(5, 60)}000 }, (err, stdout) => {
      if (err) {
        reject(err);
        return;
      }
      resolve(stdout.split('\\n').filter(Boolean));
    });
  });
}
`;
  }],
  [2, c => {
    c.need("const crypto = require('crypto');");
    const fn = c.name('new', c.entity().s, 'token');
    c.exports.push(fn);
    return `function ${fn}(bytes = ${c.r.pick([16, 24, 32])}) {
  return crypto.randomBytes(bytes).toString('${c.r.pick(['hex', 'base64url'])}');
}
`;
  }],
  [2, c => {
    c.need("const crypto = require('crypto');");
    const fn = c.name('verify', c.entity().s, 'signature');
    c.exports.push(fn);
    return `function ${fn}(secret, payload, signature) {
  const expected = crypto.createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(String(signature || ''), 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
`;
  }],
  [2, c => {
    const e = c.entity();
    const cols = c.fields(2, 4);
    const cls = `${e.S}Service`;
    if (c.names.has(cls)) return JS_SAFE[0][1](c);
    c.names.add(cls);
    c.exports.push(cls);
    return `class ${cls} {
  constructor(pool, cache) {
    this.pool = pool;
    this.cache = cache;
  }

  async findById(id) {
    const cached = this.cache.get(\`${e.s}:\${id}\`);
    if (cached) {
      return cached;
    }
    const { rows } = await this.pool.query('SELECT id, ${cols.join(', ')} FROM ${e.p} WHERE id = $1', [id]);
    const found = rows[0] || null;
    if (found) {
      this.cache.set(\`${e.s}:\${id}\`, found);
    }
    return found;
  }

  async updateStatus(id, status) {
    if (![${c.r.some(STATUSES, 3).map(sq).join(', ')}].includes(status)) {
      throw new Error(\`unknown status \${status}\`);
    }
    await this.pool.query('UPDATE ${e.p} SET status = $1, updated_at = now() WHERE id = $2', [status, id]);
    this.cache.delete(\`${e.s}:\${id}\`);
  }
}
`;
  }],
  [2, c => {
    const fn = c.name('create', c.entity().s, 'cache');
    c.exports.push(fn);
    return `function ${fn}(ttlMs = ${c.r.int(1, 60)}000) {
  const entries = new Map();
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit || hit.expires < Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return hit.value;
    },
    set(key, value) {
      entries.set(key, { value, expires: Date.now() + ttlMs });
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
`;
  }],
  [2, c => {
    const e = c.entity();
    const fn = c.name('to', e.s, 'dto');
    c.exports.push(fn);
    const cols = c.fields(3, 6);
    return `function ${fn}(row) {
  return {
    id: String(row.id),
${cols.map(f => `    ${camel(f)}: row.${f} ?? null,`).join('\n')}
  };
}
`;
  }],
];

const JS_VULN = [
  [3, c => {
    const fn = c.name('generate', c.r.pick(['reset', 'invite', 'session', 'api']), 'token');
    c.exports.push(fn);
    return c.r.chance(0.5)
      ? `function ${fn}(length = ${c.r.int(16, 40)}) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let token = '';
  for (let i = 0; i < length; i += 1) {
    token += chars.charAt(Math.floor(Math.random() * chars.length));
  }
  return token;
}
`
      : `function ${fn}() {
  const token = Math.random().toString(36).slice(2) + Date.now().toString(36);
  return token;
}
`;
  }],
  [2, c => {
    c.need("const crypto = require('crypto');");
    const fn = c.name('hash', c.r.pick(['password', 'pin', 'api_key']));
    c.exports.push(fn);
    return `function ${fn}(value, salt = '') {
  return crypto.createHash('md5').update(salt + value).digest('hex');
}
`;
  }],
  [2, c => {
    const fn = c.name('compile', c.r.pick(['rule', 'filter', 'formula']));
    c.exports.push(fn);
    return `function ${fn}(expression) {
  return new Function('row', 'return (' + expression + ');');
}
`;
  }],
  [2, c => {
    c.need("const child_process = require('child_process');");
    const fn = c.name('convert', c.entity().s, 'file');
    c.exports.push(fn);
    return `function ${fn}(userInput, format) {
  const cmd = 'convert ' + userInput + ' output.' + format;
  return child_process.exec(cmd);
}
`;
  }],
  [1, c => {
    const fn = c.name('load', 'plugin');
    c.exports.push(fn);
    return `function ${fn}(name) {
  const plugin = require('./plugins/' + name);
  return plugin.init ? plugin.init() : plugin;
}
`;
  }],
  [2, c => {
    const e = c.entity();
    const fn = c.name('find', e.p, 'sorted');
    c.exports.push(fn);
    return `async function ${fn}(column, direction) {
  const sql = 'SELECT * FROM ${e.p} ORDER BY ' + column + ' ' + direction;
  const { rows } = await pool.query(sql);
  return rows;
}
`;
  }],
];

const JS_CLIENT = [
  [3, (c, vuln) => {
    const e = c.entity();
    const fn = c.name('render', e.p, 'list');
    return vuln
      ? `function ${fn}(container, ${e.p}) {
  const list = container.querySelector('ul.${e.p}');
  list.innerHTML = ${e.p}.map((item) => '<li>' + item.name + '</li>').join('');
}
`
      : `function ${fn}(container, ${e.p}) {
  const list = container.querySelector('ul.${e.p}');
  list.replaceChildren();
  for (const item of ${e.p}) {
    const li = document.createElement('li');
    li.textContent = item.name;
    li.dataset.id = String(item.id);
    list.appendChild(li);
  }
}
`;
  }],
  [2, (c, vuln) => {
    const e = c.entity();
    const fn = c.name('show', e.s, 'banner');
    return vuln
      ? `function ${fn}(message) {
  const banner = document.getElementById('banner');
  banner.insertAdjacentHTML('beforeend', \`<div class="notice">\${message}</div>\`);
}
`
      : `function ${fn}(message) {
  const banner = document.getElementById('banner');
  const div = document.createElement('div');
  div.className = 'notice';
  div.textContent = message;
  banner.appendChild(div);
}
`;
  }],
  [3, c => {
    const e = c.entity();
    const fn = c.name('fetch', e.p);
    return `async function ${fn}(params = {}) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(\`/api/${e.p}?\${query}\`, {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!response.ok) {
    throw new Error(\`request failed: \${response.status}\`);
  }
  return response.json();
}
`;
  }],
  [2, c => `function ${c.name('debounce')}(fn, waitMs = ${c.r.int(100, 500)}) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
}
`],
];

function javascriptFile(c, target) {
  const kind = c.r.weighted([[6, 'routes'], [4, 'service'], [2, 'client']]);
  const units = [];
  const head = [];
  let lines = 14;
  while (lines < target) {
    const vuln = c.r.chance(0.12);
    let code;
    if (kind === 'client') code = c.r.weighted(JS_CLIENT)(c, vuln);
    else if (kind === 'routes' && c.r.chance(0.55)) {
      const e = c.entity();
      code = c.r.weighted(vuln ? JS_ROUTE_VULN : JS_ROUTE_SAFE)(c, e, c.fields(2, 4));
    } else code = c.r.weighted(vuln ? JS_VULN : JS_SAFE)(c);
    units.push(code);
    lines += code.split('\n').length + 1;
  }
  if (kind === 'client') {
    return `// Browser-side helpers for the ${c.app} dashboard.\n'use strict';\n\n` + units.join('\n') + '\n';
  }
  if (kind === 'routes') c.need("const express = require('express');");
  const requires = [...c.imports].sort();
  head.push("'use strict';", '', ...requires,
    "const { pool, db } = require('../lib/db');", "const logger = require('../lib/logger');", "const { requireRole } = require('../middleware/auth');", '',
    `const UPLOAD_DIR = process.env.UPLOAD_DIR || '/var/lib/${c.app}/uploads';`,
    "const EMAIL_RE = /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/;");
  if (kind === 'routes') head.push('const router = express.Router();');
  const exported = kind === 'routes' ? ['router', ...c.exports] : c.exports;
  return head.join('\n') + '\n\n' + units.join('\n') + `\nmodule.exports = { ${exported.join(', ')} };\n`;
}

// ---------------------------------------------------------------------------------------------------
// TypeScript, Java, C#, Go: fewer templates, the same mix.

function typescriptFile(c, target) {
  const e = c.main;
  const cols = c.fields(3, 5);
  c.need("import { Pool } from 'pg';");
  const units = [];
  let lines = 25 + cols.length;
  while (lines < target) {
    const vuln = c.r.chance(0.12);
    const x = c.entity();
    const code = vuln
      ? c.r.weighted([
        [3, () => `  async ${c.name('search', x.p)}(term: string): Promise<${e.S}Row[]> {
    const { rows } = await this.pool.query(\`SELECT * FROM ${x.p} WHERE name LIKE '%\${term}%'\`);
    return rows as ${e.S}Row[];
  }
`],
        [2, () => {
          c.need("import { exec } from 'child_process';");
          return `  ${c.name('clone', x.s, 'repo')}(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
      exec(\`git clone --depth 1 \${url} /tmp/${x.p}\`, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
  }
`;
        }],
        [2, () => `  ${c.name('new', x.s, 'id')}(): string {
    return Math.random().toString(36).substring(2, 12);
  }
`],
        [1, () => `  ${c.name('evaluate', x.s, 'rule')}(rule: string, ctx: Record<string, unknown>): unknown {
    return eval(rule);
  }
`],
      ])()
      : c.r.weighted([
        [4, () => `  async ${c.name('find', x.p, 'by', 'status')}(status: ${e.S}Status, limit = ${c.r.int(10, 100)}): Promise<${e.S}Row[]> {
    const { rows } = await this.pool.query(
      'SELECT id, ${cols.join(', ')} FROM ${x.p} WHERE status = $1 ORDER BY id LIMIT $2',
      [status, limit],
    );
    return rows.map((row) => this.toRow(row));
  }
`],
        [3, () => `  ${c.name('describe', x.s)}(row: ${e.S}Row): string {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(row)) {
      if (value === null || value === undefined) {
        continue;
      }
      parts.push(\`\${key}=\${String(value)}\`);
    }
    return \`${x.S}(\${parts.join(', ')})\`;
  }
`],
        [3, () => `  ${c.name('total', x.p)}(rows: ReadonlyArray<${e.S}Row>): Map<string, number> {
    const totals = new Map<string, number>();
    for (const row of rows) {
      const key = String(row.${cols[0]} ?? 'unknown');
      totals.set(key, (totals.get(key) ?? 0) + 1);
    }
    return totals;
  }
`],
        [2, () => `  ${c.name('is', x.s, 'open')}(status: ${e.S}Status): boolean {
    switch (status) {
      case ${e.S}Status.Open:
      case ${e.S}Status.Pending:
        return true;
      case ${e.S}Status.Closed:
        return false;
      default:
        return false;
    }
  }
`],
        [2, () => {
          c.need("import { randomUUID } from 'crypto';");
          return `  ${c.name('next', x.s, 'id')}(): string {
    return randomUUID();
  }
`;
        }],
      ])();
    units.push(code);
    lines += code.split('\n').length + 1;
  }
  return `${[...c.imports].sort().join('\n')}

export enum ${e.S}Status {
  Open = 'open',
  Pending = 'pending',
  Closed = 'closed',
}

export interface ${e.S}Row {
  id: number;
${cols.map(f => `  ${f}: string | null;`).join('\n')}
}

export class ${e.S}Store {
  constructor(private readonly pool: Pool) {}

  private toRow(raw: Record<string, unknown>): ${e.S}Row {
    return {
      id: Number(raw.id),
${cols.map(f => `      ${f}: raw.${f} == null ? null : String(raw.${f}),`).join('\n')}
    };
  }

${units.join('\n')}}
`;
}

function javaFile(c, target, className) {
  const e = c.main;
  c.need('import java.sql.Connection;', 'import java.sql.PreparedStatement;', 'import java.sql.ResultSet;', 'import java.sql.SQLException;',
    'import java.util.ArrayList;', 'import java.util.List;', 'import javax.sql.DataSource;');
  const units = [];
  let lines = 30;
  while (lines < target) {
    const vuln = c.r.chance(0.12);
    const x = c.entity();
    const cols = c.fields(2, 4);
    const code = vuln
      ? c.r.weighted([
        [3, () => {
          c.need('import java.sql.Statement;');
          return `    public List<String> ${c.name('search', x.p)}(String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT id, ${cols[0]} FROM ${x.p} WHERE name = '" + name + "'");
            while (rs.next()) {
                out.add(rs.getString(2));
            }
        }
        return out;
    }
`;
        }],
        [2, () => {
          c.need('import java.io.IOException;');
          return `    public Process ${c.name('export', x.p)}(String target) throws IOException {
        return Runtime.getRuntime().exec("sh -c 'pg_dump ${x.p} > " + target + "'");
    }
`;
        }],
        [2, () => {
          c.need('import java.security.MessageDigest;', 'import java.security.NoSuchAlgorithmException;', 'import java.nio.charset.StandardCharsets;');
          return `    public byte[] ${c.name('hash', 'password')}(String password) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(password.getBytes(StandardCharsets.UTF_8));
    }
`;
        }],
        [1, () => {
          c.need('import java.util.Random;');
          return `    public String ${c.name('reset', 'token')}() {
        Random random = new Random();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }
`;
        }],
      ])()
      : c.r.weighted([
        [4, () => `    public List<String> ${c.name(c.r.pick(VERBS), x.p, 'by', 'owner')}(long ownerId) throws SQLException {
        List<String> out = new ArrayList<>();
        String sql = "SELECT id, ${cols.join(', ')} FROM ${x.p} WHERE owner_id = ? ORDER BY id";
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return out;
    }
`],
        [3, () => {
          c.need('import java.util.Map;', 'import java.util.stream.Collectors;');
          return `    public Map<String, Long> ${c.name('count', x.p, 'by', 'status')}(List<Map<String, String>> rows) {
        return rows.stream()
            .filter(row -> row.get("status") != null)
            .collect(Collectors.groupingBy(row -> row.get("status"), Collectors.counting()));
    }
`;
        }],
        [3, () => `    public String ${c.name('describe', x.s)}(long id, String ${camel(cols[0])}, String ${camel(cols[1])}) {
        StringBuilder sb = new StringBuilder("${x.S}#").append(id);
        if (${camel(cols[0])} != null && !${camel(cols[0])}.isEmpty()) {
            sb.append(" ${cols[0]}=").append(${camel(cols[0])});
        }
        if (${camel(cols[1])} != null) {
            sb.append(" ${cols[1]}=").append(${camel(cols[1])});
        }
        return sb.toString();
    }
`],
        [2, () => {
          c.need('import java.security.SecureRandom;', 'import java.util.Base64;');
          return `    public String ${c.name('new', x.s, 'token')}() {
        byte[] bytes = new byte[${c.r.pick([16, 24, 32])}];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
`;
        }],
        [2, () => `    public int ${c.name('update', x.s, 'status')}(long id, String status) throws SQLException {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("UPDATE ${x.p} SET status = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setLong(2, id);
            return ps.executeUpdate();
        }
    }
`],
      ])();
    units.push(code);
    lines += code.split('\n').length + 1;
  }
  return `package com.example.${c.app}.${e.p};

${[...c.imports].sort().join('\n')}

/** Data access and helpers for ${e.p}. */
public class ${className} {
    private final DataSource dataSource;

    public ${className}(DataSource dataSource) {
        this.dataSource = dataSource;
    }

${units.join('\n')}}
`;
}

function csharpFile(c, target, className) {
  const e = c.main;
  c.need('using System;', 'using System.Collections.Generic;', 'using System.Linq;', 'using Microsoft.Data.SqlClient;');
  const units = [];
  let lines = 30;
  while (lines < target) {
    const vuln = c.r.chance(0.12);
    const x = c.entity();
    const cols = c.fields(2, 4);
    const code = vuln
      ? c.r.weighted([
        [3, () => `        public List<string> ${c.name('search', x.p)}(string name)
        {
            var result = new List<string>();
            using var conn = new SqlConnection(_connectionString);
            conn.Open();
            using var cmd = new SqlCommand("SELECT ${cols[0]} FROM ${x.p} WHERE name = '" + name + "'", conn);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                result.Add(reader.GetString(0));
            }
            return result;
        }
`],
        [2, () => {
          c.need('using System.Diagnostics;');
          return `        public void ${c.name('run', x.s, 'export')}(string target)
        {
            Process.Start("cmd.exe", "/c export-${x.p}.bat " + target);
        }
`;
        }],
        [2, () => {
          c.need('using System.Security.Cryptography;', 'using System.Text;');
          return `        public string ${c.name('hash', 'password')}(string password)
        {
            using var md5 = MD5.Create();
            return Convert.ToHexString(md5.ComputeHash(Encoding.UTF8.GetBytes(password)));
        }
`;
        }],
        [1, () => `        public string ${c.name('reset', 'token')}()
        {
            var random = new Random();
            return random.Next().ToString("x8") + random.Next().ToString("x8");
        }
`],
      ])()
      : c.r.weighted([
        [4, () => `        public List<string> ${c.name(c.r.pick(VERBS), x.p, 'by', 'owner')}(long ownerId)
        {
            var result = new List<string>();
            using var conn = new SqlConnection(_connectionString);
            conn.Open();
            using var cmd = new SqlCommand("SELECT id, ${cols.join(', ')} FROM ${x.p} WHERE owner_id = @owner", conn);
            cmd.Parameters.AddWithValue("@owner", ownerId);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                result.Add($"{reader.GetInt64(0)}:{reader.GetString(1)}");
            }
            return result;
        }
`],
        [3, () => `        public Dictionary<string, int> ${c.name('count', x.p, 'by', 'status')}(IEnumerable<${e.S}Dto> rows)
        {
            return rows
                .Where(r => !string.IsNullOrEmpty(r.Status))
                .GroupBy(r => r.Status)
                .ToDictionary(g => g.Key, g => g.Count());
        }
`],
        [3, () => `        public string ${c.name('describe', x.s)}(${e.S}Dto dto)
        {
            var parts = new List<string> { $"id={dto.Id}" };
            if (!string.IsNullOrWhiteSpace(dto.Name))
            {
                parts.Add($"name={dto.Name}");
            }
            if (!string.IsNullOrWhiteSpace(dto.Status))
            {
                parts.Add($"status={dto.Status}");
            }
            return "${x.S}(" + string.Join(", ", parts) + ")";
        }
`],
        [2, () => {
          c.need('using System.Security.Cryptography;');
          return `        public string ${c.name('new', x.s, 'token')}()
        {
            return Convert.ToBase64String(RandomNumberGenerator.GetBytes(${c.r.pick([16, 24, 32])}));
        }
`;
        }],
      ])();
    units.push(code);
    lines += code.split('\n').length + 1;
  }
  return `${[...c.imports].sort().join('\n')}

namespace Example.${pascal(c.app)}.${e.P}
{
    public class ${e.S}Dto
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Status { get; set; } = "";
    }

    public class ${className}
    {
        private readonly string _connectionString;

        public ${className}(string connectionString)
        {
            _connectionString = connectionString;
        }

${units.join('\n')}    }
}
`;
}

function goFile(c, target) {
  const e = c.main;
  c.need('"context"', '"database/sql"', '"fmt"');
  const units = [];
  let lines = 25;
  while (lines < target) {
    const vuln = c.r.chance(0.12);
    const x = c.entity();
    const cols = c.fields(2, 4);
    const code = vuln
      ? c.r.weighted([
        [3, () => `func (s *Store) ${c.name('search', x.p)}(ctx context.Context, name string) ([]string, error) {
	query := fmt.Sprintf("SELECT ${cols[0]} FROM ${x.p} WHERE name = '%s'", name)
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
`],
        [2, () => {
          c.need('"os/exec"');
          return `func ${c.name('run', x.s, 'hook')}(script string) ([]byte, error) {
	return exec.Command("sh", "-c", script).CombinedOutput()
}
`;
        }],
        [2, () => {
          c.need('"crypto/md5"', '"encoding/hex"');
          return `func ${c.name('hash', 'password')}(password string) string {
	sum := md5.Sum([]byte(password))
	return hex.EncodeToString(sum[:])
}
`;
        }],
        [1, () => {
          c.need('"math/rand"');
          return `func ${c.name('reset', 'token')}() string {
	return fmt.Sprintf("%x%x", rand.Int63(), rand.Int63())
}
`;
        }],
      ])()
      : c.r.weighted([
        [4, () => `func (s *Store) ${c.name(c.r.pick(VERBS), x.p, 'by', 'owner')}(ctx context.Context, ownerID int64) ([]${e.S}, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, ${cols[0]} FROM ${x.p} WHERE owner_id = $1 ORDER BY id", ownerID)
	if err != nil {
		return nil, fmt.Errorf("query ${x.p}: %w", err)
	}
	defer rows.Close()
	var out []${e.S}
	for rows.Next() {
		var item ${e.S}
		if err := rows.Scan(&item.ID, &item.Name); err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, rows.Err()
}
`],
        [3, () => `func ${c.name('count', x.p, 'by', 'status')}(items []${e.S}) map[string]int {
	counts := make(map[string]int, len(items))
	for _, item := range items {
		if item.Status == "" {
			continue
		}
		counts[item.Status]++
	}
	return counts
}
`],
        [3, () => `func ${c.name('describe', x.s)}(item ${e.S}) string {
	label := fmt.Sprintf("${x.S}#%d", item.ID)
	if item.Name != "" {
		label += " name=" + item.Name
	}
	if item.Status != "" {
		label += " status=" + item.Status
	}
	return label
}
`],
        [2, () => {
          c.need('"crypto/rand"', '"encoding/hex"');
          return `func ${c.name('new', x.s, 'token')}() (string, error) {
	buf := make([]byte, ${c.r.pick([16, 24, 32])})
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	return hex.EncodeToString(buf), nil
}
`;
        }],
      ])();
    units.push(code);
    lines += code.split('\n').length + 1;
  }
  // crypto/rand and math/rand in one file would clash; rename math/rand's import.
  const imports = [...c.imports].sort().map(i => (i === '"math/rand"' && c.imports.has('"crypto/rand"') ? 'mrand "math/rand"' : i));
  const body = units.join('\n');
  return `package ${e.p}

import (
${imports.map(i => '\t' + i).join('\n')}
)

// ${e.S} is one row of the ${e.p} table.
type ${e.S} struct {
	ID     int64
	Name   string
	Status string
}

// Store reads and writes ${e.p}.
type Store struct {
	db *sql.DB
}

// NewStore wraps a database handle.
func NewStore(db *sql.DB) *Store {
	return &Store{db: db}
}

${imports.some(i => i.startsWith('mrand')) ? body.replace(/\brand\.Int63\(\)/g, 'mrand.Int63()') : body}`;
}

// ---------------------------------------------------------------------------------------------------
// Corpus

const PLAN = [
  // language, dir, goal lines, file maker
  { lang: 'python', dir: 'python', goal: 42000 },
  { lang: 'javascript', dir: 'javascript', goal: 42000 },
  { lang: 'typescript', dir: 'typescript', goal: 5500 },
  { lang: 'java', dir: 'java', goal: 5500 },
  { lang: 'csharp', dir: 'csharp', goal: 5500 },
  { lang: 'go', dir: 'go', goal: 5500 },
];

const countLines = text => (text.match(/\n/g) || []).length + (text.length && !text.endsWith('\n') ? 1 : 0);

/** One corpus file of a language: its path under the corpus and its text. Deterministic in its arguments. */
function makeFile(lang, seed, target, i, used) {
  const c = new Ctx(new Rand(seed), lang);
  c.app = c.r.pick(APPS);
  const e = ENTITIES[(i + c.r.int(0, ENTITIES.length - 1)) % ENTITIES.length];
  c.main = e;
  const role = c.r.pick(['views', 'api', 'jobs', 'helpers', 'services']);
  const free = make => {
    let n = 1;
    while (used.has(make(n === 1 ? '' : String(n)))) n++;
    return n === 1 ? '' : String(n);
  };
  let n;
  switch (lang) {
    case 'python':
      n = free(k => `python/${c.app}/${e.p}_${role}${k}.py`);
      return { rel: `python/${c.app}/${e.p}_${role}${n}.py`, text: pythonFile(c, target) };
    case 'javascript': {
      const text = javascriptFile(c, target);
      const sub = text.startsWith('// Browser') ? 'public/js' : text.includes('express.Router()') ? 'routes' : 'services';
      n = free(k => `javascript/${c.app}/${sub}/${e.p}${k}.js`);
      return { rel: `javascript/${c.app}/${sub}/${e.p}${n}.js`, text };
    }
    case 'typescript':
      n = free(k => `typescript/${c.app}/src/${e.s}-store${k}.ts`);
      return { rel: `typescript/${c.app}/src/${e.s}-store${n}.ts`, text: typescriptFile(c, target) };
    case 'java':
      n = free(k => `java/src/main/java/com/example/${c.app}/${e.S}Repository${k}.java`);
      return { rel: `java/src/main/java/com/example/${c.app}/${e.S}Repository${n}.java`, text: javaFile(c, target, `${e.S}Repository${n}`) };
    case 'csharp':
      n = free(k => `csharp/${pascal(c.app)}/${e.S}Service${k}.cs`);
      return { rel: `csharp/${pascal(c.app)}/${e.S}Service${n}.cs`, text: csharpFile(c, target, `${e.S}Service${n}`) };
    default:
      n = free(k => `go/internal/${c.app}/${e.s}_store${k}.go`);
      return { rel: `go/internal/${c.app}/${e.s}_store${n}.go`, text: goFile(c, target) };
  }
}

function generateCorpus(seed, scale) {
  fs.rmSync(CORPUS, { recursive: true, force: true });
  fs.mkdirSync(CORPUS, { recursive: true });
  // The repo's .gitignore ignores bench/.corpus/, and Skeptic honours .gitignore from the git root down, even
  // below a directory named on its command line. An (empty) .git marker makes the corpus its own root for
  // that walk, so Skeptic scans it as it would a checkout of a project; git itself still sees the outer repo.
  fs.mkdirSync(path.join(CORPUS, '.git'));
  fs.writeFileSync(path.join(CORPUS, '.gitignore'), '# generated by bench/scan-vs-peers.mjs; the eslint config is not part of the corpus\neslint.config.mjs\n');
  const rand = new Rand(seed);
  const stats = {};
  const used = new Set();
  for (const plan of PLAN) {
    const s = (stats[plan.lang] = { dir: plan.dir, files: 0, lines: 0, minLines: Infinity, maxLines: 0 });
    const goal = Math.round(plan.goal * scale);
    let i = 0;
    while (s.lines < goal) {
      i++;
      const fileSeed = Math.floor(rand.next() * 2 ** 32);
      // 100–800 lines, most files nearer the small end. Templates have uneven lengths, so a file that lands
      // outside the range is made again from the same seed with the target moved.
      let target = 100 + Math.floor(600 * new Rand(fileSeed ^ 0x5eed).next() ** 1.6);
      let made;
      for (let attempt = 0; attempt < 20; attempt++) {
        made = makeFile(plan.lang, fileSeed, target, i, used);
        const n = countLines(made.text);
        if (n < 100) target += 100 - n + 5;
        else if (n > 800) target -= n - 800 + 5;
        else break;
      }
      const rel = made.rel;
      const text = made.text.endsWith('\n') ? made.text : made.text + '\n';
      used.add(rel);
      const abs = path.join(CORPUS, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
      const n = countLines(text);
      s.files++;
      s.lines += n;
      s.minLines = Math.min(s.minLines, n);
      s.maxLines = Math.max(s.maxLines, n);
    }
  }
  return stats;
}

// ---------------------------------------------------------------------------------------------------
// Tools

function onPath(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function runSync(cmd, args, opts = {}) {
  // skeptic-ignore-next-line command-program-from-variable: the benchmark runs the tools it located itself (skeptic, bandit, eslint, GNU time), never outside input
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return r;
}

/** GNU time, to report CPU time next to wall time (optional: absent → no CPU column). */
function findGnuTime() {
  const t = onPath('time') ?? (fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined);
  if (!t) return undefined;
  const out = path.join(os.tmpdir(), `skeptic-bench-time-probe-${process.pid}`);
  try {
    // skeptic-ignore-next-line command-program-from-variable: the benchmark runs the tools it located itself (skeptic, bandit, eslint, GNU time), never outside input
    const r = spawnSync(t, ['-f', '%U %S', '-o', out, process.execPath, '-e', '0'], { encoding: 'utf8' });
    const ok = r.status === 0 && /^\d+\.\d+ \d+\.\d+\s*$/.test(fs.readFileSync(out, 'utf8').trim().split('\n').pop());
    return ok ? t : undefined;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(out, { force: true });
  }
}

function skepticInfo() {
  const version = runSync(process.execPath, [SKEPTIC, 'version']).stdout.trim();
  const r = runSync(process.execPath, [SKEPTIC, 'rules', '--format', 'json']);
  if (r.status !== 0) throw new Error(`skeptic rules failed (${r.status}): ${r.stderr.trim()}`);
  const rules = JSON.parse(r.stdout);
  return { version, rules: rules.map(x => ({ id: x.id, languages: x.languages })) };
}

function skepticRulesFor(rules, langs) {
  return rules.filter(r => r.languages.some(l => langs.includes(l))).length;
}

function banditInfo(bin) {
  const version = (runSync(bin, ['--version']).stdout.split('\n')[0] || '').trim();
  const help = runSync(bin, ['-h']).stdout;
  const at = help.indexOf('The following tests were discovered and loaded');
  const tests = at < 0 ? [] : [...help.slice(at).matchAll(/^\s+(B\d{3})\s+(\w+)\s*$/gm)].map(m => m[1]);
  // Debian's bandit 1.6 predates Python 3.8's ast.Constant: on a newer Python its string-literal tests
  // (B105 hardcoded passwords, B108 temp dirs, B608 SQL built from strings, ...) silently never run.
  // Probe once so the report says which bandit was measured.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-bench-bandit-'));
  let stringTests;
  try {
    fs.writeFileSync(path.join(dir, 'probe.py'), 'def f(conn, name):\n    conn.execute("SELECT id FROM users WHERE name = \'" + name + "\'")\n');
    const r = runSync(bin, ['-r', dir, '-f', 'json', '-q']);
    stringTests = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).results.some(x => x.test_id === 'B608');
  } catch {
    stringTests = undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { version, tests: tests.length, stringTests };
}

async function eslintInfo(concurrency) {
  const require = createRequire(path.join(REPO, 'package.json'));
  const version = JSON.parse(fs.readFileSync(require.resolve('eslint/package.json'), 'utf8')).version;
  const pluginPkg = JSON.parse(fs.readFileSync(require.resolve('eslint-plugin-security/package.json'), 'utf8'));
  const pluginPath = require.resolve('eslint-plugin-security');
  const plugin = (await import(pathToFileURL(pluginPath).href)).default;
  const recommended = Object.entries(plugin.configs.recommended.rules).filter(([, v]) => v !== 'off' && v !== 0);
  // Only the plugin's recommended config (no eslint:recommended, no style rules): security rules alone.
  fs.writeFileSync(ESLINT_CONFIG, `// Written by bench/scan-vs-peers.mjs: eslint-plugin-security's recommended rules, nothing else.
import security from ${JSON.stringify(pathToFileURL(pluginPath).href)};

export default [
  {
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
  },
  security.configs.recommended,
];
`);
  // Check that eslint resolves this config (and only this one) for a corpus file: every recommended
  // security rule on, nothing else.
  const sample = firstFile(path.join(CORPUS, 'javascript'), '.js');
  const pc = runSync(process.execPath, [ESLINT_BIN, '--config', ESLINT_CONFIG, '--print-config', sample]);
  if (pc.status !== 0) throw new Error(`eslint --print-config failed: ${pc.stderr.trim()}`);
  const active = Object.entries(JSON.parse(pc.stdout).rules || {}).filter(([, v]) => (Array.isArray(v) ? v[0] : v) !== 0 && (Array.isArray(v) ? v[0] : v) !== 'off');
  const activeSecurity = active.filter(([k]) => k.startsWith('security/')).length;
  return {
    version,
    plugin: `${pluginPkg.name}@${pluginPkg.version}`,
    recommended: recommended.length,
    activeSecurity,
    activeOther: active.length - activeSecurity,
    concurrency,
  };
}

function firstFile(dir, ext) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const f = firstFile(p, ext);
      if (f) return f;
    } else if (entry.name.endsWith(ext)) return p;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Timing

function runTimed(cmd, args, gnuTime) {
  return new Promise((resolve, reject) => {
    const timeFile = gnuTime ? path.join(os.tmpdir(), `skeptic-bench-time-${process.pid}-${Date.now()}`) : undefined;
    const [file, argv] = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
    const out = [];
    const err = [];
    const t0 = process.hrtime.bigint();
    // skeptic-ignore-next-line command-program-from-variable: the benchmark runs the tools it located itself (skeptic, bandit, eslint, GNU time), never outside input
    const child = spawn(file, argv, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    child.stdout.on('data', d => out.push(d));
    child.stderr.on('data', d => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let cpu;
      if (timeFile) {
        try {
          const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop();
          const [u, s] = last.split(' ').map(Number);
          if (Number.isFinite(u) && Number.isFinite(s)) cpu = u + s;
        } catch {
          // no CPU figure for this run
        }
        fs.rmSync(timeFile, { force: true });
      }
      resolve({ ms, cpu, code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function parseSkeptic(r) {
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code ?? r.signal}: ${r.stderr.trim().slice(-400)}`);
  const j = JSON.parse(r.stdout);
  return { findings: j.findings.length, problems: j.skipped.length, byRule: tally(j.findings.map(f => f.ruleId)) };
}

function parseBandit(r) {
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code ?? r.signal}: ${r.stderr.trim().slice(-400)}`);
  const j = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  return { findings: j.results.length, problems: j.errors.length, byRule: tally(j.results.map(x => `${x.test_id} ${x.test_name}`)) };
}

function parseEslint(r) {
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code ?? r.signal}: ${r.stderr.trim().slice(-400)}`);
  const files = JSON.parse(r.stdout);
  const messages = files.flatMap(f => f.messages);
  const security = messages.filter(m => m.ruleId && m.ruleId.startsWith('security/'));
  return {
    findings: security.length,
    problems: files.reduce((s, f) => s + f.fatalErrorCount, 0),
    other: messages.length - security.length,
    byRule: tally(security.map(m => m.ruleId)),
  };
}

function tally(keys) {
  const m = {};
  for (const k of keys) m[k] = (m[k] || 0) + 1;
  return Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------------------------------
// Main

function fmtInt(n) {
  return n === undefined || n === null || Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US');
}

function table(rows, header) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map(r => String(r[i]).length)));
  const right = header.map((_, i) => i >= 2);
  const line = r => r.map((cell, i) => (right[i] ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]))).join('  ');
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = s => process.stdout.write(s + '\n');
  const started = Date.now();
  log(`Skeptic speed benchmark — ${new Date(started).toISOString()}`);
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load avg ${os.loadavg().map(x => x.toFixed(2)).join(' ')}`);

  if (!fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) {
    process.stderr.write('dist/cli.js is missing: build first (npm run build), or use `npm run bench`.\n');
    process.exit(2);
  }

  // Corpus
  const g0 = Date.now();
  const corpus = generateCorpus(opts.seed, opts.scale);
  const total = Object.values(corpus).reduce((a, s) => ({ files: a.files + s.files, lines: a.lines + s.lines }), { files: 0, lines: 0 });
  log(`\ncorpus: ${CORPUS_REL}/ (seed ${opts.seed}${opts.scale !== 1 ? `, scale ${opts.scale}` : ''}), generated in ${Date.now() - g0} ms`);
  for (const [lang, s] of Object.entries(corpus)) log(`  ${lang.padEnd(11)} ${String(s.files).padStart(4)} files ${fmtInt(s.lines).padStart(8)} lines  (${s.minLines}–${s.maxLines} lines a file)`);
  log(`  ${'total'.padEnd(11)} ${String(total.files).padStart(4)} files ${fmtInt(total.lines).padStart(8)} lines`);

  // Tools
  const sk = skepticInfo();
  const corpusLangs = Object.keys(corpus);
  const banditBin = onPath('bandit');
  let bandit;
  if (banditBin) bandit = banditInfo(banditBin);
  else log(`\nbandit is not on PATH: skipping it. Install it with \`apt-get install bandit\` (Debian's package; run apt-get update first).`);
  let eslint;
  try {
    eslint = await eslintInfo(opts.eslintConcurrency);
  } catch (e) {
    log(`\neslint + eslint-plugin-security unavailable (${e.message.split('\n')[0]}): skipping it. Run npm ci.`);
  }
  const gnuTime = findGnuTime();

  log(`\ntools:`);
  log(`  skeptic  ${sk.version}: ${sk.rules.length} rules loaded (${['python', 'javascript', 'typescript', 'java', 'csharp', 'go'].map(l => `${l} ${skepticRulesFor(sk.rules, [l])}`).join(', ')})`);
  if (bandit) log(`  bandit   ${bandit.version} (${banditBin}): ${bandit.tests} tests discovered (from \`bandit -h\`)`);
  if (bandit && bandit.stringTests === false) log(`  NOTE: this bandit does not fire B608 on SQL built by concatenation (probe): its string-literal tests do not run on this Python (bandit < 1.7 with Python ≥ 3.8), so it does less work than a current bandit`);
  if (eslint) {
    log(`  eslint   ${eslint.version} + ${eslint.plugin}: ${eslint.recommended} rules in its recommended config; eslint --print-config on a corpus file: ${eslint.activeSecurity} security rules on, ${eslint.activeOther} other rules on`);
    if (eslint.activeSecurity !== eslint.recommended || eslint.activeOther !== 0) log(`  WARNING: the eslint config in effect is not exactly the plugin's recommended rules`);
  }
  log(`  CPU time: ${gnuTime ? `from ${gnuTime} (user + sys of the whole process tree)` : 'not measured (GNU time not found)'}`);

  const py = path.posix.join(CORPUS_REL, 'python');
  const js = path.posix.join(CORPUS_REL, 'javascript');
  const jobs = [
    { id: 'skeptic-all', tool: 'skeptic', part: 'all', cmd: process.execPath, args: [SKEPTIC, 'scan', CORPUS_REL, '--format', 'json', '--severity', 'info'], parse: parseSkeptic, ...total, rules: skepticRulesFor(sk.rules, corpusLangs) },
    { id: 'skeptic-python', tool: 'skeptic', part: 'python', cmd: process.execPath, args: [SKEPTIC, 'scan', py, '--format', 'json', '--severity', 'info'], parse: parseSkeptic, ...corpus.python, rules: skepticRulesFor(sk.rules, ['python']) },
    { id: 'skeptic-javascript', tool: 'skeptic', part: 'javascript', cmd: process.execPath, args: [SKEPTIC, 'scan', js, '--format', 'json', '--severity', 'info'], parse: parseSkeptic, ...corpus.javascript, rules: skepticRulesFor(sk.rules, ['javascript']) },
  ];
  if (bandit) jobs.push({ id: 'bandit-python', tool: 'bandit', part: 'python', cmd: banditBin, args: ['-r', py, '-f', 'json', '-q'], parse: parseBandit, ...corpus.python, rules: bandit.tests });
  if (eslint) {
    jobs.push({
      id: 'eslint-javascript', tool: 'eslint+security', part: 'javascript', cmd: process.execPath,
      args: [ESLINT_BIN, '--config', ESLINT_CONFIG, '--format', 'json', ...(opts.eslintConcurrency ? ['--concurrency', opts.eslintConcurrency] : []), js],
      parse: parseEslint, ...corpus.javascript, rules: eslint.recommended,
    });
  }
  for (const j of jobs) {
    j.runs = [];
    j.failures = [];
    j.display = [path.basename(j.cmd) === path.basename(process.execPath) ? 'node' : path.basename(j.cmd), ...j.args.map(a => path.isAbsolute(a) ? path.relative(REPO, a) : a)].join(' ');
  }

  // Check that Skeptic really walks the corpus (a .gitignore above it would silently empty the scan).
  const check = runSync(process.execPath, [SKEPTIC, 'scan', CORPUS_REL, '--format', 'text', '--severity', 'info']);
  const scanned = Number((check.stdout.match(/(\d+) files? scanned/) || [])[1]);
  log(`  check: skeptic scan ${CORPUS_REL} reports ${Number.isNaN(scanned) ? '?' : scanned} files scanned of ${total.files} generated${scanned === total.files ? '' : '  <-- WARNING: the scan does not cover the corpus; figures below are meaningless'}`);

  // Rounds: all jobs in each round, start rotated each round so no tool always runs first.
  const plan = [];
  for (let w = 0; w < opts.warmup; w++) plan.push({ warm: true, round: w });
  for (let r = 0; r < opts.rounds; r++) plan.push({ warm: false, round: r });
  log(`\nrunning ${opts.warmup} warm-up + ${opts.rounds} timed round${opts.rounds === 1 ? '' : 's'} of ${jobs.length} commands, interleaved:`);
  for (const j of jobs) log(`  ${j.display}`);
  for (const step of plan) {
    const order = jobs.map((_, i) => jobs[(i + step.round) % jobs.length]);
    const label = step.warm ? `warm-up ${step.round + 1}` : `round ${step.round + 1}/${opts.rounds}`;
    const cells = [];
    for (const j of order) {
      const r = await runTimed(j.cmd, j.args, gnuTime);
      let parsed;
      try {
        parsed = j.parse(r);
      } catch (e) {
        j.failures.push({ round: label, error: e.message });
        cells.push(`${j.id} FAILED`);
        continue;
      }
      cells.push(`${j.id} ${Math.round(r.ms)} ms`);
      if (!step.warm) j.runs.push({ ms: r.ms, cpu: r.cpu, ...parsed });
      else j.warm = parsed;
    }
    log(`  ${label}: ${cells.join(', ')}`);
  }

  // Figures
  for (const j of jobs) {
    j.ok = j.runs.length > 0;
    if (!j.ok) continue;
    j.medianMs = median(j.runs.map(r => r.ms));
    j.minMs = Math.min(...j.runs.map(r => r.ms));
    j.maxMs = Math.max(...j.runs.map(r => r.ms));
    j.linesPerSec = median(j.runs.map(r => j.lines / (r.ms / 1000)));
    const cpus = j.runs.map(r => r.cpu).filter(x => x !== undefined);
    j.medianCpuSec = cpus.length === j.runs.length ? median(cpus) : undefined;
    const last = j.runs[j.runs.length - 1];
    j.findings = last.findings;
    j.findingsVaried = new Set(j.runs.map(r => r.findings)).size > 1;
    j.problems = last.problems;
    j.byRule = last.byRule;
    j.other = last.other;
  }
  const byId = Object.fromEntries(jobs.map(j => [j.id, j]));

  log('\nresults (wall clock of the whole process, startup included; median of the timed rounds):\n');
  const header = ['tool', 'part', 'files', 'lines', 'median ms', 'min–max ms', 'lines/s', 'CPU s', 'findings', 'rules'];
  const rows = jobs.map(j =>
    j.ok
      ? [j.tool, j.part, fmtInt(j.files), fmtInt(j.lines), fmtInt(j.medianMs), `${fmtInt(j.minMs)}–${fmtInt(j.maxMs)}`, fmtInt(j.linesPerSec),
        j.medianCpuSec === undefined ? '-' : j.medianCpuSec.toFixed(1), `${fmtInt(j.findings)}${j.findingsVaried ? '*' : ''}`, j.rules]
      : [j.tool, j.part, fmtInt(j.files), fmtInt(j.lines), 'FAILED', '', '', '', '', j.rules]);
  log(table(rows, header));
  if (jobs.some(j => j.findingsVaried)) log('  * the count differed between rounds (rules or dist/ changed during the run?); the last round is shown');
  log('  lines/s: median over rounds of lines ÷ wall time. CPU s: user + sys, all threads. rules: rules that apply to the part');
  log('  (skeptic: `skeptic rules` by language; bandit: tests listed by `bandit -h`; eslint: the plugin\'s recommended config).');

  log('\nfindings by rule (last round):');
  for (const j of jobs.filter(x => x.ok)) {
    const entries = Object.entries(j.byRule);
    log(`  ${j.tool} on ${j.part}: ${entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}`);
  }
  for (const j of jobs.filter(x => x.ok && x.problems)) log(`  NOTE: ${j.tool} on ${j.part}: ${j.problems} file(s) ${j.tool === 'skeptic' ? 'skipped' : 'not parsed'}`);
  for (const j of jobs.filter(x => x.ok && x.tool === 'skeptic' && x.rules === 0)) {
    log(`  WARNING: this skeptic build has no rules for ${j.part}: its time there is walk + parse only, so ratios on ${j.part} say little yet`);
  }
  const es = byId['eslint-javascript'];
  if (es?.ok) log(`  eslint: ${fmtInt(es.findings)} security/* findings${es.other ? `, ${es.other} other messages (not counted)` : ''}${es.findings === 0 ? '  <-- WARNING: the plugin reported nothing; is it running?' : ''}`);

  const ratios = [];
  const ratio = (a, b, target, label) => {
    const A = byId[a];
    const B = byId[b];
    if (!A?.ok || !B?.ok) {
      ratios.push({ label, target, ratio: null, met: null, note: `${!B ? b.split('-')[0] + ' not run' : 'a run failed'}` });
      return;
    }
    const value = A.linesPerSec / B.linesPerSec;
    // Paired per-round ratios (each round ran both), to show the spread the noise allows.
    const paired = A.runs.map((r, i) => (B.runs[i] ? (A.lines / r.ms) / (B.lines / B.runs[i].ms) : undefined)).filter(x => x !== undefined);
    ratios.push({ label, target, ratio: value, met: value >= target, pairedMin: Math.min(...paired), pairedMax: Math.max(...paired), a: A.linesPerSec, b: B.linesPerSec });
  };
  ratio('skeptic-python', 'bandit-python', TARGETS.bandit, 'skeptic on Python ÷ bandit');
  ratio('skeptic-javascript', 'eslint-javascript', TARGETS.eslint, 'skeptic on JavaScript ÷ eslint+security');
  log('\nspeed ratios (lines/s ÷ lines/s, this run only):\n');
  log(table(ratios.map(x => [
    x.label, x.ratio === null ? '-' : `${x.ratio.toFixed(2)}×`, x.ratio === null ? '-' : `${x.pairedMin.toFixed(2)}–${x.pairedMax.toFixed(2)}×`,
    `≥ ${x.target}×`, x.ratio === null ? `not measured (${x.note})` : x.met ? 'met' : 'NOT met',
  ]), ['ratio', 'median', 'per-round range', 'target', 'verdict']));

  const elapsed = (Date.now() - started) / 1000;
  log(`\ndone in ${elapsed.toFixed(0)} s (load avg now ${os.loadavg().map(x => x.toFixed(2)).join(' ')}). Figures vary with load: compare within one run, not across runs.`);

  if (opts.json) {
    const report = {
      date: new Date(started).toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model?.trim(), memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavgAtStart: os.loadavg() },
      options: { rounds: opts.rounds, warmup: opts.warmup, seed: opts.seed, scale: opts.scale, eslintConcurrency: opts.eslintConcurrency ?? null },
      corpus: { path: CORPUS_REL, total, parts: corpus },
      tools: { skeptic: { version: sk.version, rules: sk.rules.length }, bandit: bandit ? { ...bandit, path: banditBin } : null, eslint: eslint ?? null },
      skepticScanCheck: { filesScanned: Number.isNaN(scanned) ? null : scanned, filesGenerated: total.files },
      results: jobs.map(j => ({
        id: j.id, tool: j.tool, part: j.part, command: j.display, files: j.files, lines: j.lines, rules: j.rules,
        ok: j.ok, medianMs: j.medianMs ?? null, minMs: j.minMs ?? null, maxMs: j.maxMs ?? null, linesPerSec: j.linesPerSec ?? null,
        medianCpuSec: j.medianCpuSec ?? null, findings: j.findings ?? null, findingsVaried: j.findingsVaried ?? false,
        findingsByRule: j.byRule ?? null, problems: j.problems ?? null,
        runs: j.runs.map(r => ({ ms: r.ms, cpuSec: r.cpu ?? null, findings: r.findings })), failures: j.failures,
      })),
      ratios: ratios.map(({ label, target, ratio: value, met, pairedMin, pairedMax }) => ({ label, target, ratio: value, met, pairedMin: pairedMin ?? null, pairedMax: pairedMax ?? null })),
      elapsedSec: elapsed,
    };
    fs.mkdirSync(path.dirname(opts.json), { recursive: true });
    fs.writeFileSync(opts.json, JSON.stringify(report, null, 2) + '\n');
    log(`figures written to ${path.relative(process.cwd(), opts.json) || opts.json}`);
  }
  for (const j of jobs) for (const f of j.failures) process.stderr.write(`${j.id} failed in ${f.round}: ${f.error}\n`);
}

main().catch(e => {
  process.stderr.write(`scan-vs-peers: ${e.stack || e}\n`);
  process.exit(2);
});
