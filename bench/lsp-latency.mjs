#!/usr/bin/env node
// Live-editing benchmark: the language server measured from outside, as an editor sees it.
//
//   node bench/lsp-latency.mjs [--json FILE] [--seed S] [--edits N] [--lines N]
//                              [--mem-files N] [--mem-edits N] [--rules DIR] [--cpu-prof DIR] [--keep]
//
// 1. Generates (seeded PRNG, no network) realistic 5,000-line JavaScript (Express-style) and Python
//    (Flask/Django-style) files, mostly safe code with a sprinkling of real flaws, in temporary workspace
//    folders, and starts `bin/skeptic lsp --stdio` on them as a child process (the executable, as an editor runs it), one server per phase
//    and language, as an editor would.
// 2. didOpen → first publishDiagnostics for the document, per file.
// 3. 200 single-line incremental edits per file, paced like typing (30–60 ms apart, jittered, a few
//    longer pauses): insert a character, delete one, replace a short word, at lines all over the file
//    (mostly inside functions), and a few syntax-breaking characters undone by the next edit. For each,
//    didChange (version N) → the first publishDiagnostics with version N (a settle re-publish of the
//    same version ~400 ms later does not count). p50/p95/max per language.
// 4. A server with 20 files open (10 JavaScript + 10 Python, other seeds): VmHWM and VmRSS of its
//    process from /proc/<pid>/status once all have their first diagnostics, and after a round of edits
//    on each.
// 5. A table of figures beside their targets, met / NOT met; --json FILE writes every figure.
//
// It also checks what it can see from outside: every version answered, in order; the diagnostics on open
// and after typing equal to `skeptic scan` of the same text; clean shutdowns. A server slower than the
// typing is not waited for beyond 8 s after the last edit: what is still unanswered then counts as at
// least that slow. Nothing is asserted and the exit status is 0 whatever the figures (1 only when the
// run itself fails): it is a benchmark, not a test. See bench/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { SeededRandom as Rng } from './random.mjs';
import { flags } from './args.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKEPTIC = path.join(REPO, 'bin', 'skeptic');
const TARGETS = { changeP95Ms: 10, openMs: 300, rssMb: 200 };
const SETTLE_QUIET_MS = 700; // the server re-parses a broken document 400 ms after typing stops
const SLOW_EDIT_MS = 100; // server time per edit from which it has most likely re-analysed the whole file
const DRAIN_MS = 8_000; // how long after the last edit the answers to all edits are waited for
const STOP_WAIT_MS = 2_000; // for the answer to shutdown, then for the process to exit
const LANGS = ['javascript', 'python'];
const LANG_NAME = { javascript: 'JavaScript', python: 'Python' };
const EXT = { javascript: '.js', python: '.py' };

// ---------------------------------------------------------------------------------------------------
// Command line

