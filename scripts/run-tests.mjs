// Runs the offline mocha suites (compiled by tsc into out/test) and closes with the plain
// "N passed, N failed" line that CI's log reader counts. Exits non-zero when a test fails or none ran.
import Mocha from 'mocha';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outTest = path.join(root, 'out', 'test');
const grep = process.argv[2];
const files = [];
const walk = d => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) { if (e.name !== 'vscode') walk(p); }
    else if (e.name.endsWith('.test.js')) files.push(p);
  }
};
walk(outTest);
files.sort();
const mocha = new Mocha({ ui: 'bdd', timeout: 60000, reporter: process.env.CI ? 'dot' : 'spec', grep });
for (const f of files) mocha.addFile(f);
await mocha.loadFilesAsync();
const runner = mocha.run(failures => {
  const { passes, failures: failed, pending } = runner.stats;
  console.log(`${passes} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures || passes === 0 ? 1 : 0;
});
