// Loads the CLI bundle (dist/cli.js) the way its commands run best, in the command's thread (bin/skeptic)
// and in each scan worker (started with this file).
//
// V8's code cache: without it every process and every thread compiles the bundle's functions again as they
// first run: ~4% of a scan of 40k lines, ~13% of a one-file scan. The build writes the caches
// (scripts/build.mjs), one per way the command is started. V8 accepts a cache only for the bundle, Node
// version and V8 flags it was made with, and ignores any other (the bundle then compiles as usual): the
// file name below only picks the candidate.
//
// The interrupt budget: a command runs for a second or two, most of it in WebAssembly (parsing, matching),
// and V8's default budget has its optimizing compiler work on JavaScript that is not hot enough to repay
// it. A budget ~7x larger makes a scan of ~40k lines ~11% faster and leaves one of 250k lines as fast
// (bench/README.md). The long-lived language server (dist/server.js, not loaded here) keeps the default.
//
// Regular expressions compiled to machine code at once: V8 first compiles each to bytecode, interprets it
// once, then compiles it again to machine code. The rules' conditions are regular expressions of up to 4k
// characters run hundreds of times; compiling each once costs ~19 ms of a JavaScript scan's thread instead
// of ~56 (measured over the JavaScript rules' 135 expressions).
//
// No loop unrolling in WebAssembly's optimizing compiler: tree-sitter's parser and lexer are a few huge
// functions that V8 recompiles while the scan runs, on the same two cores; without unrolling that costs less
// than the unrolled loops gain back (alternated runs: 40k lines of JavaScript 631 -> 622 ms, of Python
// 772 -> 766 ms, 255k lines of JavaScript 2,263 -> 2,198 ms).
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');
const { isMainThread } = require('worker_threads');

const BUNDLE = path.join(__dirname, '..', 'dist', 'cli.js');
/** Set by the build: write the cache of this way of starting (node flags and version) on exit. */
const WRITE = process.env.SKEPTIC_WRITE_CODE_CACHE === '1';

/** V8 flags for the commands: set before any worker starts (flags are the process's) and before compiling. */
function prepare() {
  v8.setFlagsFromString('--interrupt-budget=500000');
  v8.setFlagsFromString('--no-regexp-tier-up');
  v8.setFlagsFromString('--no-wasm-loop-unrolling');
}

function cacheFile() {
  const key = crypto.createHash('sha256').update(`${process.version}\0${process.execArgv.join('\0')}`).digest('hex').slice(0, 16);
  return path.join(__dirname, '..', 'dist', 'code-cache', `${key}.bin`);
}

/** The bundle's exports, with `codeCache`: whether V8 took the cache ('used', 'rejected', 'none'). */
function load() {
  const file = cacheFile();
  let cachedData;
  if (!WRITE) {
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // no cache for this way of starting: compile as usual
    }
  }
  let source;
  try {
    source = fs.readFileSync(BUNDLE, 'utf8');
  } catch {
    process.stderr.write(`skeptic: ${BUNDLE} is missing: build Skeptic first (\`npm ci && npm run build\` in ${path.dirname(__dirname)})\n`);
    process.exit(2);
  }
  // skeptic-ignore-next-line vm-run-of-non-constant-code: the code is Skeptic's own bundle (dist/cli.js), never input; vm is used for its code cache, not as a sandbox
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  bundle.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, path.dirname(BUNDLE));
  bundle.loaded = true;
  if (WRITE && isMainThread) {
    // after the command: the cache then holds the functions it compiled, not only the top level
    process.on('exit', () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, script.createCachedData());
    });
  }
  bundle.exports.codeCache = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  return bundle.exports;
}

// A scan worker: the thread that started it has set the flags.
if (!isMainThread) load();

module.exports = { prepare, load, cacheFile };
