// `npm run demo`: scans demo/ (realistic AI-written code with real flaws and their safe twins) and prints
// the findings. The findings are the point of the demo, so they do not make it fail: exit 0 unless the
// scan itself failed.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'skeptic');
const text = spawnSync(process.execPath, [cli, 'scan', 'demo'], { cwd: root, stdio: 'inherit' });
if (text.status !== 0 && text.status !== 1) process.exit(text.status ?? 2);
const json = spawnSync(process.execPath, [cli, 'scan', 'demo', '--format', 'json'], { cwd: root, encoding: 'utf8' });
const { findings } = JSON.parse(json.stdout);
const byExt = new Map();
for (const f of findings) byExt.set(path.extname(f.path), (byExt.get(path.extname(f.path)) ?? 0) + 1);
const languages = [...byExt].map(([ext, n]) => `${ext} ${n}`).join(', ');
console.log(`\nDemo: ${findings.length} findings across ${byExt.size} file types (${languages}). Each flaw in demo/ has a safe twin that stays quiet; see demo/README.md.`);