function usage(code) {
  (code ? process.stderr : process.stdout).write(`usage: node bench/lsp-latency.mjs [options]

  --json FILE        also write every figure as JSON to FILE
  --seed S           PRNG seed for the files and the edits (default 20250101)
  --edits N          timed edits per language on the single open file (default 200)
  --lines N          lines per generated file (default 5000; the targets are meant at 5000)
  --mem-files N      files per language open in the memory phase (default 10, so 20 files)
  --mem-edits N      edits per file in the memory phase's round of edits (default 10)
  --rules DIR        also load the rule folder DIR (repeatable), as a trusted workspace's .skeptic.yaml
                     ruleFolders would: e.g. --rules rules to try rules not yet built into dist/
  --cpu-prof DIR     run the servers under node --cpu-prof, writing their CPU profiles to DIR
                     (open them in Chrome DevTools; profiling slows the server, so not for figures)
  --keep             keep the temporary workspaces and print where they are
`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { json: undefined, seed: 20250101, edits: 200, lines: 5000, memFiles: 10, memEdits: 10, rules: [], keep: false, cpuProf: undefined };
  for (const { a, flag, value, int } of flags(argv, usage)) {
    if (flag === '--json') opts.json = path.resolve(value());
    else if (flag === '--seed') opts.seed = int(value(), 0);
    else if (flag === '--edits') opts.edits = int(value(), 1);
    else if (flag === '--lines') opts.lines = int(value(), 200);
    else if (flag === '--mem-files') opts.memFiles = int(value(), 1);
    else if (flag === '--mem-edits') opts.memEdits = int(value(), 0);
    else if (flag === '--rules') {
      const dir = path.resolve(value());
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
        process.stderr.write(`--rules: ${dir} is not a directory\n`);
        usage(2);
      }
      opts.rules.push(dir);
    } else if (flag === '--cpu-prof') opts.cpuProf = path.resolve(value());
    else if (flag === '--keep') opts.keep = true;
    else if (flag === '-h' || flag === '--help') usage(0);
    else {
      process.stderr.write(`unknown option ${a}\n`);
      usage(2);
    }
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------------
// The generated files. A file is a list of units (a route, a helper, a class, a config block); each line
// is tagged 'fn' (inside a function body), 'top' (top level or a class member line) or 'blank', so the
// edits can go mostly inside functions. Single-line edits never add or remove lines, so the tags hold.

const RESOURCES = ['user', 'order', 'invoice', 'product', 'account', 'session', 'report', 'ticket', 'comment', 'payment',
  'shipment', 'coupon', 'review', 'project', 'task', 'team', 'message', 'upload', 'audit', 'tenant', 'widget', 'vendor'];
const FIELDS = ['id', 'name', 'email', 'status', 'created_at', 'total', 'owner_id', 'title', 'amount', 'currency', 'notes',
  'priority', 'slug', 'region', 'quantity', 'price', 'sku', 'role', 'updated_at', 'due_date', 'score', 'label'];
const WORDS = ['value', 'item', 'entry', 'record', 'result', 'payload', 'count', 'limit', 'offset', 'label', 'total', 'index',
  'buffer', 'target', 'source', 'filter', 'options', 'params', 'field', 'state', 'cursor', 'batch', 'chunk', 'token',
  'status', 'detail', 'summary', 'config', 'cache', 'handle', 'prefix', 'suffix', 'region', 'amount', 'owner', 'scope'];

const cap = s => s.charAt(0).toUpperCase() + s.slice(1);
const camel = s => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const plural = s => (s.endsWith('y') ? s.slice(0, -1) + 'ies' : s.endsWith('s') ? s + 'es' : s + 's');
const block = text => text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');

class Names {
  constructor() {
    this.used = new Set();
  }
  unique(base) {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }
}

/** Tags a unit's lines: `fnIndent` is the indentation from which lines are inside a function body. */
function unit(lines, fnIndent) {
  return lines.map(text => {
    if (!text.trim()) return { text: '', tag: 'blank' };
    const indent = text.length - text.trimStart().length;
    return { text, tag: fnIndent !== undefined && indent >= fnIndent ? 'fn' : 'top' };
  });
}

// --- JavaScript -------------------------------------------------------------------------------------

const JS_HEADER = block(`
'use strict';
// Generated by bench/lsp-latency.mjs: an Express-style service module, for the live-editing benchmark.
const crypto = require('crypto');
const https = require('https');
const path = require('path');
const fs = require('fs/promises');
const { exec, execFile } = require('child_process');
const { randomUUID } = require('crypto');
const express = require('express');
const db = require('./db');
const logger = require('./logger');
const metrics = require('./metrics');
const { requireAuth, requireRole } = require('./auth');

const router = express.Router();
const UPLOAD_ROOT = path.resolve(__dirname, 'uploads');
const PAGE_SIZE_MAX = 100;
`);

const JS_FOOTER = block(`
module.exports = { router };
`);

function jsFiller(g, res) {
  return g.rng.pick([
    `    metrics.increment('api.${plural(res)}.${g.rng.pick(['read', 'list', 'write', 'miss', 'hit'])}');`,
    `    res.set('Cache-Control', 'private, max-age=${g.rng.pick([0, 30, 60, 300])}');`,
    `    logger.debug('${res} request', { path: req.path, method: req.method });`,
    `    if (req.query.trace === '1') {\n      logger.info('trace requested', { path: req.path });\n    }`,
  ]).split('\n');
}

const JS_UNITS = [
  // GET /api/<resources>/:id with a parameterised query (flawed: concatenated from req.query)
  g => {
    const res = g.rng.pick(RESOURCES);
    const table = plural(res);
    const cols = g.rng.sample(FIELDS, g.rng.int(3, 6)).join(', ');
    const flawed = g.flaw();
    const query = flawed
      ? `    const rows = await db.query("SELECT ${cols} FROM ${table} WHERE id = " + req.query.id);`
      : `    const rows = await db.query('SELECT ${cols} FROM ${table} WHERE id = $1', [id]);`;
    const fill = g.rng.chance(0.6) ? jsFiller(g, res) : [];
    return unit([
      ...block(`
router.get('/api/${table}/:id', requireAuth, async (req, res, next) => {
  try {
    const id = Number.parseInt(req.params.id, 10);
    if (!Number.isSafeInteger(id) || id <= 0) {
      return res.status(400).json({ error: 'invalid ${res} id' });
    }`),
      ...fill,
      query,
      ...block(`
    if (rows.length === 0) {
      return res.status(404).json({ error: '${res} not found' });
    }
    const found = rows[0];
    logger.info('${res}.read', { id, user: req.user && req.user.id });
    return res.json({ id: found.id, ${cols.split(', ').filter(c => c !== 'id').map(c => `${camel(c)}: found.${c}`).join(', ')} });
  } catch (err) {
    return next(err);
  }
});`),
    ], 2);
  },
  // GET /api/<resources> with pagination and a whitelisted sort column
  g => {
    const res = g.rng.pick(RESOURCES);
    const table = plural(res);
    const sortable = g.rng.sample(FIELDS, 3);
    return unit(block(`
router.get('/api/${table}', requireAuth, async (req, res, next) => {
  const limit = Math.min(Number(req.query.limit) || 20, PAGE_SIZE_MAX);
  const offset = Math.max(Number(req.query.offset) || 0, 0);
  const sort = ${JSON.stringify(sortable).replace(/"/g, "'").replace(/,/g, ', ')}.includes(req.query.sort) ? req.query.sort : '${sortable[0]}';
  try {
    const { rows } = await db.query(
      \`SELECT * FROM ${table} WHERE tenant_id = $1 ORDER BY \${sort} LIMIT $2 OFFSET $3\`,
      [req.user.tenantId, limit, offset],
    );
    const total = await db.count('${table}', { tenant_id: req.user.tenantId });
    res.set('X-Total-Count', String(total));
    return res.json({ items: rows, limit, offset, total });
  } catch (err) {
    logger.error('${res}.list failed', { err: err.message });
    return next(err);
  }
});`), 2);
  },
  // POST /api/<resources> with field validation
  g => {
    const res = g.rng.pick(RESOURCES);
    const table = plural(res);
    const fields = g.rng.sample(FIELDS.filter(f => f !== 'id'), g.rng.int(2, 5));
    const checks = fields.flatMap(f => [
      `  if (typeof body.${f} !== 'string' || body.${f}.length > ${g.rng.pick([64, 128, 255, 1024])}) {`,
      `    errors.push({ field: '${f}', message: 'must be a short string' });`,
      '  }',
    ]);
    return unit([
      `router.post('/api/${table}', requireAuth, requireRole('${g.rng.pick(['admin', 'editor', 'owner'])}'), async (req, res, next) => {`,
      '  const body = req.body || {};',
      '  const errors = [];',
      ...checks,
      '  if (errors.length) {',
      '    return res.status(422).json({ errors });',
      '  }',
      '  try {',
      `    const created = await db.insert('${table}', {`,
      ...fields.map(f => `      ${f}: body.${f}.trim(),`),
      '      created_by: req.user.id,',
      '    });',
      `    logger.info('${res}.created', { id: created.id });`,
      '    return res.status(201).json(created);',
      '  } catch (err) {',
      '    return next(err);',
      '  }',
      '});',
    ], 2);
  },
  // Small pure helpers
  g => {
    const kind = g.rng.int(0, 4);
    if (kind === 0) {
      const name = g.names.unique('slugify' + cap(g.rng.pick(WORDS)));
      return unit(block(`
function ${name}(text, maxLength = 64) {
  return String(text)
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength);
}`), 2);
    }
    if (kind === 1) {
      const name = g.names.unique('chunk' + cap(g.rng.pick(WORDS)));
      return unit(block(`
function ${name}(list, size) {
  if (!Array.isArray(list) || size <= 0) {
    return [];
  }
  const out = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}`), 2);
    }
    if (kind === 2) {
      const name = g.names.unique('format' + cap(g.rng.pick(['amount', 'price', 'total', 'balance'])));
      return unit(block(`
function ${name}(cents, currency = '${g.rng.pick(['EUR', 'USD', 'GBP'])}') {
  const value = Number(cents) / 100;
  if (!Number.isFinite(value)) {
    throw new TypeError('amount must be a number');
  }
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(value);
}`), 2);
    }
    if (kind === 3) {
      const name = g.names.unique('pick' + cap(g.rng.pick(RESOURCES)) + 'Fields');
      const fields = g.rng.sample(FIELDS, g.rng.int(3, 6));
      return unit(block(`
function ${name}(source) {
  const allowed = ${JSON.stringify(fields).replace(/"/g, "'").replace(/,/g, ', ')};
  const out = {};
  for (const key of allowed) {
    if (Object.prototype.hasOwnProperty.call(source, key)) {
      out[key] = source[key];
    }
  }
  return out;
}`), 2);
    }
    const name = g.names.unique('debounce' + cap(g.rng.pick(WORDS)));
    return unit(block(`
const ${name} = (fn, waitMs = ${g.rng.pick([50, 100, 250])}) => {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
};`), 2);
  },
  // A service class (flawed: a Math.random() token)
  g => {
    const res = g.rng.pick(RESOURCES);
    const cls = g.names.unique(cap(res) + 'Service');
    const table = plural(res);
    const flawed = g.flaw();
    const token = flawed
      ? "    const inviteToken = Math.random().toString(36).slice(2);"
      : "    const inviteToken = crypto.randomBytes(24).toString('hex');";
    return unit(block(`
class ${cls} {
  constructor(repo, clock = Date) {
    this.repo = repo;
    this.clock = clock;
    this.cache = new Map();
  }

  async find(id) {
    if (this.cache.has(id)) {
      return this.cache.get(id);
    }
    const row = await this.repo.findOne('${table}', { id });
    if (row) {
      this.cache.set(id, row);
    }
    return row;
  }

  async invite(email) {
    if (!/^[^@\\s]+@[^@\\s]+$/.test(email)) {
      throw new Error('invalid email');
    }
${token}
    await this.repo.insert('${res}_invites', { email, token: inviteToken, created_at: this.clock.now() });
    return inviteToken;
  }

  async archive(id, reason) {
    const row = await this.find(id);
    if (!row) {
      return false;
    }
    await this.repo.update('${table}', { id }, { status: 'archived', notes: String(reason).slice(0, 200) });
    this.cache.delete(id);
    return true;
  }
}`), 4);
  },
  // Running a tool (flawed: exec with a concatenated command line)
  g => {
    const name = g.names.unique(g.rng.pick(['listDirectory', 'archiveFolder', 'diskUsage', 'gitSummary']));
    const flawed = g.flaw();
    const body = flawed
      ? block(`
  return new Promise((resolve, reject) => {
    exec("ls -la " + dir, { timeout: 5000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });`)
      : block(`
  return new Promise((resolve, reject) => {
    execFile('ls', ['-la', '--', dir], { timeout: 5000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });`);
    return unit([
      `async function ${name}(dir) {`,
      '  const resolved = path.resolve(UPLOAD_ROOT, dir);',
      '  if (!resolved.startsWith(UPLOAD_ROOT + path.sep)) {',
      "    throw new Error('outside the upload root');",
      '  }',
      ...body,
      '}',
    ], 2);
  },
  // Rendering into the page (flawed: innerHTML with markup built from data)
  g => {
    const res = g.rng.pick(RESOURCES);
    const name = g.names.unique('render' + cap(res) + 'Card');
    const flawed = g.flaw();
    const body = flawed
      ? block(`
  const html = '<h3>' + item.title + '</h3><p>' + item.notes + '</p>';
  el.innerHTML = html;`)
      : block(`
  const heading = document.createElement('h3');
  heading.textContent = item.title;
  const notes = document.createElement('p');
  notes.textContent = item.notes;
  el.replaceChildren(heading, notes);`);
    return unit([
      `function ${name}(el, item) {`,
      '  if (!el || !item) {',
      '    return;',
      '  }',
      `  el.classList.add('${res}-card');`,
      ...body,
      `  el.dataset.id = String(item.id);`,
      '}',
    ], 2);
  },
  // Evaluating a user-supplied rule (flawed: eval)
  g => {
    const name = g.names.unique('evaluate' + cap(g.rng.pick(['rule', 'filter', 'formula', 'expression'])));
    const flawed = g.flaw();
    const body = flawed
      ? ['  const code = String(input.expression);', '  const result = eval(code);']
      : ['  const spec = JSON.parse(String(input.expression));', "  const result = spec.op === 'gt' ? context[spec.field] > spec.value : context[spec.field] === spec.value;"];
    return unit([
      `function ${name}(input, context) {`,
      "  if (!input || typeof input.expression !== 'string') {",
      "    throw new TypeError('expression required');",
      '  }',
      ...body,
      '  return Boolean(result);',
      '}',
    ], 2);
  },
  // An HTTPS client (flawed: certificate checks off)
  g => {
    const name = g.names.unique(g.rng.pick(['partner', 'billing', 'geo', 'mail', 'search']) + 'Agent');
    const flawed = g.flaw();
    return unit(block(`
const ${name} = new https.Agent({
  keepAlive: true,
  maxSockets: ${g.rng.pick([8, 16, 32])},
  rejectUnauthorized: ${flawed ? 'false' : 'true'},
});`));
  },
  // Configuration block
  g => {
    const name = g.names.unique(g.rng.pick(['RETRY', 'CACHE', 'LIMITS', 'FEATURES', 'TIMEOUTS']) + '_CONFIG');
    const keys = g.rng.sample(WORDS, g.rng.int(3, 7));
    return unit([
      `const ${name} = Object.freeze({`,
      ...keys.map(k => `  ${k}: ${g.rng.chance(0.5) ? g.rng.int(1, 5000) : `'${g.rng.pick(WORDS)}'`},`),
      '});',
    ]);
  },
  // Middleware
  g => {
    const name = g.names.unique(g.rng.pick(['requestTimer', 'tenantGuard', 'jsonOnly', 'auditTrail']));
    return unit(block(`
function ${name}(req, res, next) {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    metrics.timing('http.${name}', elapsedMs, { route: req.route ? req.route.path : 'unknown' });
  });
  if (req.method !== 'GET' && !req.is('application/json')) {
    return res.status(415).json({ error: 'JSON only' });
  }
  return next();
}
router.use(${name});`), 2);
  },
  // Session tokens (flawed: Math.random)
  g => {
    const name = g.names.unique('new' + cap(g.rng.pick(['session', 'reset', 'api', 'csrf'])) + 'Token');
    const flawed = g.flaw();
    return unit([
      `/**`,
      ` * A fresh ${name.replace(/^new|Token$/g, '').toLowerCase()} token for the given user.`,
      ` * @param {string} userId`,
      ` */`,
      `function ${name}(userId) {`,
      flawed ? "  const token = Math.random().toString(36).substring(2) + Date.now().toString(36);" : "  const token = crypto.randomBytes(32).toString('base64url');",
      `  logger.debug('token issued', { userId });`,
      '  return token;',
      '}',
    ], 2);
  },
];

// --- Python -----------------------------------------------------------------------------------------

const PY_HEADER = block(`
"""Generated by bench/lsp-latency.mjs: a Flask/Django-style service module, for the live-editing benchmark."""
import json
import logging
import os
import pickle
import random
import secrets
import sqlite3
import subprocess

import requests
import yaml
from flask import Blueprint, abort, jsonify, request
from django.http import JsonResponse
from django.views import View

logger = logging.getLogger(__name__)
bp = Blueprint("api", __name__)
DATABASE = os.environ.get("APP_DB", "app.sqlite3")
PAGE_SIZE_MAX = 100


def get_db():
    conn = sqlite3.connect(DATABASE)
    conn.row_factory = sqlite3.Row
    return conn
`);

const PY_FOOTER = block(`
__all__ = ["bp"]
`);

const pyList = xs => '[' + xs.map(x => `"${x}"`).join(', ') + ']';

const PY_UNITS = [
  // Flask route by id (flawed: SQL by concatenation)
  g => {
    const res = g.rng.pick(RESOURCES);
    const table = plural(res);
    const fn = g.names.unique(`get_${res}`);
    const cols = g.rng.sample(FIELDS, g.rng.int(3, 6));
    const flawed = g.flaw();
    const query = flawed
      ? `    cursor.execute("SELECT ${cols.join(', ')} FROM ${table} WHERE name = '" + name + "'")`
      : `    cursor.execute("SELECT ${cols.join(', ')} FROM ${table} WHERE name = ?", (name,))`;
    return unit([
      `@bp.route("/api/${table}/<name>")`,
      `def ${fn}(name):`,
      '    if not name or len(name) > 128:',
      `        abort(400, "invalid ${res} name")`,
      '    conn = get_db()',
      '    cursor = conn.cursor()',
      query,
      '    row = cursor.fetchone()',
      '    if row is None:',
      '        abort(404)',
      ...(g.rng.chance(0.5) ? [`    logger.info("${res} read: %s", name)`] : []),
      `    return jsonify({${cols.map(c => `"${c}": row["${c}"]`).join(', ')}})`,
    ], 4);
  },
  // Flask list with pagination and a whitelisted sort column
  g => {
    const res = g.rng.pick(RESOURCES);
    const table = plural(res);
    const fn = g.names.unique(`list_${table}`);
    const sortable = g.rng.sample(FIELDS, 3);
    return unit(block(`
@bp.route("/api/${table}")
def ${fn}():
    limit = min(int(request.args.get("limit", 20)), PAGE_SIZE_MAX)
    offset = max(int(request.args.get("offset", 0)), 0)
    sort = request.args.get("sort", "${sortable[0]}")
    if sort not in ${pyList(sortable)}:
        sort = "${sortable[0]}"
    conn = get_db()
    rows = conn.execute(
        "SELECT * FROM ${table} ORDER BY " + sort + " LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    total = conn.execute("SELECT COUNT(*) FROM ${table}").fetchone()[0]
    return jsonify({"items": [dict(r) for r in rows], "limit": limit, "offset": offset, "total": total})`), 4);
  },
  // Django class-based view
  g => {
    const res = g.rng.pick(RESOURCES);
    const cls = g.names.unique(cap(res) + 'View');
    const fields = g.rng.sample(FIELDS.filter(f => f !== 'id'), g.rng.int(2, 5));
    return unit([
      `class ${cls}(View):`,
      `    http_method_names = ["get", "post"]`,
      '',
      '    def get(self, request, pk):',
      `        obj = self.model.objects.filter(pk=pk).values(${fields.map(f => `"${f}"`).join(', ')}).first()`,
      '        if obj is None:',
      '            return JsonResponse({"error": "not found"}, status=404)',
      '        return JsonResponse(obj)',
      '',
      '    def post(self, request, pk):',
      '        try:',
      '            payload = json.loads(request.body or b"{}")',
      '        except ValueError:',
      '            return JsonResponse({"error": "invalid JSON"}, status=400)',
      '        errors = {}',
      ...fields.flatMap(f => [
        `        if not isinstance(payload.get("${f}"), str):`,
        `            errors["${f}"] = "required"`,
      ]),
      '        if errors:',
      '            return JsonResponse({"errors": errors}, status=422)',
      `        self.model.objects.filter(pk=pk).update(${fields.map(f => `${f}=payload["${f}"]`).join(', ')})`,
      `        logger.info("${res} %s updated by %s", pk, request.user)`,
      '        return JsonResponse({"ok": True})',
    ], 8);
  },
  // Small pure helpers
  g => {
    const kind = g.rng.int(0, 3);
    if (kind === 0) {
      const fn = g.names.unique('slugify_' + g.rng.pick(WORDS));
      return unit(block(`
def ${fn}(text, max_length=64):
    out = []
    for ch in str(text).lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:max_length]`), 4);
    }
    if (kind === 1) {
      const fn = g.names.unique('chunked_' + g.rng.pick(WORDS));
      return unit(block(`
def ${fn}(items, size):
    if size <= 0:
        raise ValueError("size must be positive")
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch`), 4);
    }
    if (kind === 2) {
      const fn = g.names.unique('format_' + g.rng.pick(['amount', 'price', 'total', 'balance']));
      return unit(block(`
def ${fn}(cents, currency="${g.rng.pick(['EUR', 'USD', 'GBP'])}"):
    try:
        value = int(cents) / 100
    except (TypeError, ValueError):
        return "-"
    return f"{value:,.2f} {currency}"`), 4);
    }
    const fn = g.names.unique('parse_' + g.rng.pick(WORDS));
    return unit(block(`
def ${fn}(raw, default=0, low=0, high=${g.rng.pick([100, 1000, 10000])}):
    """Parse an integer query parameter, clamped to [low, high]."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))`), 4);
  },
  // Running a tool (flawed: shell=True with a built command)
  g => {
    const fn = g.names.unique(g.rng.pick(['convert_upload', 'make_thumbnail', 'compress_report', 'git_summary']));
    const flawed = g.flaw();
    const body = flawed
      ? ['    cmd = "convert " + source + " -resize 200x200 " + target', '    return subprocess.call(cmd, shell=True)']
      : ['    args = ["convert", source, "-resize", "200x200", target]', '    return subprocess.run(args, check=True, timeout=30).returncode'];
    return unit([
      `def ${fn}(source, target):`,
      '    if not os.path.isfile(source):',
      '        raise FileNotFoundError(source)',
      ...body,
    ], 4);
  },
  // Loading settings (flawed: yaml.load)
  g => {
    const fn = g.names.unique('load_' + g.rng.pick(['settings', 'pipeline', 'fixtures', 'manifest']));
    const flawed = g.flaw();
    return unit([
      `def ${fn}(path):`,
      '    with open(path, encoding="utf-8") as handle:',
      flawed ? '        data = yaml.load(handle, Loader=yaml.Loader)' : '        data = yaml.safe_load(handle)',
      '    if not isinstance(data, dict):',
      '        raise ValueError("expected a mapping")',
      '    return data',
    ], 4);
  },
  // Restoring cached state (flawed: pickle.loads)
  g => {
    const fn = g.names.unique('restore_' + g.rng.pick(['cart', 'draft', 'preferences', 'session']));
    const flawed = g.flaw();
    return unit([
      `@bp.route("/api/${fn.replace(/^restore_/, '')}/restore", methods=["POST"])`,
      `def ${fn}():`,
      '    blob = request.get_data()',
      '    if len(blob) > 65536:',
      '        abort(413)',
      flawed ? '    state = pickle.loads(blob)' : '    state = json.loads(blob.decode("utf-8"))',
      '    return jsonify({"restored": len(state)})',
    ], 4);
  },
  // Calling a partner API (flawed: verify=False)
  g => {
    const fn = g.names.unique('fetch_' + g.rng.pick(['rates', 'geo', 'weather', 'invoices', 'catalog']));
    const flawed = g.flaw();
    return unit([
      `def ${fn}(base_url, key):`,
      '    url = base_url.rstrip("/") + "/v1/data"',
      flawed
        ? '    response = requests.get(url, params={"key": key}, timeout=10, verify=False)'
        : '    response = requests.get(url, params={"key": key}, timeout=10)',
      '    response.raise_for_status()',
      '    return response.json()',
    ], 4);
  },
  // A model-ish class
  g => {
    const res = g.rng.pick(RESOURCES);
    const cls = g.names.unique(cap(res) + 'Record');
    const fields = g.rng.sample(FIELDS, g.rng.int(3, 6));
    return unit([
      `class ${cls}:`,
      `    """A ${res} row as the service sees it."""`,
      '',
      `    __slots__ = (${fields.map(f => `"${f}"`).join(', ')},)`,
      '',
      `    def __init__(self, ${fields.join(', ')}):`,
      ...fields.map(f => `        self.${f} = ${f}`),
      '',
      '    def to_dict(self):',
      `        return {${fields.map(f => `"${f}": self.${f}`).join(', ')}}`,
      '',
      '    @classmethod',
      '    def from_row(cls, row):',
      `        return cls(${fields.map(f => `row["${f}"]`).join(', ')})`,
    ], 8);
  },
  // Configuration constants
  g => {
    const name = g.names.unique(g.rng.pick(['RETRY', 'CACHE', 'LIMITS', 'FEATURES', 'TIMEOUTS']) + '_CONFIG');
    const keys = g.rng.sample(WORDS, g.rng.int(3, 7));
    return unit([
      `${name} = {`,
      ...keys.map(k => `    "${k}": ${g.rng.chance(0.5) ? g.rng.int(1, 5000) : `"${g.rng.pick(WORDS)}"`},`),
      '}',
    ]);
  },
  // Tokens (flawed: random module)
  g => {
    const fn = g.names.unique('new_' + g.rng.pick(['session', 'reset', 'api', 'csrf']) + '_token');
    const flawed = g.flaw();
    return unit([
      `def ${fn}(user_id):`,
      `    """A fresh token for ${fn.replace(/^new_|_token$/g, '')}."""`,
      flawed
        ? '    token = "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))'
        : '    token = secrets.token_urlsafe(32)',
      '    logger.debug("token issued for %s", user_id)',
      '    return token',
    ], 4);
  },
];

/** A deterministic file of exactly `lineCount` lines: header, units separated by blank lines, footer. */
function generateFile(language, seed, lineCount) {
  const rng = new Rng(seed);
  const flawRate = 0.12;
  const g = { rng, names: new Names(), flaws: 0, flaw: () => (rng.chance(flawRate) ? (g.flaws++, true) : false) };
  const units = language === 'javascript' ? JS_UNITS : PY_UNITS;
  const header = unit(language === 'javascript' ? JS_HEADER : PY_HEADER, language === 'javascript' ? undefined : 4);
  const footer = unit(language === 'javascript' ? JS_FOOTER : PY_FOOTER);
  const sep = language === 'python' ? 2 : 1;
  const lines = [...header];
  const room = () => lineCount - footer.length - 1 - lines.length;
  for (let misses = 0; misses < 50;) {
    const u = rng.pick(units)(g);
    if (u.length + sep > room()) {
      misses++;
      continue;
    }
    for (let i = 0; i < sep; i++) lines.push({ text: '', tag: 'blank' });
    lines.push(...u);
  }
  const comment = language === 'javascript' ? '//' : '#';
  while (room() > 0) lines.push(room() % 4 === 0 ? { text: `${comment} ${rng.pick(WORDS)} ${rng.pick(WORDS)} section`, tag: 'top' } : { text: '', tag: 'blank' });
  lines.push({ text: '', tag: 'blank' }, ...footer);
  return { language, lines: lines.map(l => l.text), tags: lines.map(l => l.tag), flaws: g.flaws };
}

// ---------------------------------------------------------------------------------------------------
// Edits, as a person types them: one range change on one line, applied to our own copy of the text too.

const KEYWORDS = {
  javascript: new Set(('break case catch class const continue debugger default delete do else export extends finally for function if import in ' +
    'instanceof let new return super switch this throw try typeof var void while with yield async await of static get set null true false ' +
    'undefined require module exports use strict enum implements interface package private protected public').split(' ')),
  python: new Set(('False None True and as assert async await break class continue def del elif else except finally for from global if import in ' +
    'is lambda nonlocal not or pass raise return try while with yield self cls match case print').split(' ')),
};
const BREAKERS = ['(', '"', "'", '[', '{', ',', '.', ':', '=', ')'];

class EditModel {
  constructor(file, rng) {
    this.file = file;
    this.rng = rng;
    this.fnLines = [];
    this.topLines = [];
    file.tags.forEach((t, i) => (t === 'fn' ? this.fnLines : t === 'top' ? this.topLines : null)?.push(i));
    this.pendingRevert = undefined;
  }

  words(line) {
    const out = [];
    for (const m of this.file.lines[line].matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      const escaped = m.index > 0 && this.file.lines[line][m.index - 1] === '\\'; // \u0300, \s: not a word
      if (m[0].length >= 2 && !escaped && !KEYWORDS[this.file.language].has(m[0])) out.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
    }
    return out;
  }

  pickLine(where) {
    const list = where === 'fn' || !this.topLines.length ? this.fnLines : this.topLines;
    return list[Math.floor(this.rng.next() * list.length)];
  }

  change(line, start, end, text) {
    const old = this.file.lines[line];
    this.file.lines[line] = old.slice(0, start) + text + old.slice(end);
    return { range: { start: { line, character: start }, end: { line, character: end } }, text };
  }

  /** The next edit; `last` true when no edit may follow (so a syntax-breaking edit is not started). */
  next(last) {
    if (this.pendingRevert) {
      const { line, col } = this.pendingRevert;
      this.pendingRevert = undefined;
      return { kind: 'undo-break', line, tag: this.file.tags[line], change: this.change(line, col, col + 1, '') };
    }
    for (;;) {
      const where = this.rng.chance(0.85) ? 'fn' : 'top';
      const line = this.pickLine(where);
      const tag = this.file.tags[line];
      const roll = this.rng.next();
      if (roll < 0.04 && !last) {
        const text = this.file.lines[line];
        const indent = text.length - text.trimStart().length;
        const col = this.rng.int(indent, text.length);
        this.pendingRevert = { line, col };
        return { kind: 'break', line, tag, change: this.change(line, col, col, this.rng.pick(BREAKERS)) };
      }
      const words = this.words(line);
      if (!words.length) continue;
      const w = this.rng.pick(words);
      if (roll < 0.45) {
        const at = this.rng.int(w.start + 1, w.end);
        return { kind: 'insert', line, tag, change: this.change(line, at, at, String.fromCharCode(97 + this.rng.int(0, 25))) };
      }
      if (roll < 0.72) {
        if (w.word.length < 3) continue;
        const at = this.rng.int(w.start + 1, w.end - 1);
        const after = w.word.slice(0, at - w.start) + w.word.slice(at - w.start + 1);
        if (KEYWORDS[this.file.language].has(after)) continue;
        return { kind: 'delete', line, tag, change: this.change(line, at, at + 1, '') };
      }
      const replacement = this.rng.pick(WORDS.filter(x => x !== w.word && x.length <= 8));
      return { kind: 'replace', line, tag, change: this.change(line, w.start, w.end, replacement) };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The client: a child process and a protocol connection, as an editor would have.

class Client extends EventEmitter {
  constructor(workspace, { trusted, cpuProf, warmLanguages = [] }) {
    super();
    this.warmLanguages = warmLanguages;
    this.workspace = workspace;
    this.trusted = trusted;
    this.publishes = new Map(); // uri -> [{ t, version, diagnostics }]
    this.logs = [];
    this.ruleFailures = [];
    this.stderr = '';
    // As an editor does: run the `skeptic` executable itself (its shebang carries the server's node flags).
    // With --cpu-prof, node is started explicitly with those flags added.
    const nodeArgs = cpuProf ? ['--max-semi-space-size=4', '--cpu-prof', '--cpu-prof-dir', cpuProf] : undefined;
    this.proc = nodeArgs
      ? spawn(process.execPath, [...nodeArgs, SKEPTIC, 'lsp', '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] })
      // skeptic-ignore-next-line command-program-from-variable: this repository's own bin/skeptic, never outside input
      : spawn(SKEPTIC, ['lsp', '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise(resolve => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.proc.stderr.on('data', d => (this.stderr += d));
    this.proc.stdin.on('error', () => undefined); // a server that died is reported by the waits
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', p => {
      const t = performance.now();
      let list = this.publishes.get(p.uri);
      if (!list) this.publishes.set(p.uri, (list = []));
      list.push({ t, version: p.version, diagnostics: p.diagnostics });
      this.emit('publish', p.uri);
    });
    this.conn.onNotification('window/logMessage', p => this.logs.push(p.message));
    this.conn.onNotification('window/showMessage', p => this.logs.push(p.message));
    this.conn.onNotification('skeptic/ruleFailed', p => this.ruleFailures.push(p));
    this.conn.onRequest('workspace/configuration', p => p.items.map(() => null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onError(() => undefined);
    this.conn.onClose(() => undefined);
    this.conn.listen();
    this.versions = new Map();
  }

  get pid() {
    return this.proc.pid;
  }

  async initialize() {
    const root = pathToFileURL(this.workspace).href;
    const result = await withTimeout(this.conn.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'skeptic-lsp-latency-bench' },
      rootUri: root,
      workspaceFolders: [{ uri: root, name: path.basename(this.workspace) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
        },
      },
      // As the VS Code client does: name the languages about to be opened, so their rules compile during initialize.
      initializationOptions: { workspaceTrusted: this.trusted, warmLanguages: this.warmLanguages },
    }), 60_000, 'initialize');
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  uri(file) {
    return pathToFileURL(file).href;
  }

  open(uri, languageId, text) {
    this.versions.set(uri, 1);
    const t = performance.now();
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return t;
  }

  change(uri, contentChange) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    const t = performance.now();
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [contentChange] });
    return { version, t };
  }

  list(uri) {
    return this.publishes.get(uri) ?? [];
  }

  /** Resolves with the first publish for `uri` (from index `from`) that satisfies `accept`; undefined on timeout. */
  waitFor(uri, accept, ms, from = 0) {
    const find = () => this.list(uri).slice(from).find(accept);
    const hit = find();
    if (hit) return Promise.resolve(hit);
    return new Promise(resolve => {
      const done = value => {
        clearTimeout(timer);
        this.off('publish', onPublish);
        this.proc.off('exit', onExit);
        resolve(value);
      };
      const onPublish = u => {
        if (u !== uri) return;
        const h = find();
        if (h) done(h);
      };
      const onExit = () => done(undefined);
      const timer = setTimeout(() => done(undefined), ms);
      this.on('publish', onPublish);
      this.proc.on('exit', onExit);
    });
  }

  /** Resolves once no diagnostics have been published for `quietMs` (or after `maxMs`). */
  async quiet(quietMs, maxMs = 10_000) {
    const end = performance.now() + maxMs;
    for (;;) {
      let last = 0;
      for (const list of this.publishes.values()) if (list.length) last = Math.max(last, list[list.length - 1].t);
      const wait = last + quietMs - performance.now();
      if (wait <= 0 || performance.now() > end) return;
      await sleep(Math.min(wait, end - performance.now()) + 5);
    }
  }

  memory() {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = key => Number((status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) ?? [])[1]);
      return { vmRssKb: kb('VmRSS'), vmHwmKb: kb('VmHWM') };
    } catch {
      return { vmRssKb: NaN, vmHwmKb: NaN };
    }
  }

  /** shutdown + exit; kills the process if it does not go. Returns how it ended. */
  async stop() {
    const outcome = { shutdownAnswered: false, shutdownMs: null, exitedByItself: false, killed: false, code: null, signal: null };
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      try {
        const t = performance.now();
        await withTimeout(this.conn.sendRequest('shutdown'), STOP_WAIT_MS, 'shutdown');
        outcome.shutdownAnswered = true;
        outcome.shutdownMs = performance.now() - t;
        await this.conn.sendNotification('exit');
      } catch {
        // no answer: killed below
      }
      const ended = await Promise.race([this.exited, sleep(STOP_WAIT_MS).then(() => undefined)]);
      if (ended) outcome.exitedByItself = true;
      else {
        outcome.killed = true;
        this.proc.kill('SIGKILL');
      }
    }
    const { code, signal } = await this.exited;
    Object.assign(outcome, { code, signal });
    this.conn.dispose();
    return outcome;
  }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, Math.max(0, ms)));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Measurements

