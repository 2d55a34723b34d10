// For rule authors: `node out/tools/check-fixtures.js [FILE_OR_DIR…]` checks detection fixtures (default:
// test/fixtures/detect) — every ruleid:/ok: annotation holds, known gaps are still gaps, and no finding
// lands on an unannotated line — and prints each problem with its file and line.
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../server/src/engine/engine';
import { loadRulesFromDir } from '../server/src/engine/ruleLoader';
import { checkFixture, fixtureProblems, listFixtures } from './fixtures';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const targets = process.argv.slice(2);
  const files = (targets.length ? targets : [path.join(root, 'test', 'fixtures', 'detect')]).flatMap(t => (fs.statSync(t).isDirectory() ? listFixtures(t) : [path.resolve(t)]));
  // The rules as they are on disk, so that an author sees the effect of an edit without a build.
  const { rules, errors } = loadRulesFromDir(path.join(root, 'rules'));
  for (const e of errors) console.error(`rules/${e.file}: ${e.message}`);
  const engine = await Engine.create({ rules });
  const known = new Set(rules.map(r => r.id));
  let problems = 0;
  let annotations = 0;
  for (const file of files) {
    const result = await checkFixture(engine, file);
    annotations += result.outcomes.length;
    for (const p of fixtureProblems(result, known, path.relative(process.cwd(), file))) {
      console.log(p);
      problems++;
    }
  }
  console.log(`${files.length} fixture(s), ${annotations} annotations; ${problems} problem(s)`);
  process.exitCode = problems ? 1 : 0;
}

main().catch(e => {
  console.error((e as Error).message);
  process.exit(2);
});
