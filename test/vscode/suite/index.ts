// The mocha entry that VS Code's extension host loads (the `extensionTestsPath` module): the same for
// @vscode/test-electron and for code-server. Closes with a plain "N passed, N failed" line for CI.
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      console.log(`${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? 0} failed`);
      if (failures) reject(new Error(`${failures} extension test(s) failed`));
      else if (!runner.stats?.passes) reject(new Error('no extension test ran'));
      else resolve();
    });
  });
}
