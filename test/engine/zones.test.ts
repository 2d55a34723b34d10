// Exclusion zones: evidence from paths, imports, defined functions and fields; precision on ordinary
// files; user zones and silenced zones.
import * as assert from 'assert';
import { classifyZones } from '../../server/src/engine/zones';

const ids = (rel: string, text: string, opts = {}) => classifyZones(rel, text, opts).map(z => z.id);

describe('exclusion zones', () => {
  it('finds authentication from imports and defined functions', () => {
    const text = 'import bcrypt\n\ndef verify_password(user, password):\n    return bcrypt.checkpw(password, user.password_hash)\n';
    assert.deepStrictEqual(ids('app/users.py', text), ['auth']);
    const zone = classifyZones('app/users.py', text)[0];
    assert.strictEqual(zone.name, 'Authentication & authorization');
    assert.deepStrictEqual(zone.evidence.map(e => [e.kind, e.line]), [['import', 0], ['function', 2], ['field', 3]]);
  });

  it('finds payments, sessions, personal data, credentials and cryptography', () => {
    assert.deepStrictEqual(ids('src/billing/charge.ts', "import Stripe from 'stripe';\nexport async function refund(id: string) {}\n"), ['payments']);
    assert.deepStrictEqual(ids('server.js', "const session = require('express-session');\napp.use(session({ cookie: { httpOnly: true } }));\n"), ['sessions']);
    assert.deepStrictEqual(ids('models.py', 'class Patient:\n    ssn = Column(String)\n    date_of_birth = Column(Date)\n'), ['personal-data']);
    assert.deepStrictEqual(ids('config/secrets.go', 'package config\n'), ['credentials']);
    assert.deepStrictEqual(ids('FileCipher.java', 'import javax.crypto.Cipher;\nclass FileCipher { byte[] encrypt(byte[] b) { return b; } }\n'), ['crypto']);
  });

  it('leaves ordinary files alone, even when they mention a word once', () => {
    assert.deepStrictEqual(ids('src/utils/format.ts', 'export function formatDate(d: Date) { return d.toISOString(); }\n// after login the user sees this\n'), []);
    assert.deepStrictEqual(ids('README.py', 'print("hello")\n'), []);
    assert.deepStrictEqual(ids('app/views.py', 'def index(request):\n    token_count = 3\n    return render(request, "index.html")\n'), []);
    assert.deepStrictEqual(ids('app/notes.py', '# set session cookies HttpOnly, Secure and SameSite\n# csrf_token handling lives elsewhere\nx = 1\n'), []);
  });

  it('honours settings: off, silenced zones, and zones of your own', () => {
    const text = 'import bcrypt\ndef login(u, p): pass\n';
    assert.deepStrictEqual(ids('a.py', text, { enabled: false }), []);
    assert.deepStrictEqual(ids('a.py', text, { disabled: ['auth'] }), []);
    assert.deepStrictEqual(ids('infra/deploy.py', 'print(1)\n', { custom: [{ name: 'Deployment', globs: ['infra/**'] }] }), ['deployment']);
    assert.deepStrictEqual(ids('x.py', 'ledger.post(entry)\n', { custom: [{ name: 'Ledger', keywords: ['ledger'] }] }), ['ledger']);
  });
});
