// The precision discipline: every detection fixture's annotations hold (ruleid: flagged, ok: not), known
// gaps (todoruleid:/todook:) are still gaps, no finding lands on an unannotated line, and every rule that
// has fixtures in a language is exercised in both directions.
import * as assert from 'assert';
import * as path from 'path';
import { checkFixture, fixtureProblems, listFixtures } from '../../scripts/fixtures';
import { ROOT, sourceEngine, sourceRules } from '../helpers';

const DIR = path.join(ROOT, 'test', 'fixtures', 'detect');

describe('detection fixtures', () => {
  const files = listFixtures(DIR);
  it('exist', () => assert.ok(files.length > 0, 'no fixture under test/fixtures/detect'));
  for (const file of files) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    it(rel, async () => {
      const result = await checkFixture(await sourceEngine(), file);
      assert.ok(result.outcomes.some(o => o.annotation.kind === 'ruleid'), 'a fixture needs at least one ruleid: line');
      assert.ok(result.outcomes.some(o => o.annotation.kind === 'ok'), 'a fixture needs at least one ok: line (the tricky safe cases)');
      const problems = fixtureProblems(result, new Set(sourceRules().map(r => r.id)), rel);
      assert.deepStrictEqual(problems, []);
    });
  }
});
