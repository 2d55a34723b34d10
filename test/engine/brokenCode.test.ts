// AI output arrives half-finished and snippets are pasted without context: tree-sitter recovers from
// syntax errors, and a truncated function, a stray brace or a snippet with no enclosing class must still
// yield its findings — the same ones the complete code gives.
import * as assert from 'assert';
import type { LanguageId, TreeLanguageId } from '../../common/src/types';
import { sourceEngine } from '../helpers';

const CASES: Array<[string, LanguageId, string, string]> = [
  ['python: function cut off mid-call', 'python', 'def find(cursor, name):\n    q = "SELECT * FROM users WHERE name = \'" + name + "\'"\n    cursor.execute(q)\n    for row in cursor.fetchall(\n', 'sql-built-from-strings'],
  ['python: a syntax error earlier in the file', 'python', 'def broken(:\n    pass\n\ndef load(blob):\n    return pickle.loads(blob)\n', 'pickle-deserialization'],
  ['javascript: an unclosed route handler', 'javascript', 'app.get("/u", (req, res) => {\n  db.query("SELECT * FROM users WHERE id = " + req.query.id);\n', 'sql-built-from-strings'],
  ['javascript: a stray closing brace from a pasted snippet', 'javascript', '  const q = "SELECT * FROM t WHERE id = " + req.params.id;\n  await db.query(q);\n}\n});\n', 'sql-built-from-strings'],
  ['typescript: a function cut off after the flaw', 'typescript', 'export function render(el: HTMLElement, q: string): void {\n  el.innerHTML = "<b>" + q + "</b>";\n  if (q.length > (\n', 'dom-html-sink-with-dynamic-content'],
  ['java: a method with no class, cut off', 'java', 'public User find(String id) throws SQLException {\n    Statement st = conn.createStatement();\n    ResultSet rs = st.executeQuery("SELECT * FROM users WHERE id = " + id);\n    while (rs.next(\n', 'sql-built-from-strings'],
  ['csharp: an action cut off', 'csharp', 'public IActionResult Get(string id) {\n    var cmd = new SqlCommand("SELECT * FROM Users WHERE Id = " + id, conn);\n    var r = cmd.ExecuteReader(\n', 'sql-built-from-strings'],
  ['go: a handler cut off', 'go', 'func h(w http.ResponseWriter, r *http.Request) {\n\tid := r.URL.Query().Get("id")\n\trows, err := db.Query("SELECT * FROM users WHERE id = " + id)\n\tif err != nil {\n', 'sql-built-from-strings'],
];

describe('broken code is still scanned', () => {
  for (const [name, language, code, ruleId] of CASES) {
    it(name, async () => {
      const engine = await sourceEngine();
      const tree = await engine.parse(language as TreeLanguageId, code);
      try {
        assert.ok(tree.rootNode.hasError, 'the sample really has a syntax error');
      } finally {
        tree.delete();
      }
      const found = (await engine.scanText(language, code)).map(f => f.ruleId);
      assert.ok(found.includes(ruleId), `expected ${ruleId}, got [${found.join(', ')}]`);
    });
  }
});
