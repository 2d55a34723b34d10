#!/usr/bin/env node
// Run an extension's test suite (module exporting run(): Promise) inside a REAL VS Code:
// code-server's VS Code server (node extension host) + Debian's headless Chromium driven by playwright-core.
// Usage: node run-e2e.js --extensionDevelopmentPath DIR --extensionTestsPath FILE [--folder DIR]
//                        [--codeServer BIN] [--chromium BIN] [--timeout SEC] [--screenshot PNG] [--verbose]
//                        [--screenshots DIR]
// Adapted from ../shared/recipes/vscode-e2e for Skeptic: code-server and playwright-core come from
// test/vscode/host (their own install), and a test that logs "SKEPTIC_SCREENSHOT <name>" gets the
// workbench saved as DIR/<name>.png, so the README shows what a person sees.
const { spawn } = require('child_process');
const fs = require('fs'); const os = require('os'); const path = require('path'); const net = require('net'); const util = require('util');
const hostModules = [path.join(__dirname, 'host'), process.cwd(), __dirname];
const { chromium } = require(require.resolve('playwright-core', { paths: hostModules }));

const argv = process.argv.slice(2); const opt = {};
for (let i = 0; i < argv.length; i++) { const m = argv[i].match(/^--([^=]+)(?:=(.*))?$/); if (!m) continue;
  opt[m[1]] = m[2] !== undefined ? m[2] : (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : true); }
const extDev = path.resolve(opt.extensionDevelopmentPath || '.');
const extTests = path.resolve(opt.extensionTestsPath || path.join(extDev, 'test', 'index.js'));
const folder = opt.folder ? path.resolve(opt.folder) : undefined;
const codeServer = opt.codeServer || require.resolve('code-server/out/node/entry.js', { paths: hostModules });
const chromiumBin = opt.chromium || process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const timeoutMs = (+opt.timeout || 300) * 1000;
const log = (...a) => console.log('[run-e2e]', ...a);

const freePort = () => new Promise((res, rej) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); s.on('error', rej); });
async function waitHttp(url, ms) { const end = Date.now() + ms; while (Date.now() < end) { try { const r = await fetch(url); if (r.ok) return; } catch {} await new Promise(r => setTimeout(r, 200)); } throw new Error('code-server did not come up: ' + url); }

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vsc-e2e-run-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const csArgs = [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--config', path.join(tmp, 'config.yaml'),
    '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
  // isolate HOME/XDG so nothing is written to the real home directory
  const env = { ...process.env, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'home/.config'), XDG_DATA_HOME: path.join(tmp, 'home/.local/share'), XDG_CACHE_HOME: path.join(tmp, 'home/.cache') };
  // A quiet workbench for tests and screenshots: no prompts about the enclosing git repository, no welcome page.
  fs.mkdirSync(path.join(tmp, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify({
    'git.openRepositoryInParentFolders': 'never', 'git.enabled': false, 'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false, 'extensions.ignoreRecommendations': true, 'telemetry.telemetryLevel': 'off',
  }));
  const t0 = Date.now();
  const cs = spawn(process.execPath, csArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const csLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));
  cs.stdout.pipe(csLog); cs.stderr.pipe(csLog);
  if (opt.verbose) { cs.stdout.pipe(process.stderr); cs.stderr.pipe(process.stderr); }
  let browser; let rc = 1;
  const csExited = new Promise(res => cs.on('exit', res));
  const cleanup = async () => { // stop code-server and everything it started (extension host, language servers, ...)
    try { process.kill(-cs.pid, 'SIGTERM'); } catch {}
    const t = await Promise.race([csExited, new Promise(res => setTimeout(() => res('t'), 5000))]);
    if (t === 't') { try { process.kill(-cs.pid, 'SIGKILL'); } catch {} }
  };
  process.on('SIGINT', async () => { await cleanup(); process.exit(130); });
  try {
    await waitHttp(`${base}/healthz`, 60000);
    log(`code-server up on ${base} after ${Date.now() - t0} ms (logs: ${tmp}/code-server.log)`);
    browser = await chromium.launch({ executablePath: chromiumBin, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exited = new Promise(res => page.exposeFunction('codeAutomationExit', code => res(code)));
    // the workbench forwards the extension host's console output here while extension tests run
    const shots = opt.screenshots ? path.resolve(opt.screenshots) : undefined;
    if (shots) fs.mkdirSync(shots, { recursive: true });
    await page.exposeFunction('codeAutomationLog', (type, args) => { const line = util.format(...args);
      const shot = /^SKEPTIC_SCREENSHOT (\S+)/.exec(line);
      if (shot && shots) { page.screenshot({ path: path.join(shots, shot[1] + '.png') }).then(() => log('screenshot', shot[1])).catch(e => log('screenshot failed', e.message)); return; } if (opt.verbose || !/ENOTFOUND|Service Worker|ChatSessionStore|connection token|Creating a socket|builtin extensions cache|^\s+at /.test(line)) (type === 'error' ? console.error : console.log)(line); });
    if (opt.verbose) page.on('console', m => console.error('[browser]', m.text()));
    const host = `127.0.0.1:${port}`;
    const payload = [['extensionDevelopmentPath', `vscode-remote://${host}${extDev}`], ['extensionTestsPath', `vscode-remote://${host}${extTests}`]];
    const url = `${base}/?${folder ? `folder=${encodeURIComponent(folder)}&` : 'ew=true&'}payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    // fail fast if the workbench does not render (e.g. code-server answers with an error page)
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 }).catch(async () => {
      throw new Error('VS Code workbench did not render; page says: ' + (await page.innerText('body').catch(() => '?')).slice(0, 500)); });
    const r = await Promise.race([exited, new Promise(res => setTimeout(() => res('timeout'), timeoutMs))]);
    if (r === 'timeout') { log(`TIMEOUT after ${timeoutMs / 1000}s waiting for the extension tests to finish`); rc = 2; }
    else { rc = r; log(`extension tests finished with exit code ${rc} after ${Date.now() - t0} ms`); }
    if (opt.screenshot || rc !== 0) { const shot = opt.screenshot || path.join(tmp, 'failure.png'); await page.screenshot({ path: shot }).catch(() => {}); log('screenshot:', shot); }
  } catch (e) { console.error('[run-e2e] ERROR', e); rc = 3; }
  finally { if (browser) await browser.close().catch(() => {}); await cleanup(); }
  process.exit(rc);
})();
