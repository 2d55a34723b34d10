#!/usr/bin/env node
// The packaged extension, used as a person would: installs skeptic-<version>.vsix into code-server with
// --install-extension, opens the fixture workspace in headless chromium, and with the keyboard only opens
// a zone file (squiggles, the banner), runs "Skeptic: Insert Security Requirements Prompt" from the
// command palette, and checks what is on screen. Saves screenshots. Prints "N passed, N failed".
// Usage: node try-vsix.js --vsix FILE [--folder DIR] [--screenshots DIR]
const fs = require('fs');
const path = require('path');
const { startCodeServer, launchBrowser, copyWorkspace } = require('./codeServer');

const argv = process.argv.slice(2); const opt = {};
for (let i = 0; i < argv.length; i++) { const m = argv[i].match(/^--([^=]+)(?:=(.*))?$/); if (m) opt[m[1]] = m[2] ?? argv[++i]; }
const vsix = path.resolve(opt.vsix);
const folder = copyWorkspace(path.resolve(opt.folder || path.join(__dirname, 'fixture')));
const shots = path.resolve(opt.screenshots || path.join(__dirname, '..', '..', 'images', 'screenshots'));
const results = [];
const check = (name, ok, detail = '') => { results.push(ok); console.log(`${ok ? '  ✔' : '  ✘'} ${name}${detail ? ` (${detail})` : ''}`); };

(async () => {
  const server = await startCodeServer();
  let browser;
  try {
    console.log(server.installExtension(vsix).trim().split('\n').pop());
    check('the .vsix installs with code-server --install-extension', fs.readdirSync(path.join(server.tmp, 'extensions')).some(d => d.startsWith('skeptic.skeptic-')));
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.base}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForTimeout(3000);
    fs.mkdirSync(shots, { recursive: true });

    // Quick Open the zone file, as a person would
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 10000 });
    await page.keyboard.type('login.py');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    const squiggle = await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 15000 }).then(() => true, () => false);
    check('a zone file opened by hand shows squiggles', squiggle);
    const banner = await page.waitForFunction(() => [...document.querySelectorAll('.codelens-decoration')].some(e => e.textContent.includes('Security exclusion zone')), null, { timeout: 15000 }).then(() => true, () => false);
    const bannerText = await page.evaluate(() => [...document.querySelectorAll('.codelens-decoration')].map(e => e.textContent).join(' | '));
    check('the banner says "Security exclusion zone" with the zone name', banner && /Authentication & authorization/.test(bannerText), bannerText.slice(0, 140));
    const status = await page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map(e => e.textContent).find(t => /Authentication/.test(t || '')) || '');
    check('the status bar shows the zone', /Authentication & authorization/.test(status), status.trim());
    await page.screenshot({ path: path.join(shots, 'installed-zone-file.png') });

    // The prompt command from the command palette, at the start of the function body
    await page.keyboard.press('Control+G');
    await page.keyboard.type('6');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F1');
    await page.waitForTimeout(500);
    await page.keyboard.type('Skeptic: Insert Security Requirements Prompt');
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(shots, 'command-palette.png') });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    const firstPick = await page.evaluate(() => document.querySelector('.quick-input-list .monaco-list-row')?.textContent || '');
    check('the zone\'s prompt is offered first', /Authentication and sessions/.test(firstPick), firstPick.slice(0, 80));
    await page.screenshot({ path: path.join(shots, 'prompt-picker.png') });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter'); // "Insert as a comment at the cursor"
    const inserted = await page.waitForFunction(() => (document.querySelector('.monaco-editor .view-lines')?.textContent || '').replace(/\u00a0/g, ' ').includes('Security requirements (Skeptic): Authentication and sessions'), null, { timeout: 10000 }).then(() => true, () => false);
    const lines = await page.evaluate(() => [...document.querySelectorAll('.monaco-editor .view-line')].map(l => l.textContent.replace(/\u00a0/g, ' ')));
    check('the command inserts the prompt as a Python comment block', inserted && lines.some(l => /^\s*# Security requirements \(Skeptic\): Authentication and sessions/.test(l)));
    await page.screenshot({ path: path.join(shots, 'installed-prompt-inserted.png') });
  } catch (e) {
    check(`no error while driving the workbench: ${e.message}`, false);
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
  }
  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(results.length && passed === results.length ? 0 : 1);
})();
