// The mocha entry that VS Code's extension host loads (the `extensionTestsPath` module): the same for
// @vscode/test-electron and for code-server. Closes with a plain "N passed, N failed" line for CI.
//
// Two runs around a real window reload: the first runs the suites, and when they all pass, reloads the
// window (workbench.action.reloadWindow), which starts a new extension host that loads this module again;
// the hand-over file (reloadState.ts) tells it to run reload.test.ts — what must survive a reload — and
// to report the total of both runs.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { RELOAD_STATE, STALE_MS, type ReloadState } from './reloadState';

function readState(): ReloadState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(RELOAD_STATE(), 'utf8')) as ReloadState;
    return s.before && Date.now() - s.at < STALE_MS ? s : undefined;
  } catch {
    return undefined;
  }
}

function runMocha(files: string[]): Promise<{ passed: number; failed: number }> {
  // SKEPTIC_E2E_GREP (in the environment code-server starts with) runs only the matching tests.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, grep: process.env.SKEPTIC_E2E_GREP });
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise(resolve => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
}

export async function run(): Promise<void> {
  const resumed = readState();
  if (!resumed) {
    fs.rmSync(RELOAD_STATE(), { force: true });
    const first = await runMocha(['extension.test.js', 'unreviewed.test.js']);
    // No hand-over file when the test that writes it did not run (SKEPTIC_E2E_GREP): no reload then.
    const state = first.failed || !fs.existsSync(RELOAD_STATE()) ? undefined : (JSON.parse(fs.readFileSync(RELOAD_STATE(), 'utf8')) as ReloadState);
    if (state) {
      fs.writeFileSync(RELOAD_STATE(), JSON.stringify({ ...state, before: first }));
      console.log(`before the window reload: ${first.passed} passing; reloading the window`);
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      return new Promise<void>(() => undefined); // the reload ends this extension host
    }
    fs.rmSync(RELOAD_STATE(), { force: true });
    console.log(`${first.passed} passed, ${first.failed} failed`);
    if (first.failed) throw new Error(`${first.failed} extension test(s) failed`);
    if (!first.passed) throw new Error('no extension test ran');
    return;
  }
  const second = await runMocha(['reload.test.js']);
  fs.rmSync(RELOAD_STATE(), { force: true });
  const passed = resumed.before!.passed + second.passed;
  const failed = resumed.before!.failed + second.failed;
  console.log(`${passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} extension test(s) failed`);
  if (!second.passed) throw new Error('no extension test ran after the window reload');
}
