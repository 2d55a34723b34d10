// Launches the extension test suite in a downloaded VS Code with @vscode/test-electron — for machines
// that can download VS Code (a laptop, hosted CI). Offline machines use run-e2e.js with code-server;
// both load the same suite (out/vscode-test/index.js).
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'vscode-test', 'index.js'),
      launchArgs: [path.join(root, 'test', 'vscode', 'fixture'), '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (e) {
    console.error(`Extension tests failed: ${(e as Error).message}`);
    process.exit(1);
  }
}

void main();
