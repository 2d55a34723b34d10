"use strict";
// Storefront orders service: product search, reports, thumbnails, invoices and warehouse sync.
const express = require("express");
const mysql = require("mysql2/promise");
const { Pool } = require("pg");
const { exec, execFile } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const https = require("https");
const path = require("path");
const escapeHtml = require("escape-html");

const app = express();
app.use(express.json());

const INVOICE_DIR = path.join(__dirname, "invoices");

// flaw: hardcoded database password
const shopDb = mysql.createPool({ host: "localhost", user: "shop", password: "Lr8nW3qZt6YhB1cV", database: "shop" });
// safe: credentials come from the environment
const reportsDb = new Pool({ host: "localhost", user: "reporting", password: process.env.PGPASSWORD, database: "shop" });

// flaw: TLS certificate verification disabled
const warehouseAgent = new https.Agent({ rejectUnauthorized: false });
// safe: verification stays on, against the internal CA
const billingAgent = new https.Agent({ ca: fs.readFileSync(process.env.INTERNAL_CA_PATH || "/etc/ssl/certs/internal-ca.pem") });

app.get("/products/search", async (req, res) => {
  // flaw: SQL built with a template literal from the query string
  const [rows] = await shopDb.query(`SELECT id, name, price FROM products WHERE name LIKE '%${req.query.q}%'`);
  res.json(rows);
});

app.get("/products/:id", async (req, res) => {
  // safe: placeholder with bound values
  const [rows] = await shopDb.execute("SELECT id, name, price FROM products WHERE id = ?", [req.params.id]);
  res.json(rows[0] ?? null);
});

app.get("/reports/orders", async (req, res) => {
  // flaw: pg query built by concatenating a request value
  const result = await reportsDb.query("SELECT * FROM orders WHERE status = '" + req.query.status + "' ORDER BY created_at DESC");
  res.json(result.rows);
});

app.get("/reports/customers/:id/orders", async (req, res) => {
  // safe: $1 placeholder
  const result = await reportsDb.query("SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC", [req.params.id]);
  res.json(result.rows);
});

app.post("/images/thumbnail", (req, res) => {
  // flaw: request data in a shell command (command injection)
  exec(`convert uploads/${req.body.file} -resize 200x200 thumbs/${req.body.file}`, (err) => {
    if (err) return res.status(500).json({ error: "conversion failed" });
    res.json({ thumbnail: `/thumbs/${req.body.file}` });
  });
});

app.post("/v2/images/thumbnail", (req, res) => {
  const file = path.basename(String(req.body.file));
  // safe: execFile with an argument array, no shell
  execFile("convert", [path.join("uploads", file), "-resize", "200x200", path.join("thumbs", file)], (err) => {
    if (err) return res.status(500).json({ error: "conversion failed" });
    res.json({ thumbnail: `/thumbs/${encodeURIComponent(file)}` });
  });
});

app.get("/welcome", (req, res) => {
  // flaw: reflected XSS, request data sent back as HTML
  res.send(`<h1>Welcome back, ${req.query.name}!</h1>`);
});

app.get("/v2/welcome", (req, res) => {
  // safe: the name is HTML-escaped
  res.send(`<h1>Welcome back, ${escapeHtml(req.query.name)}!</h1>`);
});

app.get("/orders", async (req, res) => {
  // flaw: eval of a request value
  const filters = eval("(" + req.query.filters + ")");
  // safe: JSON.parse only yields data
  const sort = JSON.parse(req.query.sort || '{"created_at":"desc"}');
  const [rows] = await shopDb.execute("SELECT * FROM orders WHERE status = ? LIMIT 50", [filters.status ?? "open"]);
  res.json({ sort, rows });
});

app.get("/invoices/:name", (req, res) => {
  // flaw: path traversal, the name is joined onto the directory unchecked
  fs.readFile(path.join(INVOICE_DIR, req.params.name), (err, data) => {
    if (err) return res.sendStatus(404);
    res.type("application/pdf").send(data);
  });
});

app.get("/v2/invoices/:name", (req, res) => {
  // safe: basename keeps the file inside INVOICE_DIR
  fs.readFile(path.join(INVOICE_DIR, path.basename(req.params.name)), (err, data) => {
    if (err) return res.sendStatus(404);
    res.type("application/pdf").send(data);
  });
});

function makeResetToken() {
  // flaw: Math.random is not a CSPRNG, so tokens can be predicted
  return Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
}

function makeSessionId() {
  // safe: crypto.randomBytes
  return crypto.randomBytes(32).toString("hex");
}

function retryDelay(attempt) {
  // safe: Math.random only adds jitter to a retry delay
  return 2 ** attempt * 100 + Math.floor(Math.random() * 100);
}

module.exports = { app, makeResetToken, makeSessionId, retryDelay, warehouseAgent, billingAgent };
if (require.main === module) app.listen(process.env.PORT || 3000);