/** didOpen → first publishDiagnostics for the document. */
async function timeOpen(client, file, fileState) {
  const uri = client.uri(file);
  const text = fileState.lines.join('\n') + '\n';
  const t0 = client.open(uri, fileState.language, text);
  const first = await client.waitFor(uri, () => true, 30_000);
  return { uri, ms: first ? first.t - t0 : NaN, version: first?.version, diagnostics: first?.diagnostics.length ?? NaN };
}

/**
 * Types `count` edits into the open document, paced 30–60 ms apart (jittered), plus a pause of 450–700 ms
 * after about 2% of them, and after half of the syntax-breaking ones (a typist stops to think; the server's
 * settle re-parse runs then). Every didChange is sent on schedule, whether or not the previous one was
 * answered, as an editor does. Does not wait for the answers: see drain().
 */
async function typeEdits(client, uri, fileState, count, rng) {
  const model = new EditModel(fileState, rng);
  const sent = [];
  for (let i = 0; i < count; i++) {
    const edit = model.next(i === count - 1);
    const gapBefore = i === 0 ? Infinity : sent[i - 1].gapAfter;
    const { version, t } = client.change(uri, edit.change);
    const pause = i < count - 1 && rng.chance(edit.kind === 'break' ? 0.5 : 0.02);
    const gapAfter = i === count - 1 ? 0 : pause ? rng.int(450, 700) : rng.int(30, 60);
    sent.push({ version, t, kind: edit.kind, tag: edit.tag, line: edit.change.range.start.line, gapBefore, gapAfter });
    if (gapAfter) await sleep(gapAfter);
  }
  return sent;
}

