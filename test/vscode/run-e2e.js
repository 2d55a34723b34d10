#!/usr/bin/env node
// Runs the extension's mocha suite (a module exporting run(): Promise) inside a real VS Code: code-server
// with the extension under development, in headless chromium (see codeServer.js).
// Usage: node run-e2e.js --extensionDevelopmentPath DIR --extensionTestsPath FILE [--folder DIR]
//                        [--timeout SEC] [--screenshots DIR] [--verbose]
// A test that logs "SKEPTIC_SCREENSHOT <name>" gets the workbench saved as DIR/<name>.png.
const fs = require('fs');
const path = require('path');
const util = require('util');
const { startCodeServer, launchBrowser, copyWorkspace } = require('./codeServer');

const argv = process.argv.slice(2); const opt = {};
for (let i = 0; i < argv.length; i++) { const m = argv[i].match(/^--([^=]+)(?:=(.*))?$/); if (!m) continue;
  opt[m[1]] = m[2] !== undefined ? m[2] : (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : true); }
const extDev = path.resolve(opt.extensionDevelopmentPath || '.');
const extTests = path.resolve(opt.extensionTestsPath || path.join(extDev, 'out', 'vscode-test', 'index.js'));
const folder = opt.folder ? copyWorkspace(path.resolve(opt.folder)) : undefined;
const timeoutMs = (+opt.timeout || 300) * 1000;
const shots = opt.screenshots ? path.resolve(opt.screenshots) : undefined;
const log = (...a) => console.log('[run-e2e]', ...a);
const NOISE = /ENOTFOUND|Service Worker|ChatSessionStore|connection token|Creating a socket|builtin extensions cache|^\s+at /;

(async () => {
  const t0 = Date.now();
  const server = await startCodeServer({ verbose: !!opt.verbose });
  log(`code-server up on ${server.base} after ${Date.now() - t0} ms (logs: ${server.tmp}/code-server.log)`);
  let browser; let rc = 1;
  process.on('SIGINT', async () => { await server.stop(); process.exit(130); });
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exited = new Promise(res => page.exposeFunction('codeAutomationExit', code => res(code)));
    if (shots) fs.mkdirSync(shots, { recursive: true });
    // the workbench forwards the extension host's console output here while extension tests run
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...args);
      const shot = /^SKEPTIC_SCREENSHOT (\S+)/.exec(line);
      if (shot) {
        if (shots) page.screenshot({ path: path.join(shots, shot[1] + '.png') }).then(() => log('screenshot', shot[1])).catch(e => log('screenshot failed', e.message));
        return;
      }
      if (opt.verbose || !NOISE.test(line)) (type === 'error' ? console.error : console.log)(line);
    });
    if (opt.verbose) page.on('console', m => console.error('[browser]', m.text()));
    const payload = [['extensionDevelopmentPath', `vscode-remote://${server.host}${extDev}`], ['extensionTestsPath', `vscode-remote://${server.host}${extTests}`]];
    const url = `${server.base}/?${folder ? `folder=${encodeURIComponent(folder)}&` : 'ew=true&'}payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 }).catch(async () => {
      throw new Error('VS Code workbench did not render; page says: ' + (await page.innerText('body').catch(() => '?')).slice(0, 500)); });
    const r = await Promise.race([exited, new Promise(res => setTimeout(() => res('timeout'), timeoutMs))]);
    if (r === 'timeout') { log(`TIMEOUT after ${timeoutMs / 1000}s waiting for the extension tests to finish`); rc = 2; }
    else { rc = r; log(`extension tests finished with exit code ${rc} after ${Date.now() - t0} ms`); }
    if (rc !== 0) { const shot = path.join(server.tmp, 'failure.png'); await page.screenshot({ path: shot }).catch(() => {}); log('screenshot:', shot); }
  } catch (e) { console.error('[run-e2e] ERROR', e); rc = 3; }
  finally { if (browser) await browser.close().catch(() => {}); await server.stop(); }
  process.exit(rc);
})();
