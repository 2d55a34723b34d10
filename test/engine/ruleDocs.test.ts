// rules/README.md is generated from the rule files; this fails when someone forgot `npm run docs`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { renderRuleDocs } from '../../scripts/rule-docs';
import { RULES_DIR, sourceRules } from '../helpers';

describe('rules/README.md', () => {
  it('is up to date with the rule files (run `npm run docs`)', () => {
    assert.strictEqual(fs.readFileSync(path.join(RULES_DIR, 'README.md'), 'utf8'), renderRuleDocs(sourceRules()));
  });
});