/**
 * Waits for the diagnostics of each document's last version, up to DRAIN_MS in all. A server slower than
 * the typing falls behind; rather than wait out its backlog the run records the rest as unanswered.
 * Returns true when everything was answered.
 */
async function drain(client, lastVersions) {
  const deadline = performance.now() + DRAIN_MS;
  let all = true;
  for (const [uri, version] of lastVersions) {
    const hit = await client.waitFor(uri, p => p.version >= version, Math.max(0, deadline - performance.now()));
    if (!hit) all = false;
  }
  return all;
}

/**
 * Latencies for the edits sent, from the publishes received: the first publish for a version counts
 * (a second one ~400 ms later is the settle re-parse). serviceMs removes the queueing: the time from
 * when the server could start on the change (sent, and the previous version published) to its publish.
 */
function matchEdits(client, uri, sent) {
  const list = client.list(uri);
  const first = new Map();
  const count = new Map();
  for (const p of list) {
    if (!first.has(p.version)) first.set(p.version, p);
    count.set(p.version, (count.get(p.version) ?? 0) + 1);
  }
  let outOfOrder = 0;
  for (let i = 1; i < list.length; i++) if (typeof list[i].version === 'number' && list[i].version < list[i - 1].version) outOfOrder++;
  const now = performance.now();
  const edits = sent.map((s, i) => {
    // The server coalesces edits that arrive while it is busy: version N is answered by the first publish
    // of any version >= N.
    const answer = v => list.find(q => typeof q.version === 'number' && q.version >= v);
    const p = answer(s.version);
    const prev = i > 0 ? answer(sent[i - 1].version) : undefined;
    const settle = (count.get(s.version) ?? 0) > 1 ? list.filter(q => q.version === s.version)[1] : undefined;
    return {
      ...s,
      latencyMs: p ? p.t - s.t : null,
      // unanswered when the run stopped waiting: its latency is at least this
      latencyAtLeastMs: p ? undefined : now - s.t,
      serviceMs: p && (i === 0 || prev) ? p.t - Math.max(s.t, prev?.t ?? -Infinity) : null,
      publishes: count.get(s.version) ?? 0,
      settleMs: settle ? settle.t - s.t : null,
    };
  });
  // Two publishes of one version close together (a settle re-publish comes ~400 ms after the first) suggest
  // the first was labelled with a version newer than the text it was computed from.
  const doubled = [...count.entries()].filter(([v, c]) => c > 1 && list.filter(q => q.version === v)[1].t - first.get(v).t < 200).map(([v]) => v);
  return { edits, outOfOrder, doubled, unanswered: edits.filter(e => e.latencyMs === null).length };
}

