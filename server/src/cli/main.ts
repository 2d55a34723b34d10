// `skeptic` — the command-line twin of the editor extension, for pre-commit hooks and CI.
//   skeptic scan [PATH…] [--staged] [--format text|json|sarif] [--severity info|warning|error] [--output FILE] [--rules DIR]
//   skeptic fix [PATH…]          apply the fixes marked safe
//   skeptic rules [--format text|json]
//   skeptic review-prompt [--staged | --base REF] [--output FILE]   a debiased security-review prompt from git diff
// Exit status: 0 no finding at or above --severity, 1 findings, 2 usage or I/O error (one line, no stack).
import * as fs from 'fs';
import * as path from 'path';
import { severityRank, type Severity } from '../../../common/src/types';
import { Engine, readRulesBundle, type EngineOptions } from '../engine/engine';
import { applyEdits, safeFixEdits } from '../engine/fixes';
import { mergeSettings, ruleEnabled, type RepositoryConfig, type SkepticSettings } from '../../../common/src/settings';
import { findConfigDir, ignoreMatcher, readConfig } from '../engine/config';
import { formatRuleError } from '../engine/ruleLoader';
import { decodeSource } from '../engine/source';
import { classifyZones, type Zone } from '../engine/zones';
import { findAssetsDir } from '../engine/treeSitter';
import { IoError, parseArgs, UsageError } from './args';
import { renderJson } from './format/json';
import type { ReportedFinding, ScanReport } from './format/report';
import { renderSarif } from './format/sarif';
import { renderText } from './format/text';
import { buildReviewPrompt, ReviewPromptError, type ReviewMode } from './reviewPrompt';
import { isScanWorker, runScanWorker, scanAll, type ScanThreads } from './pool';
import { stagedFiles } from './git';
import { scanFile } from './scanFile';
import { collectFiles, type Skipped } from './walk';
import { byCodeUnits } from '../../../common/src/order';

const USAGE = `usage: skeptic <command> [options]

  scan [PATH…]     report security findings (PATH defaults to .)
      --format text|json|sarif   output format (default text)
      --severity info|warning|error   report and fail on findings at or above this (default warning)
      --output FILE              write the report to FILE instead of stdout
      --rules DIR                also load the rules in DIR (repeatable)
      --staged                   scan what is staged in git (the index, not the working tree): for pre-commit hooks
  fix [PATH…]      apply the fixes marked safe and print what changed
  rules            list the rules  [--format text|json]
  zones [PATH…]    list files in security exclusion zones, with the evidence
      --format text|json|codeowners   (codeowners needs --owner @team)
  review-prompt    a security-review prompt for a change, from git diff alone (no commit messages)
      --staged                   the staged changes (default: working tree against HEAD)
      --base REF                 HEAD against its merge base with REF, e.g. origin/main
      --output FILE              write the prompt to FILE instead of stdout
  lsp --stdio      run the language server (for Neovim, Helix, Emacs and other LSP clients)
  version          print the version

exit status: 0 no findings at or above --severity, 1 findings, 2 usage or I/O error`;


function writeOut(text: string, output: string | undefined): void {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(output, text);
  } catch (e) {
    throw new IoError(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function reportSkipped(skipped: Skipped[]): void {
  for (const s of skipped) process.stderr.write(`skeptic: skipped ${s.path}: ${s.reason}\n`);
}

function progress(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = Date.now();
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - started < 1000 || (now - last < 100 && done < total)) return;
    last = now;
    process.stderr.write(`\r\x1b[Kscanning ${done}/${total} files`);
    if (done === total) process.stderr.write('\r\x1b[K');
  };
}

/** What an engine needs from the command line and .skeptic.yaml: extra rule folders, project advisories. */
function engineOptions(ruleDirs: string[], repo: { config?: RepositoryConfig }): EngineOptions {
  return { ruleDirs, advisories: repo.config?.advisories };
}

