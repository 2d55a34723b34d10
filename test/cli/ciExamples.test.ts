// The CI and pre-commit examples that README shows are the files in examples/ci, verbatim, and Skeptic's
// own rules pass on them — a security tool that tells users to pin actions must pin its own.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';
import { skeptic, tempTree } from './cliHelpers';

const EXAMPLES = path.join(ROOT, 'examples', 'ci');
const read = (name: string): string => fs.readFileSync(path.join(EXAMPLES, name), 'utf8');

describe('CI examples', () => {
  it('README shows each example verbatim', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const name of fs.readdirSync(EXAMPLES)) assert.ok(readme.includes(read(name).trimEnd()), `README does not show examples/ci/${name} as it is`);
  });

  it('the workflow passes Skeptic at every severity where it would run, and the rule is live there', () => {
    const dir = tempTree({ '.github/workflows/skeptic.yml': read('skeptic.yml'), '.pre-commit-config.yaml': read('pre-commit-config.yaml') });
    const clean = skeptic(['scan', '--severity', 'info', '--format', 'json'], dir);
    assert.strictEqual(clean.status, 0, clean.stdout + clean.stderr);
    assert.strictEqual(JSON.parse(clean.stdout).findings.length, 0);
    // The same workflow with a tag instead of the commit is flagged: the clean result is not for want of a rule.
    const tagged = tempTree({ '.github/workflows/skeptic.yml': read('skeptic.yml').replace(/@[0-9a-f]{40} # (v[\d.]+)/, '@$1') });
    const found = JSON.parse(skeptic(['scan', '--format', 'json'], tagged).stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    assert.deepStrictEqual(found, ['action-not-pinned-to-commit']);
  });
});