/**
 * Nearest-rank percentiles of latencies. An entry is a number, or { atLeast } for an edit never answered
 * (its true latency is at least that); NaN, null and undefined are left out. A percentile that an
 * unanswered edit could move is reported as a lower bound ({ value, atLeast: true }), never as exact.
 */
function stats(values) {
  const v = values.filter(x => (typeof x === 'number' && Number.isFinite(x)) || (x && typeof x === 'object'))
    .map(x => (typeof x === 'number' ? { value: x, exact: true } : { value: x.atLeast, exact: false }))
    .sort((a, b) => a.value - b.value);
  if (!v.length) return { n: 0, p50: NaN, p95: NaN, max: NaN, unanswered: 0 };
  const lowestBound = Math.min(...v.filter(x => !x.exact).map(x => x.value));
  const q = p => {
    const x = v[Math.min(v.length - 1, Math.max(0, Math.ceil(p * v.length) - 1))];
    // exact when every unanswered edit is known to be slower than this one
    return x.exact && lowestBound >= x.value ? x.value : { atLeast: x.value };
  };
  return { n: v.length, p50: q(0.5), p95: q(0.95), max: q(1), unanswered: v.filter(x => !x.exact).length };
}

/** A latency for stats(): the exact figure, or its lower bound when never answered. */
const latencyOf = e => (e.latencyMs !== null ? e.latencyMs : e.latencyAtLeastMs !== undefined ? { atLeast: e.latencyAtLeastMs } : NaN);

