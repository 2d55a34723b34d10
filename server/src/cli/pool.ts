// Scans many files on all cores: worker threads (this same bundle, started with workerData) each load the
// engine once and scan the batches they are sent. Few files are scanned in-process, where starting workers
// would cost more than it saves. Results come back in the order of the input.
import * as os from 'os';
import * as fs from 'fs';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { languageForPath } from '../engine/languages';
import { Engine, type EngineOptions } from '../engine/engine';
import { scanFile, type FileResult } from './scanFile';
import type { FileTarget } from './walk';

interface WorkerInit {
  skepticWorker: true;
  /** How each worker creates its engine: rule folders and project advisories (plain data, cloned). */
  engineOptions: EngineOptions;
}

type ToWorker = { batch: number; files: FileTarget[] } | { done: true };
type FromWorker = { batch: number; results: FileResult[] } | { error: string };

const IN_PROCESS_BELOW = 40;
const BATCH = 8;

export function isScanWorker(): boolean {
  return !isMainThread && (workerData as WorkerInit | undefined)?.skepticWorker === true;
}

/** The worker side: load the engine, scan what arrives, answer each batch. */
export async function runScanWorker(): Promise<void> {
  const init = workerData as WorkerInit;
  const engine = await Engine.create(init.engineOptions);
  parentPort!.on('message', async (msg: ToWorker) => {
    if ('done' in msg) {
      parentPort!.close();
      return;
    }
    try {
      const results: FileResult[] = [];
      for (const f of msg.files) results.push(await scanFile(engine, f));
      parentPort!.postMessage({ batch: msg.batch, results } satisfies FromWorker);
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error).stack ?? String(e) } satisfies FromWorker);
    }
  });
}

export interface PoolOptions {
  engineOptions: EngineOptions;
  /** Called after each file, for progress display. */
  onProgress?: (done: number, total: number) => void;
  /** The engine for in-process scans, asked for only when the files are scanned here. */
  engine?: () => Promise<Engine>;
}

export async function scanAll(files: FileTarget[], opts: PoolOptions): Promise<FileResult[]> {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = Math.min(cores, Math.ceil(files.length / (BATCH * 2)), 8);
  if (files.length < IN_PROCESS_BELOW || workers < 2) {
    const engine = opts.engine ? await opts.engine() : await Engine.create(opts.engineOptions);
    const out: FileResult[] = [];
    for (const f of files) {
      out.push(await scanFile(engine, f));
      opts.onProgress?.(out.length, files.length);
    }
    return out;
  }
  // Each worker compiles the rules of every language it meets (the costly part of starting), so give
  // each worker whole languages where the load allows, and split only a language too big for one worker.
  const queues = assignByLanguage(files, workers);
  const batches: FileTarget[][] = [];
  const perWorker: number[][] = queues.map(q => {
    const ids: number[] = [];
    for (let i = 0; i < q.length; i += BATCH) {
      ids.push(batches.length);
      batches.push(q.slice(i, i + BATCH));
    }
    return ids;
  });
  const results: FileResult[][] = new Array(batches.length);
  const batchLanguages = batches.map(b => new Set(b.map(f => languageForPath(f.abs) ?? '')));
  const seen = perWorker.map(() => new Set<string>());
  /** A worker out of work takes the last batch of the longest queue, if it has compiled its languages already. */
  const steal = (w: number): number | undefined => {
    const victims = perWorker.map((q, v) => ({ q, v })).filter(({ v }) => v !== w).sort((a, b) => b.q.length - a.q.length);
    for (const { q } of victims) {
      for (let i = q.length - 1; i >= 0; i--) {
        if ([...batchLanguages[q[i]]].every(l => seen[w].has(l))) return q.splice(i, 1)[0];
      }
    }
    return undefined;
  };
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    let live = workers;
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(__filename, { workerData: { skepticWorker: true, engineOptions: opts.engineOptions } satisfies WorkerInit });
      const mine = perWorker[w];
      const feed = (): void => {
        const batch = mine.shift() ?? steal(w);
        if (batch === undefined) return void worker.postMessage({ done: true } satisfies ToWorker);
        for (const l of batchLanguages[batch]) seen[w].add(l);
        worker.postMessage({ batch, files: batches[batch] } satisfies ToWorker);
      };
      worker.on('message', (msg: FromWorker) => {
        if ('error' in msg) {
          reject(new Error(msg.error));
          void worker.terminate();
          return;
        }
        results[msg.batch] = msg.results;
        done += msg.results.length;
        opts.onProgress?.(done, files.length);
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        if (--live === 0) resolve();
      });
      feed();
    }
  });
  // Back in the order of the command line's files.
  const byPath = new Map(results.flat().map(r => [r.path, r]));
  return files.map(f => byPath.get(f.display)!);
}

/** Rough cost of a language on one worker: its bytes, plus compiling its rules (~100 KB of scanning). */
const COMPILE_COST_BYTES = 100_000;

/**
 * Splits files among workers, keeping each language on as few workers as the balance allows (longest
 * processing time first): a language heavier than a fair share is cut into fair-sized pieces.
 */
export function assignByLanguage(files: FileTarget[], workers: number): FileTarget[][] {
  const byLanguage = new Map<string, { files: FileTarget[]; bytes: number }>();
  for (const f of files) {
    const lang = languageForPath(f.abs) ?? '';
    let g = byLanguage.get(lang);
    if (!g) byLanguage.set(lang, (g = { files: [], bytes: 0 }));
    g.files.push(f);
    let size = 0;
    try {
      size = fs.statSync(f.abs).size;
    } catch {
      // unreadable: scanFile reports it
    }
    g.bytes += size;
  }
  const total = [...byLanguage.values()].reduce((n, g) => n + g.bytes + COMPILE_COST_BYTES, 0);
  const fair = total / workers;
  const pieces: { files: FileTarget[]; cost: number }[] = [];
  for (const g of byLanguage.values()) {
    const cost = g.bytes + COMPILE_COST_BYTES;
    const k = Math.min(workers, Math.max(1, Math.round(cost / fair)));
    const per = Math.ceil(g.files.length / k);
    for (let i = 0; i < g.files.length; i += per) {
      const part = g.files.slice(i, i + per);
      pieces.push({ files: part, cost: (cost * part.length) / g.files.length + COMPILE_COST_BYTES });
    }
  }
  pieces.sort((a, b) => b.cost - a.cost);
  const load = new Array<number>(workers).fill(0);
  const queues: FileTarget[][] = Array.from({ length: workers }, () => []);
  for (const p of pieces) {
    const w = load.indexOf(Math.min(...load));
    queues[w].push(...p.files);
    load[w] += p.cost;
  }
  return queues;
}