async function cmdScan(argv: string[], threads?: ScanThreads): Promise<number> {
  const { positional, flags } = parseArgs(argv, {
    format: { values: ['text', 'json', 'sarif'] },
    severity: { values: ['info', 'warning', 'error'] },
    output: { values: 'string' },
    rules: { values: 'string', repeatable: true },
    staged: { values: 'boolean' },
  });
  const format = flags.get('format')?.[0] ?? 'text';
  const repo = repositoryConfig();
  const threshold = (flags.get('severity')?.[0] ?? repo.config?.minimumSeverity ?? 'warning') as Severity;
  const output = flags.get('output')?.[0];
  const ruleDirs = [...(flags.get('rules') ?? []).map(d => path.resolve(d)), ...repo.ruleFolders];
  for (const d of ruleDirs) if (!fs.existsSync(d)) throw new IoError(`cannot read rules folder ${d}: no such directory`);
  const paths = positional.length ? positional : ['.'];

  // --staged: what `git commit` would record (the index), for a pre-commit hook; PATHs narrow it.
  const collected = flags.has('staged') ? { files: stagedFiles(positional), skipped: [] as Skipped[] } : collectFiles(paths);
  const { skipped } = collected;
  const files = collected.files.filter(f => !repo.isIgnored(f.abs));
  const options = engineOptions(ruleDirs, repo);
  let created: Promise<Engine> | undefined;
  const engineOnce = (): Promise<Engine> => (created ??= Engine.create(options));
  // the workers start first: this thread loads its own engine (for the report) while they boot
  const scanning = scanAll(files, { engineOptions: options, scan: { fingerprints: format === 'sarif' }, engine: engineOnce, onProgress: progress(), threads });
  const [engine, results] = await Promise.all([engineOnce(), scanning]);
  // Problems in extra rule folders are named (the bundled rules were checked at build time); the other
  // rules still ran. Compiling every language costs seconds, so only when there are extra rules.
  if (ruleDirs.length) for (const lang of new Set(engine.ruleSet.infos().flatMap(r => r.languages))) await engine.ruleSet.prepare(lang);
  for (const e of engine.ruleSet.errors) process.stderr.write(`skeptic: rule skipped: ${formatRuleError(e)}\n`);

  const findings: ReportedFinding[] = [];
  const belowThreshold: Partial<Record<Severity, number>> = {};
  for (const r of results) {
    for (const n of r.notes) process.stderr.write(`skeptic: ${r.path}: ${n}\n`);
    if (r.skipped) {
      skipped.push({ path: r.path, reason: r.skipped });
      continue;
    }
    r.findings.forEach((finding, i) => {
      if (!ruleEnabled(repo.settings, finding.ruleId)) return;
      if (severityRank(finding.severity) >= severityRank(threshold)) findings.push({ path: r.path, finding, fingerprint: r.fingerprints[i] });
      else belowThreshold[finding.severity] = (belowThreshold[finding.severity] ?? 0) + 1;
    });
  }
  reportSkipped(skipped);
  const report: ScanReport = {
    tool: 'skeptic',
    version: engine.version,
    findings,
    skipped,
    filesScanned: results.length - results.filter(r => r.skipped).length,
    rules: engine.ruleSet.infos(),
    root: process.cwd(),
    belowThreshold,
    threshold,
  };
  const color = !output && format === 'text' && !!process.stdout.isTTY && !process.env.NO_COLOR;
  writeOut(format === 'json' ? renderJson(report) : format === 'sarif' ? renderSarif(report) : renderText(report, color), output);
  return findings.length ? 1 : 0;
}

