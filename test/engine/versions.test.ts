// What a version text admits, per ecosystem: the basis of known-bad checks and pin fixes.
import * as assert from 'assert';
import { allowsVersion, isExactPin, lowerBound } from '../../server/src/engine/supplyChain/versions';

describe('version ranges', () => {
  const admits: [ 'npm' | 'pypi', string, string, boolean][] = [
    ['pypi', '>=1.80.0', '1.82.7', true],
    ['pypi', '>=1.80.0,<1.82.7', '1.82.7', false],
    ['pypi', '~=1.82.0', '1.82.8', true],
    ['pypi', '~=1.81', '1.82.8', true],
    ['pypi', '~=1.81.0', '1.82.8', false],
    ['pypi', '==1.82.*', '1.82.7', true],
    ['pypi', '==1.82.6', '1.82.7', false],
    ['pypi', '!=1.82.7', '1.82.7', false],
    ['pypi', '', '1.82.7', true],
    ['pypi', '*', '1.82.7', true],
    ['pypi', '^1.80', '1.82.7', true], // Poetry caret
    ['pypi', '~1.80', '1.82.7', false], // Poetry tilde: >=1.80,<1.81
    ['pypi', '1.82.7', '1.82.7', true], // Poetry bare version is exact
    ['npm', '^5.6.0', '5.6.1', true],
    ['npm', '~5.5.0', '5.6.1', false],
    ['npm', '5.6.1', '5.6.1', true],
    ['npm', 'latest', '5.6.1', true],
    ['npm', '>=4 <5', '5.6.1', false],
    ['npm', 'npm:chalk@^5.0.0', '5.6.1', true],
    ['npm', 'git+https://github.com/chalk/chalk.git', '5.6.1', false],
  ];
  for (const [eco, spec, version, expected] of admits) {
    it(`${eco} "${spec}" ${expected ? 'admits' : 'does not admit'} ${version}`, () => assert.strictEqual(allowsVersion(eco, spec, version), expected));
  }

  it('exact pins and lower bounds', () => {
    assert.ok(isExactPin('npm', '4.18.2'));
    assert.ok(!isExactPin('npm', '^4.18.2'));
    assert.ok(isExactPin('pypi', '==2.31.0'));
    assert.ok(!isExactPin('pypi', '>=2.31.0'));
    assert.strictEqual(lowerBound('npm', '^4.18.2'), '4.18.2');
    assert.strictEqual(lowerBound('npm', '>=10.0.0 <11'), '10.0.0');
    assert.strictEqual(lowerBound('npm', 'latest'), undefined);
    assert.strictEqual(lowerBound('pypi', '>=1.80.0,<2'), '1.80.0');
    assert.strictEqual(lowerBound('pypi', '<2,>=1.4'), '1.4');
    assert.strictEqual(lowerBound('pypi', '~=2.28'), '2.28');
    assert.strictEqual(lowerBound('pypi', '<2'), undefined);
    assert.strictEqual(lowerBound('pypi', ''), undefined);
  });
});
