// A real VS Code for tests on machines that cannot download one: code-server (its VS Code server and
// Node extension host) in Debian's headless chromium, driven by playwright-core. Used by run-e2e.js (the
// mocha suite inside the extension host) and try-vsix.js (the packaged extension, used as a person would).
// From shared/recipes/vscode-e2e, fitted to this project: code-server and playwright-core come from
// test/vscode/host, and the workbench is kept quiet (no git prompt, no welcome page) for screenshots.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');

const hostModules = [path.join(__dirname, 'host'), process.cwd(), __dirname];
const { chromium } = require(require.resolve('playwright-core', { paths: hostModules }));
const codeServerEntry = () => require.resolve('code-server/out/node/entry.js', { paths: hostModules });

const freePort = () => new Promise((res, rej) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); s.on('error', rej); });
async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) { try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ } await new Promise(r => setTimeout(r, 200)); }
  throw new Error('code-server did not come up: ' + url);
}

/** Isolated user data, extensions, HOME; code-server started in its own process group. */
async function startCodeServer({ verbose = false, extensionsDir } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-vscode-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const exts = extensionsDir || path.join(tmp, 'extensions');
  const args = [codeServerEntry(), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--config', path.join(tmp, 'config.yaml'),
    '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', exts,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
  const env = { ...process.env, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'home/.config'), XDG_DATA_HOME: path.join(tmp, 'home/.local/share'), XDG_CACHE_HOME: path.join(tmp, 'home/.cache') };
  fs.mkdirSync(path.join(tmp, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify({
    'git.openRepositoryInParentFolders': 'never', 'git.enabled': false, 'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false, 'extensions.ignoreRecommendations': true, 'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    // VS Code for the web saves after a delay by default; a test that pauses for a screenshot would save
    // the fixture copy, and the next test would find yesterday's edit in it.
    'files.autoSave': 'off',
  }));
  const cs = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const csLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));
  cs.stdout.pipe(csLog); cs.stderr.pipe(csLog);
  if (verbose) { cs.stdout.pipe(process.stderr); cs.stderr.pipe(process.stderr); }
  const exited = new Promise(res => cs.on('exit', res));
  const stop = async () => { // code-server and everything it started (extension host, language servers, watchers)
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ }
    const t = await Promise.race([exited, new Promise(res => setTimeout(() => res('timeout'), 5000))]);
    if (t === 'timeout') { try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* gone */ } }
  };
  await waitHttp(`${base}/healthz`, 60000);
  return { base, host: `127.0.0.1:${port}`, tmp, stop, installExtension: vsix => {
    const r = spawnSync(process.execPath, [codeServerEntry(), '--install-extension', vsix, '--extensions-dir', exts, '--user-data-dir', path.join(tmp, 'user-data')], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`code-server --install-extension failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  } };
}

async function launchBrowser(chromiumBin = process.env.CHROMIUM_BIN || '/usr/bin/chromium') {
  return chromium.launch({ executablePath: chromiumBin, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}

/** A throw-away copy of a fixture workspace, so that nothing a test (or VS Code's hot exit) saves reaches the repository. */
function copyWorkspace(folder) {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skeptic-ws-')), path.basename(folder));
  fs.cpSync(folder, copy, { recursive: true });
  return copy;
}

module.exports = { startCodeServer, launchBrowser, codeServerEntry, copyWorkspace };