/** The repository's .skeptic.yaml (nearest at or above the current directory): what the CLI honours. */
function repositoryConfig(): { config?: RepositoryConfig; settings: SkepticSettings; ruleFolders: string[]; isIgnored: (abs: string) => boolean } {
  const dir = findConfigDir(process.cwd());
  let config: RepositoryConfig | undefined;
  try {
    config = dir ? readConfig(dir) : undefined;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; fix .skeptic.yaml (see README) and run again`);
  }
  const settings = mergeSettings(config, undefined);
  return {
    config,
    settings,
    ruleFolders: (config?.ruleFolders ?? []).map(r => path.resolve(dir!, r)),
    isIgnored: ignoreMatcher(settings.ignore, dir ?? process.cwd()),
  };
}

async function cmdFix(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, { rules: { values: 'string', repeatable: true } });
  const repo = repositoryConfig();
  const ruleDirs = [...(flags.get('rules') ?? []).map(d => path.resolve(d)), ...repo.ruleFolders];
  const collected = collectFiles(positional.length ? positional : ['.']);
  const { skipped } = collected;
  const files = collected.files.filter(f => !repo.isIgnored(f.abs));
  const engine = await Engine.create(engineOptions(ruleDirs, repo));
  let changedFiles = 0;
  let applied = 0;
  for (const target of files) {
    const r = await scanFile(engine, target, { keepText: true });
    if (r.skipped) {
      skipped.push({ path: r.path, reason: r.skipped });
      continue;
    }
    if (r.notes.length || r.text === undefined) continue; // never rewrite a file we could not read faithfully
    const { edits, applied: fixed } = safeFixEdits(r.findings.filter(f => ruleEnabled(repo.settings, f.ruleId)));
    if (!edits.length) continue;
    const text = applyEdits(r.text, edits);
    try {
      fs.writeFileSync(target.abs, (r.hadBom ? '\ufeff' : '') + text);
    } catch (e) {
      throw new IoError(`cannot write ${target.display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    changedFiles++;
    for (const f of fixed) {
      applied++;
      process.stdout.write(`${r.path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.ruleId}: ${f.fix!.title}\n`);
    }
  }
  reportSkipped(skipped);
  process.stdout.write(applied ? `Applied ${applied} safe fix${applied === 1 ? '' : 'es'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}.\n` : 'No safe fixes to apply.\n');
  return 0;
}

async function cmdZones(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, { format: { values: ['text', 'json', 'codeowners'] }, owner: { values: 'string' } });
  const format = flags.get('format')?.[0] ?? 'text';
  const owner = flags.get('owner')?.[0];
  if (format === 'codeowners' && !owner) throw new UsageError('--format codeowners needs --owner, e.g. --owner @your-org/security');
  const { files, skipped } = collectFiles(positional.length ? positional : ['.']);
  const configDir = findConfigDir(process.cwd());
  const zoneOptions = configDir ? readConfig(configDir)?.zones : undefined;
  const out: { path: string; zones: Zone[] }[] = [];
  for (const f of files) {
    let text: string;
    try {
      const decoded = decodeSource(fs.readFileSync(f.abs), f.abs);
      if (decoded.text === undefined) {
        skipped.push({ path: f.display, reason: decoded.skipReason ?? 'unreadable' });
        continue;
      }
      text = decoded.text;
    } catch (e) {
      skipped.push({ path: f.display, reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      continue;
    }
    const zones = classifyZones(path.relative(configDir ?? process.cwd(), f.abs), text, zoneOptions);
    if (zones.length) out.push({ path: f.display, zones });
  }
  reportSkipped(skipped);
  if (format === 'json') process.stdout.write(JSON.stringify({ tool: 'skeptic', version: readRulesBundle().version, files: out, skipped }, null, 2) + '\n');
  else if (format === 'codeowners') {
    process.stdout.write('# Security exclusion zones (generated by `skeptic zones`): AI-written changes here need a security review\n');
    for (const f of out) process.stdout.write(`/${f.path.replace(/^\.\//, '').replace(/ /g, '\\ ')} ${owner}  # ${f.zones.map(z => z.name).join(', ')}\n`);
  } else {
    for (const f of out) {
      process.stdout.write(`${f.path}: ${f.zones.map(z => z.name).join(', ')}\n`);
      for (const z of f.zones) for (const e of z.evidence) process.stdout.write(`    ${z.name}: ${e.kind} ${e.line >= 0 ? `line ${e.line + 1}: ` : ''}${e.text}\n`);
    }
    process.stdout.write(`${out.length} of ${files.length} file${files.length === 1 ? '' : 's'} in security exclusion zones.\n`);
  }
  return 0;
}

async function cmdReviewPrompt(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, { staged: { values: 'boolean' }, base: { values: 'string' }, output: { values: 'string' } });
  if (positional.length) throw new UsageError(`review-prompt takes no paths (got "${positional[0]}"); it reviews the whole change`);
  const base = flags.get('base')?.[0];
  if (base !== undefined && flags.has('staged')) throw new UsageError('--staged and --base compare different things; give one of them');
  const mode: ReviewMode = base !== undefined ? { kind: 'base', ref: base } : flags.has('staged') ? { kind: 'staged' } : { kind: 'worktree' };
  const { prompt, input } = await buildReviewPrompt(process.cwd(), mode, repositoryConfig().config?.zones);
  if (!prompt) {
    process.stderr.write(`skeptic: nothing to review: no changes in ${mode.kind === 'staged' ? 'the staged files' : mode.kind === 'base' ? `HEAD since ${base}` : 'the working tree against HEAD'}\n`);
    return 0;
  }
  if (input.untracked) process.stderr.write(`skeptic: ${input.untracked} untracked file${input.untracked === 1 ? ' is' : 's are'} not in the diff; \`git add -N FILE\` includes a new file\n`);
  writeOut(prompt, flags.get('output')?.[0]);
  return 0;
}

async function cmdRules(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, { format: { values: ['text', 'json'] }, rules: { values: 'string', repeatable: true } });
  const engine = await Engine.create({ ruleDirs: (flags.get('rules') ?? []).map(d => path.resolve(d)) });
  const infos = engine.ruleSet.infos().sort((a, b) => byCodeUnits(a.id, b.id));
  if (flags.get('format')?.[0] === 'json') {
    process.stdout.write(JSON.stringify(infos, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...infos.map(r => r.id.length), 4);
  for (const r of infos) {
    const fix = r.fixTitle ? (r.fixSafe ? ' fix:safe' : ' fix') : '';
    process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.cwe.join(',').padEnd(16)} ${r.languages.join(',')}${fix}\n`);
  }
  process.stdout.write(`${infos.length} rules\n`);
  return 0;
}

export async function main(argv: string[], threads?: ScanThreads): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'scan':
      return cmdScan(rest, threads);
    case 'fix':
      return cmdFix(rest);
    case 'rules':
      return cmdRules(rest);
    case 'zones':
      return cmdZones(rest);
    case 'review-prompt':
      return cmdReviewPrompt(rest);
    case 'lsp': {
      // The language server over stdio, for any editor: `skeptic lsp --stdio`.
      if (!rest.includes('--stdio')) throw new UsageError('skeptic lsp speaks LSP over stdio: run `skeptic lsp --stdio`');
      // dist/server.js, the bundle the VS Code client starts, beside this one; it starts on load. Kept out of
      // this bundle: vscode-languageserver (~0.5 MB) would be parsed by every scan and every scan worker.
      require(path.join(findAssetsDir(), 'server.js'));
      return new Promise<number>(() => undefined); // runs until the editor ends the session
    }
    case 'version':
    case '--version':
      process.stdout.write(`${readRulesBundle().version}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"; run \`skeptic --help\``);
  }
}

/**
 * The command line's entry: runs it and sets the exit code. bin/skeptic passes the `threads` of a scan: a
 * worker it started before loading this bundle (unreferenced; the scan uses it, or ends it when the files
 * are few), and the script further workers start.
 */
export function run(argv: string[], threads?: ScanThreads): void {
  // A reader that stops early (`skeptic rules | head`) is not an error: the rest of the output is dropped,
  // without a stack trace, and the command still ends with its own exit status.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.stdout.write = () => true;
  });
  main(argv, threads).then(
    code => {
      process.exitCode = code;
    },
    (e: Error) => {
      const known = e instanceof UsageError || e instanceof IoError || e instanceof ReviewPromptError || /^cannot read /.test(e.message) || / does not scan /.test(e.message);
      process.stderr.write(`skeptic: ${known ? e.message : `internal error: ${e.message}. Please report it with the command you ran.`}\n`);
      if (process.env.SKEPTIC_DEBUG && !known) process.stderr.write(`${e.stack}\n`);
      process.exitCode = 2;
    },
  );
}

// Worker threads of a large scan start this same bundle.
if (isScanWorker()) runScanWorker();
