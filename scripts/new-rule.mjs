// `npm run new-rule <language|shared> <id>`: scaffolds rules/<language>/<id>.yaml with every required
// field, ready to be filled in and checked with `npm run check-rules`.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [folder, id] = process.argv.slice(2);
const LANGS = ['javascript', 'typescript', 'tsx', 'python', 'java', 'csharp', 'go'];
if (!folder || !id) {
  console.error('usage: npm run new-rule <language|shared> <id>   e.g. npm run new-rule python pickle-load-of-untrusted-data');
  process.exit(2);
}
if (folder !== 'shared' && !LANGS.includes(folder)) {
  console.error(`unknown language "${folder}"; use one of: ${LANGS.join(', ')}, or shared`);
  process.exit(2);
}
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || /^(no|disallow)-/.test(id)) {
  console.error(`"${id}" is not a rule id: use kebab-case that names the bad pattern (no "no-"/"disallow-" prefix)`);
  process.exit(2);
}
const file = path.join(root, 'rules', folder, `${id}.yaml`);
if (fs.existsSync(file)) {
  console.error(`${path.relative(root, file)} already exists`);
  process.exit(2);
}
const lang = folder === 'shared' ? 'python' : folder;
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `# yaml-language-server: $schema=../rule.schema.json
id: ${id}
languages: [${lang}]
severity: warning
message: TODO one line - what is wrong and why it matters
docs:
  what: TODO what the rule flags.
  why: TODO why it is dangerous, with the CWE in words.
  example: |
    TODO bad code
  useInstead: |
    TODO the safe version
query: |
  (call_expression) @match
metadata:
  cwe: [CWE-20]
  owasp: ["A03:2021 - Injection"]
  references:
    - https://cwe.mitre.org/data/definitions/20.html
  confidence: medium
  subcategory: vuln
status: preview
since: ${version}
examples:
  invalid:
    - |
      TODO code that must give exactly one finding
  valid:
    - |
      TODO code that must give none
`);
console.log(`created ${path.relative(root, file)}; fill in the TODOs, then: npm run check-rules -- ${path.relative(root, file)}`);
