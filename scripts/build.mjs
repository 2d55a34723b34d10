// Builds dist/: the bundles (esbuild), the tree-sitter runtime and grammar .wasm files, the rule schema,
// and rules.json — every rule validated and its query compiled for each of its languages. A rule error
// fails the build with the file, field and problem.
import { build } from 'esbuild';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const nm = path.join(root, 'node_modules');

const GRAMMARS = [
  'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-javascript/tree-sitter-javascript.wasm',
  'tree-sitter-typescript/tree-sitter-typescript.wasm',
  'tree-sitter-typescript/tree-sitter-tsx.wasm',
  'tree-sitter-python/tree-sitter-python.wasm',
  'tree-sitter-java/tree-sitter-java.wasm',
  'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
  'tree-sitter-go/tree-sitter-go.wasm',
  'tree-sitter-php/tree-sitter-php.wasm',
  'tree-sitter-ruby/tree-sitter-ruby.wasm',
  'tree-sitter-c/tree-sitter-c.wasm',
  'tree-sitter-cpp/tree-sitter-cpp.wasm',
  'tree-sitter-json/tree-sitter-json.wasm',
  '@tree-sitter-grammars/tree-sitter-yaml/tree-sitter-yaml.wasm',
  '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
  '@tree-sitter-grammars/tree-sitter-toml/tree-sitter-toml.wasm',
];

fs.mkdirSync(path.join(dist, 'grammars'), { recursive: true });
for (const g of GRAMMARS) {
  const target = g.startsWith('web-tree-sitter/') ? path.join(dist, path.basename(g)) : path.join(dist, 'grammars', path.basename(g));
  fs.copyFileSync(path.join(nm, g), target);
}
for (const schema of ['rule.schema.json', 'config.schema.json']) fs.copyFileSync(path.join(root, 'rules', schema), path.join(dist, schema));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // web-tree-sitter's ESM build needs import.meta.url; its CJS build bundles cleanly.
  alias: { 'web-tree-sitter': path.join(nm, 'web-tree-sitter', 'web-tree-sitter.cjs') },
};

const entries = [
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js' },
  { in: 'server/src/serverMain.ts', out: 'dist/server.js' },
  { in: 'client/src/extension.ts', out: 'dist/client.js', external: ['vscode'] },
  { in: 'test/vscode/suite/index.ts', out: 'out/vscode-test/index.js', external: ['vscode', 'mocha'] },
  { in: 'test/vscode/suite/extension.test.ts', out: 'out/vscode-test/extension.test.js', external: ['vscode', 'mocha'] },
  { in: 'test/vscode/suite/unreviewed.test.ts', out: 'out/vscode-test/unreviewed.test.js', external: ['vscode', 'mocha'] },
  { in: 'test/vscode/suite/reload.test.ts', out: 'out/vscode-test/reload.test.js', external: ['vscode', 'mocha'] },
  { in: 'test/vscode/runTest.ts', out: 'out/vscode-test/runTest.js', external: ['@vscode/test-electron'] },
  { in: 'scripts/compile-rules.ts', out: 'out/tools/compile-rules.js' },
  { in: 'scripts/check-rules.ts', out: 'out/tools/check-rules.js' },
  { in: 'scripts/syntax-tree.ts', out: 'out/tools/syntax-tree.js' },
  { in: 'scripts/rule-docs.ts', out: 'out/tools/rule-docs.js' },
  { in: 'scripts/check-fixtures.ts', out: 'out/tools/check-fixtures.js' },
  { in: 'bench/detect.ts', out: 'out/tools/bench-detect.js' },
].filter(e => fs.existsSync(path.join(root, e.in)));

await Promise.all(entries.map(e => build({ ...common, entryPoints: [path.join(root, e.in)], outfile: path.join(root, e.out), external: e.external ?? [] })));

// SKEPTIC_BUILD_RULES lets a developer build against a rules folder of their own while rules/ is in flux.
const rulesDir = process.env.SKEPTIC_BUILD_RULES || path.join(root, 'rules');
const r = spawnSync(process.execPath, [path.join(root, 'out/tools/compile-rules.js'), rulesDir, path.join(dist, 'rules.json')], { stdio: 'inherit', env: { ...process.env, SKEPTIC_ASSETS: dist } });
if (r.status !== 0) process.exit(r.status ?? 1);

// V8 code caches of the CLI bundle (bin/load.js): one per way the command starts — `node bin/skeptic`, and
// bin/skeptic run directly, whose shebang adds a flag. Each is written after a scan of demo/ and the
// detection fixtures, so that it holds the functions a scan compiles, not only the bundle's top level.
fs.rmSync(path.join(dist, 'code-cache'), { recursive: true, force: true });
const warmUp = ['demo', 'test/fixtures/detect'].filter(d => fs.existsSync(path.join(root, d)));
for (const nodeFlags of [[], ['--max-semi-space-size=4']]) {
  const scan = spawnSync(process.execPath, [...nodeFlags, path.join(root, 'bin', 'skeptic'), 'scan', ...warmUp, '--format', 'json', '--output', path.join(root, 'out', 'code-cache-scan.json')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SKEPTIC_WRITE_CODE_CACHE: '1' } });
  // 0 or 1: no finding or findings; anything else is a broken bundle
  if (scan.status !== 0 && scan.status !== 1) {
    process.stderr.write(`the scan that writes the CLI's code cache failed (node ${nodeFlags.join(' ')}):\n${scan.stderr}`);
    process.exit(1);
  }
}
console.log(`code caches: ${fs.readdirSync(path.join(dist, 'code-cache')).length} in ${path.relative(process.cwd(), path.join(dist, 'code-cache'))}`);
