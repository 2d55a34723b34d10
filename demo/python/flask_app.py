"""Customer portal API: sign-in, order search, invoices, config upload, reports and password reset."""
import hmac
import os
import random
import secrets
import string

import psycopg2
import requests
import yaml
from flask import Flask, abort, jsonify, render_template_string, request, send_file, send_from_directory, session
from werkzeug.security import check_password_hash

app = Flask(__name__)
# safe: the session signing key is read from the environment
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]

INVOICE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "invoices")
INVENTORY_API = "https://inventory.example.com/api/v1"
PRICING_API = "https://pricing.example.com/api/v2"
INTERNAL_CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"

# flaw: hardcoded database password
DB_PASSWORD = "Xq9vL2mPz7RtK4wB"

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "feature_defaults.yaml")) as fh:
    # safe: safe_load only builds plain dicts, lists and scalars
    FEATURE_DEFAULTS = yaml.safe_load(fh) or {}


def get_db():
    return psycopg2.connect(host="localhost", dbname="portal", user="portal_app", password=DB_PASSWORD)


def require_admin():
    token = request.headers.get("X-Admin-Token", "")
    # flaw: hardcoded fallback admin token compared to a string literal
    if token == "a7Fk29QwLm3Zp8Rt":
        return
    # safe: token from the environment, compared in constant time
    if not hmac.compare_digest(token.encode(), os.environ["ADMIN_TOKEN"].encode()):
        abort(403)


@app.post("/login")
def login():
    data = request.get_json(force=True)
    with get_db() as conn, conn.cursor() as cur:
        # safe: parameterized query and a salted password hash check
        cur.execute("SELECT id, password_hash FROM users WHERE email = %s", (data["email"],))
        row = cur.fetchone()
    if row is None or not check_password_hash(row[1], data["password"]):
        return jsonify(error="invalid email or password"), 401
    session["user_id"] = row[0]
    # safe: CSRF token from the secrets module
    session["csrf_token"] = secrets.token_urlsafe(32)
    return jsonify(ok=True)


@app.get("/api/orders/search")
def search_orders():
    term = request.args.get("q", "")
    with get_db() as conn, conn.cursor() as cur:
        # flaw: SQL built with an f-string from the query string
        cur.execute(f"SELECT id, status, total FROM orders WHERE customer_note LIKE '%{term}%'")
        return jsonify(cur.fetchall())


@app.get("/invoices/<path:name>")
def download_invoice(name):
    # flaw: path traversal, the user-supplied name is joined onto the directory unchecked
    return send_file(os.path.join(INVOICE_DIR, name))


@app.get("/v2/invoices/<path:name>")
def download_invoice_v2(name):
    # safe: send_from_directory refuses paths that escape INVOICE_DIR
    return send_from_directory(INVOICE_DIR, name, as_attachment=True)


@app.post("/admin/config")
def upload_config():
    require_admin()
    # flaw: yaml.load with the full Loader constructs arbitrary Python objects
    config = yaml.load(request.files["config"].read(), Loader=yaml.Loader)
    app.config["FEATURE_FLAGS"] = {**FEATURE_DEFAULTS, **config.get("features", {})}
    return jsonify(ok=True, flags=sorted(app.config["FEATURE_FLAGS"]))


@app.get("/reports/<int:report_id>")
def report(report_id):
    title = request.args.get("title", "Monthly report")
    # flaw: server-side template injection, user input becomes template source
    return render_template_string(f"<h1>{title}</h1><p>Report #{report_id}</p>")


@app.get("/v2/reports/<int:report_id>")
def report_v2(report_id):
    title = request.args.get("title", "Monthly report")
    # safe: constant template, the title is an autoescaped variable
    return render_template_string("<h1>{{ title }}</h1><p>Report #{{ rid }}</p>", title=title, rid=report_id)


@app.post("/password-reset")
def password_reset():
    email = request.get_json(force=True)["email"]
    # flaw: reset token from random, which is predictable (not a CSPRNG)
    token = "".join(random.choices(string.ascii_letters + string.digits, k=32))
    with get_db() as conn, conn.cursor() as cur:
        cur.execute("UPDATE users SET reset_token = %s WHERE email = %s", (token, email))
    return jsonify(ok=True)


@app.get("/api/inventory/<sku>")
def inventory(sku):
    # flaw: TLS certificate verification disabled
    stock = requests.get(f"{INVENTORY_API}/items", params={"sku": sku}, verify=False, timeout=5).json()
    # safe: certificate verified against the internal CA bundle
    price = requests.get(f"{PRICING_API}/prices", params={"sku": sku}, verify=INTERNAL_CA_BUNDLE, timeout=5).json()
    return jsonify(sku=sku, stock=stock, price=price)