/** Rules `skeptic rules --format json` lists (with the extra folders), in total and per language. */
function countRules(ruleDirs) {
  const r = spawnSync(process.execPath, [SKEPTIC, 'rules', '--format', 'json', ...ruleDirs.flatMap(d => ['--rules', d])], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`skeptic rules failed (${r.status}): ${r.stderr}`);
  const rules = JSON.parse(r.stdout);
  const per = lang => rules.filter(x => (x.languages ?? []).includes(lang)).length;
  return { total: rules.length, javascript: per('javascript'), python: per('python') };
}

/** `skeptic scan` of the files in `dir`: path -> set of "rule@l:c-l:c" keys (0-based, as LSP ranges). */
function scanFindings(dir, ruleDirs) {
  const r = spawnSync(process.execPath, [SKEPTIC, 'scan', dir, '--format', 'json', '--severity', 'info', ...ruleDirs.flatMap(d => ['--rules', d])], { cwd: REPO, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`skeptic scan failed (${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  const out = new Map();
  for (const f of report.findings) {
    const key = path.resolve(f.path);
    if (!out.has(key)) out.set(key, new Set());
    out.get(key).add(`${f.ruleId}@${f.startLine - 1}:${f.startColumn - 1}-${f.endLine - 1}:${f.endColumn - 1}`);
  }
  return { findings: out, skipped: report.skipped ?? [] };
}

const diagKeys = diagnostics => new Set(diagnostics.filter(d => d.code !== 'live-analysis-skipped').map(d => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`));

function compareSets(server, scan) {
  const onlyServer = [...server].filter(k => !scan.has(k));
  const onlyScan = [...scan].filter(k => !server.has(k));
  return { server: server.size, scan: scan.size, onlyServer, onlyScan, equal: !onlyServer.length && !onlyScan.length };
}

// ---------------------------------------------------------------------------------------------------
// Report

const fmtMs = x => {
  if (x && typeof x === 'object') return `≥ ${fmtMs(x.atLeast)} (unanswered)`;
  if (!Number.isFinite(x)) return 'n/a';
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
};
const fmtMb = kb => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(1)} MB` : 'n/a');

function table(rows, header) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map(r => String(r[i] ?? '').length)));
  const line = r => r.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function verdict(values, limit) {
  const v = values.filter(x => (typeof x === 'number' && !Number.isNaN(x)) || (x && typeof x === 'object'));
  if (!v.length) return 'no data';
  const known = x => (typeof x === 'number' ? x : x.atLeast); // a lower bound above the limit still decides
  if (v.some(x => known(x) > limit)) return 'NOT met';
  return v.every(x => typeof x === 'number') ? 'met' : 'unknown';
}

// ---------------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const notes = [];
  const out = { generatedAt: new Date().toISOString(), options: { ...opts }, machine: { cpus: os.cpus().length, node: process.version, platform: `${os.type()} ${os.release()}` }, targets: TARGETS };
  const say = s => process.stdout.write(s + '\n');

  const rules = countRules(opts.rules);
  out.rules = { ...rules, source: opts.rules.length ? `dist/rules.json + ${opts.rules.map(d => path.relative(REPO, d) || '.').join(', ')}` : 'dist/rules.json' };
  say(`Skeptic language server, live editing — ${rules.total} rules (${rules.javascript} JavaScript, ${rules.python} Python) from ${out.rules.source}`);
  for (const l of LANGS) if (!rules[l]) notes.push(`no ${LANG_NAME[l]} rule is loaded: the ${LANG_NAME[l]} figures measure parsing and publishing only.`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-lsp-bench-'));
  const scanDir = path.join(tmp, 'scan'); // outside the workspaces: no .skeptic.yaml there
  fs.mkdirSync(scanDir);
  const trusted = opts.rules.length > 0;
  const makeWorkspace = name => {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    if (trusted) fs.writeFileSync(path.join(dir, '.skeptic.yaml'), `ruleFolders:\n${opts.rules.map(d => `  - ${JSON.stringify(d)}`).join('\n')}\n`);
    return dir;
  };
  const clients = [];
  const servers = {};
  const finish = async (name, client) => {
    servers[name] = { stop: await client.stop(), logs: client.logs, ruleFailures: client.ruleFailures, stderr: client.stderr };
  };
  try {
    // ---- Phase 1: per language, a server with one file, opened then typed into ----------------------
    say(`Phase 1: per language, a new server, one ${opts.lines}-line file, didOpen, then ${opts.edits} paced edits…`);
    const perLang = {};
    for (const [li, language] of LANGS.entries()) {
      const ws = makeWorkspace(`workspace-${language}`);
      const client = new Client(ws, { trusted, cpuProf: opts.cpuProf, warmLanguages: [language] });
      clients.push(client);
      const t0 = performance.now();
      await client.initialize();
      const initializeMs = performance.now() - t0;
      const memoryAfterInitialize = client.memory();
      const state = generateFile(language, opts.seed + li, opts.lines);
      const text = state.lines.join('\n') + '\n';
      const file = path.join(ws, `app${EXT[language]}`);
      fs.writeFileSync(file, text);
      fs.writeFileSync(path.join(scanDir, `original${EXT[language]}`), text);
      const open = await timeOpen(client, file, state);
      const sent = await typeEdits(client, open.uri, state, opts.edits, new Rng(opts.seed * 7 + 1000 + li));
      const drained = await drain(client, [[open.uri, sent[sent.length - 1].version]]);
      if (drained) await client.quiet(SETTLE_QUIET_MS);
      const matched = matchEdits(client, open.uri, sent);
      const list = client.list(open.uri);
      const last = list[list.length - 1];
      fs.writeFileSync(path.join(scanDir, `edited${EXT[language]}`), state.lines.join('\n') + '\n');
      perLang[language] = {
        file: path.basename(file), lines: state.lines.length, bytes: Buffer.byteLength(text), flawsPlanted: state.flaws,
        initializeMs, memoryAfterInitialize, memoryAtEnd: client.memory(), drained,
        open, firstDiagnostics: list[0]?.diagnostics ?? [], finalDiagnostics: last?.diagnostics ?? [], finalVersion: last?.version,
        expectedFinalVersion: client.versions.get(open.uri), ...matched,
      };
      await finish(`phase 1 (${LANG_NAME[language]})`, client);
      const s = stats(matched.edits.map(latencyOf));
      say(`  ${LANG_NAME[language].padEnd(10)} open ${fmtMs(open.ms)} (${open.diagnostics} diagnostics); edits p50 ${fmtMs(s.p50)}, p95 ${fmtMs(s.p95)}, max ${fmtMs(s.max)}` +
        (matched.unanswered ? `; ${matched.unanswered} unanswered ${DRAIN_MS / 1000} s after the last edit` : ''));
    }
    // The server's view against `skeptic scan` of the same texts (before and after typing).
    const scanned = scanFindings(scanDir, opts.rules);
    for (const language of LANGS) {
      const p = perLang[language];
      p.consistency = {
        open: compareSets(diagKeys(p.firstDiagnostics), scanned.findings.get(path.join(scanDir, `original${EXT[language]}`)) ?? new Set()),
        afterEdits: p.drained ? compareSets(diagKeys(p.finalDiagnostics), scanned.findings.get(path.join(scanDir, `edited${EXT[language]}`)) ?? new Set()) : { checked: false },
      };
    }

    // ---- Phase 2: 20 files open, memory -----------------------------------------------------------
    const n = opts.memFiles;
    say(`Phase 2: a new server, ${2 * n} files open (${n} per language), then ${opts.memEdits} edits on each…`);
    const memWs = makeWorkspace('workspace-memory');
    const mem = new Client(memWs, { trusted, cpuProf: opts.cpuProf, warmLanguages: [...LANGS] });
    clients.push(mem);
    let sampledMaxRss = 0;
    const sampler = setInterval(() => {
      const m = mem.memory();
      if (Number.isFinite(m.vmRssKb)) sampledMaxRss = Math.max(sampledMaxRss, m.vmRssKb);
    }, 20);
    const phase2 = { files: 2 * n, opens: [], edits: [] };
    out.phase2 = phase2;
    try {
      await mem.initialize();
      phase2.memoryAfterInitialize = mem.memory();
      const docs = [];
      for (let i = 0; i < n; i++) {
        for (const [li, language] of LANGS.entries()) {
          const state = generateFile(language, opts.seed + 100 + 2 * i + li, opts.lines);
          const file = path.join(memWs, `module_${String(i).padStart(2, '0')}${EXT[language]}`);
          fs.writeFileSync(file, state.lines.join('\n') + '\n');
          const open = await timeOpen(mem, file, state);
          phase2.opens.push({ file: path.basename(file), language, ms: open.ms, diagnostics: open.diagnostics, cold: i === 0 });
          docs.push({ uri: open.uri, state, language });
        }
      }
      phase2.memoryAfterOpens = mem.memory();
      if (opts.memEdits > 0) {
        // A round of edits: file after file, as a person moving through them; then the answers.
        const sentPerDoc = [];
        for (const [di, d] of docs.entries()) {
          sentPerDoc.push(await typeEdits(mem, d.uri, d.state, opts.memEdits, new Rng(opts.seed * 13 + 5000 + di)));
          await sleep(new Rng(opts.seed + di).int(30, 60));
        }
        phase2.drained = await drain(mem, docs.map((d, di) => [d.uri, sentPerDoc[di][sentPerDoc[di].length - 1].version]));
        if (phase2.drained) await mem.quiet(SETTLE_QUIET_MS);
        for (const [di, d] of docs.entries()) phase2.edits.push(...matchEdits(mem, d.uri, sentPerDoc[di]).edits.map(e => ({ ...e, language: d.language })));
      } else phase2.drained = true;
      phase2.memoryAfterEdits = mem.memory();
    } finally {
      clearInterval(sampler);
    }
    phase2.sampledMaxRssKb = sampledMaxRss;
    await finish('phase 2', mem);

    // ---- Figures ----------------------------------------------------------------------------------
    out.languages = {};
    for (const language of LANGS) {
      const p = perLang[language];
      const warmOpens = phase2.opens.filter(o => o.language === language && !o.cold).map(o => o.ms);
      const svc = pred => stats(p.edits.filter(pred).map(e => e.serviceMs));
      out.languages[language] = {
        file: { lines: p.lines, bytes: p.bytes, flawsPlanted: p.flawsPlanted },
        initializeMs: p.initializeMs,
        openMs: p.open.ms,
        openDiagnostics: p.open.diagnostics,
        warmOpenMs: stats(warmOpens),
        changeLatencyMs: stats(p.edits.map(latencyOf)),
        changeLatencyAfterPauseMs: stats(p.edits.filter(e => e.gapBefore >= 400 && e.gapBefore !== Infinity).map(latencyOf)),
        serviceMs: {
          all: svc(() => true),
          inFunctions: svc(e => e.tag === 'fn'),
          topLevel: svc(e => e.tag !== 'fn'),
          ...Object.fromEntries(['insert', 'delete', 'replace', 'break', 'undo-break'].map(k => [k, svc(e => e.kind === k)])),
        },
        slowEdits: p.edits.filter(e => e.serviceMs !== null && e.serviceMs >= SLOW_EDIT_MS).length,
        settleRepublishes: p.edits.filter(e => e.settleMs !== null && !p.doubled.includes(e.version)).length,
        doubledPublishes: p.doubled,
        settleMs: stats(p.edits.filter(e => !p.doubled.includes(e.version)).map(e => e.settleMs ?? NaN)),
        unanswered: p.unanswered,
        outOfOrderPublishes: p.outOfOrder,
        finalVersion: p.finalVersion,
        expectedFinalVersion: p.expectedFinalVersion,
        memoryAfterInitialize: p.memoryAfterInitialize,
        memoryAtEnd: p.memoryAtEnd,
        consistency: p.consistency,
        memPhaseChangeLatencyMs: stats(phase2.edits.filter(e => e.language === language).map(latencyOf)),
        edits: p.edits.map(({ version, kind, tag, line, gapBefore, latencyMs, latencyAtLeastMs, serviceMs, publishes, settleMs }) => ({ version, kind, tag, line, gapBefore, latencyMs, latencyAtLeastMs, serviceMs, publishes, settleMs })),
      };
    }
    out.servers = servers;
    const peakKb = Math.max(phase2.memoryAfterOpens.vmHwmKb, phase2.memoryAfterEdits.vmHwmKb);

    // Observations: what looked wrong from outside.
    for (const language of LANGS) {
      const L = out.languages[language];
      const name = LANG_NAME[language];
      if (L.unanswered) {
        notes.push(`${name}: the server fell behind the typing: ${L.unanswered} of ${L.edits.length} edits had no diagnostics ${DRAIN_MS / 1000} s after the last one was sent ` +
          `(counted as unanswered, at least as slow as the wait); it works through every queued version in turn (${L.slowEdits} edits took ≥ ${SLOW_EDIT_MS} ms of server time each, typing is every ~45 ms).`);
      } else if (L.finalVersion !== L.expectedFinalVersion) notes.push(`${name}: last publish was for version ${L.finalVersion}, the document is at ${L.expectedFinalVersion}.`);
      if (L.doubledPublishes.length) {
        notes.push(`${name}: ${L.doubledPublishes.length} versions were published twice within 200 ms (versions ${L.doubledPublishes.slice(0, 5).join(', ')}${L.doubledPublishes.length > 5 ? ', …' : ''}): ` +
          'the first was probably computed from an older text and labelled with the newer version.');
      }
      if (L.outOfOrderPublishes) notes.push(`${name}: ${L.outOfOrderPublishes} publishes came with a lower version than the one before.`);
      if (perLang[language].open.version !== 1) notes.push(`${name}: first publish after didOpen had version ${perLang[language].open.version}, not 1.`);
      for (const [when, c] of [['on open', L.consistency.open], ['after the edits', L.consistency.afterEdits]]) {
        if (c.checked === false) notes.push(`${name}: diagnostics ${when} not compared with \`skeptic scan\` (the server had not caught up).`);
        else if (!c.equal) {
          notes.push(`${name}: diagnostics ${when} differ from \`skeptic scan\` of the same text: server ${c.server}, scan ${c.scan}; ` +
            `only in the server: ${c.onlyServer.slice(0, 4).join(', ') || '-'}${c.onlyServer.length > 4 ? ', …' : ''}; ` +
            `only in the scan: ${c.onlyScan.slice(0, 4).join(', ') || '-'}${c.onlyScan.length > 4 ? ', …' : ''}.`);
        }
      }
    }
    const m2unanswered = phase2.edits.filter(e => e.latencyMs === null).length;
    if (m2unanswered) notes.push(`memory phase: ${m2unanswered} of ${phase2.edits.length} edits had no diagnostics ${DRAIN_MS / 1000} s after the last edit was sent.`);
    for (const [name, p] of Object.entries(servers)) {
      if (!p.stop.shutdownAnswered || p.stop.killed || p.stop.code !== 0) {
        const behind = name === 'phase 2' ? !phase2.drained : LANGS.some(l => name.includes(LANG_NAME[l]) && !perLang[l].drained);
        notes.push(`${name}: server did not stop cleanly: ${JSON.stringify(p.stop)}` +
          (behind && !p.stop.shutdownAnswered ? ` — it had not caught up with the edits, and its answer to shutdown waits behind them.` : '.'));
      }
      if (p.ruleFailures.length) notes.push(`${name}: ${p.ruleFailures.length} skeptic/ruleFailed notifications, e.g. ${JSON.stringify(p.ruleFailures[0])}.`);
      const bad = p.logs.filter(l => /fail|error|skipped|exception/i.test(l));
      if (bad.length) notes.push(`${name}: server log: ${bad.slice(0, 3).map(l => l.split('\n')[0]).join(' | ')}${bad.length > 3 ? ` (+${bad.length - 3} more)` : ''}.`);
      if (p.stderr.trim()) notes.push(`${name}: server stderr: ${p.stderr.trim().split('\n').slice(0, 3).join(' | ')}.`);
    }
    if (LANGS.some(l => perLang[l].firstDiagnostics.some(d => d.code === 'live-analysis-skipped'))) {
      notes.push('live analysis was skipped for a benchmark file (see its diagnostic): the latencies do not measure analysis.');
    }

    // ---- Tables ------------------------------------------------------------------------------------
    const J = out.languages.javascript;
    const P = out.languages.python;
    const both = (f, fmt = fmtMs) => [fmt(f(J)), fmt(f(P))];
    const rows = [
      ['initialize (server start; compiles the named languages\' rules)', ...both(L => L.initializeMs), '', ''],
      ['didOpen → first diagnostics, first file (cold server)', ...both(L => L.openMs), `≤ ${TARGETS.openMs} ms`, verdict([J.openMs, P.openMs], TARGETS.openMs)],
      [`didOpen → first diagnostics, next ${n - 1} file${n === 2 ? '' : 's'} (warm), max`, ...both(L => L.warmOpenMs.max), `≤ ${TARGETS.openMs} ms`, verdict([J.warmOpenMs.max, P.warmOpenMs.max], TARGETS.openMs)],
      [`didChange → diagnostics, p50 (${opts.edits} edits)`, ...both(L => L.changeLatencyMs.p50), '', ''],
      ['didChange → diagnostics, p95', ...both(L => L.changeLatencyMs.p95), `≤ ${TARGETS.changeP95Ms} ms`, verdict([J.changeLatencyMs.p95, P.changeLatencyMs.p95], TARGETS.changeP95Ms)],
      ['didChange → diagnostics, max', ...both(L => L.changeLatencyMs.max), '', ''],
      [`didChange → diagnostics, p95, ${2 * n} files open`, ...both(L => L.memPhaseChangeLatencyMs.p95), '', ''],
      [`Peak RSS (VmHWM), ${2 * n} files open, after opens`, fmtMb(phase2.memoryAfterOpens.vmHwmKb), '', `≤ ${TARGETS.rssMb} MB`, verdict([phase2.memoryAfterOpens.vmHwmKb / 1024], TARGETS.rssMb)],
      [`Peak RSS (VmHWM), ${2 * n} files open, after edits`, fmtMb(phase2.memoryAfterEdits.vmHwmKb), '', `≤ ${TARGETS.rssMb} MB`, verdict([phase2.memoryAfterEdits.vmHwmKb / 1024], TARGETS.rssMb)],
      ['RSS (VmRSS) after opens / after edits', `${fmtMb(phase2.memoryAfterOpens.vmRssKb)} / ${fmtMb(phase2.memoryAfterEdits.vmRssKb)}`, '', '', ''],
      ['RSS (VmRSS) of the idle server, after initialize', fmtMb(phase2.memoryAfterInitialize.vmRssKb), '', '', ''],
    ];
    say('');
    say(table(rows, ['measure', 'JavaScript', 'Python', 'target', 'result']));
    const pp = s => (s.n ? `${fmtMs(s.p50)} / ${fmtMs(s.p95)} (${s.n})` : '-');
    const detail = [
      ['all edits', ...both(L => L.serviceMs.all, pp)],
      ['inside functions', ...both(L => L.serviceMs.inFunctions, pp)],
      ['top level (and class members)', ...both(L => L.serviceMs.topLevel, pp)],
      ['insert a character', ...both(L => L.serviceMs.insert, pp)],
      ['delete a character', ...both(L => L.serviceMs.delete, pp)],
      ['replace a word', ...both(L => L.serviceMs.replace, pp)],
      ['type a syntax-breaking character', ...both(L => L.serviceMs.break, pp)],
      ['delete it again', ...both(L => L.serviceMs['undo-break'], pp)],
      [`edits taking ≥ ${SLOW_EDIT_MS} ms of server time`, ...both(L => `${L.slowEdits} of ${L.serviceMs.all.n}`, x => x)],
    ];
    say('');
    say('Server time per edit, queueing removed (from its didChange, or the previous publish if later, to its publish): p50 / p95 (n)');
    say(table(detail, ['edits', 'JavaScript', 'Python']));
    say('');
    say(`Settle re-publishes (same version again ~400 ms later, text with syntax errors): JavaScript ${J.settleRepublishes}, Python ${P.settleRepublishes}; ` +
      `latency of the edit after a ≥ 400 ms pause, max: JavaScript ${fmtMs(J.changeLatencyAfterPauseMs.max)}, Python ${fmtMs(P.changeLatencyAfterPauseMs.max)}.`);
    say(`Files: ${opts.lines} lines each (JavaScript ${(J.file.bytes / 1024).toFixed(0)} KB with ${J.file.flawsPlanted} planted flaws, ` +
      `Python ${(P.file.bytes / 1024).toFixed(0)} KB with ${P.file.flawsPlanted}); diagnostics on open: JavaScript ${J.openDiagnostics}, Python ${P.openDiagnostics}.`);
    say(`Rules: ${rules.total} in total, ${rules.javascript} for JavaScript, ${rules.python} for Python (\`node bin/skeptic rules --format json\`${opts.rules.length ? ' with --rules' : ''}).`);
    say(`Memory server: VmHWM ${fmtMb(peakKb)}; highest VmRSS sampled every 20 ms ${fmtMb(phase2.sampledMaxRssKb)}. ` +
      `Phase 1 servers' VmHWM: JavaScript ${fmtMb(J.memoryAtEnd.vmHwmKb)}, Python ${fmtMb(P.memoryAtEnd.vmHwmKb)}.`);
    say(`Consistency with \`skeptic scan\` of the same text: ${LANGS.map(l => {
      const c = out.languages[l].consistency;
      const word = x => (x.checked === false ? 'not checked' : x.equal ? 'same' : 'DIFFERENT');
      return `${LANG_NAME[l]} on open ${word(c.open)}, after edits ${word(c.afterEdits)}`;
    }).join('; ')}.`);
    say(`${os.cpus().length} CPUs, Node ${process.version}. Figures are from this run only.`);
    say('');
    if (notes.length) {
      say('Observations:');
      for (const note of notes) say(`  - ${note}`);
    } else say('Observations: none (every version answered, in order; diagnostics agree with skeptic scan; clean shutdowns).');
    out.notes = notes;
    out.peakRssKb = peakKb;
    out.summary = {
      openMs: { javascript: J.openMs, python: P.openMs, target: TARGETS.openMs },
      changeP95Ms: { javascript: J.changeLatencyMs.p95, python: P.changeLatencyMs.p95, target: TARGETS.changeP95Ms },
      peakRssMb: { value: peakKb / 1024, target: TARGETS.rssMb },
      verdicts: Object.fromEntries(rows.filter(r => r[4]).map(r => [r[0], r[4]])),
    };
    out.elapsedSeconds = (performance.now() - started) / 1000;
    say(`\nTook ${out.elapsedSeconds.toFixed(1)} s.`);
    if (opts.json) {
      // Unanswered edits have latencyMs null and latencyAtLeastMs; a percentile they could move is { atLeast }.
      fs.writeFileSync(opts.json, JSON.stringify(out, (k, v) => (v === Infinity ? null : v), 2) + '\n');
      say(`Figures written to ${opts.json}.`);
    }
  } finally {
    for (const c of clients) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) await c.stop().catch(() => c.proc.kill('SIGKILL'));
    }
    if (opts.keep) say(`Workspaces kept in ${tmp}.`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  e => {
    // Missed targets never fail the run (a benchmark, not a test); only a run that could not measure does.
    process.stderr.write(`lsp-latency: ${e.stack ?? e}\n`);
    process.exit(1);
  },
);
