// Scans many files on all cores: this thread and worker threads (this same bundle, started with
// workerData), each with its own engine, scan batches of files. This thread starts at once — its engine is
// loaded anyway, for the report — while each worker spends ~150 ms starting; stealing evens the load.
// Few files are scanned in-process only, where starting workers would cost more than it saves. Results
// come back in the order of the input.
import * as os from 'os';
import * as fs from 'fs';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { languageForPath } from '../engine/languages';
import { Engine, type EngineOptions } from '../engine/engine';
import { scanFile, type FileResult, type ScanFileOptions } from './scanFile';
import type { FileTarget } from './walk';

interface WorkerInit {
  skepticWorker: true;
}

type ToWorker =
  /** How the worker creates its engine (rule folders and project advisories) and scans (plain data, cloned). */
  | { init: EngineOptions; scan: ScanFileOptions }
  | { batch: number; files: FileTarget[] }
  | { done: true };
type FromWorker = { batch: number; results: FileResult[] } | { error: string };

const IN_PROCESS_BELOW = 40;
const BATCH = 8;
const IN_FLIGHT = 2;

export function isScanWorker(): boolean {
  return !isMainThread && (workerData as WorkerInit | undefined)?.skepticWorker === true;
}

/** The worker side: create the engine as told, scan what arrives in order, answer each batch. */
export function runScanWorker(): void {
  let engine: Promise<Engine> | undefined;
  let scan: ScanFileOptions = {};
  parentPort!.on('message', async (msg: ToWorker) => {
    if ('init' in msg) {
      engine = Engine.create(msg.init);
      scan = msg.scan;
      return;
    }
    if ('done' in msg) {
      parentPort!.close();
      return;
    }
    try {
      if (!engine) throw new Error('a scan worker was sent files before its engine options');
      const ready = await engine;
      const results: FileResult[] = [];
      for (const f of msg.files) results.push(await scanFile(ready, f, scan));
      parentPort!.postMessage({ batch: msg.batch, results } satisfies FromWorker);
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error).stack ?? String(e) } satisfies FromWorker);
    }
  });
}

/** Lets the event loop run (worker replies, progress) between two files scanned on this thread. */
const yieldToEvents = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

export interface PoolOptions {
  engineOptions: EngineOptions;
  /** How each file is scanned (fingerprints for SARIF). */
  scan?: ScanFileOptions;
  /** Called after each file, for progress display. */
  onProgress?: (done: number, total: number) => void;
  /** The engine for in-process scans, asked for only when the files are scanned here. */
  engine?: () => Promise<Engine>;
  /** How bin/skeptic runs this bundle in threads; by default, workers start this file. */
  threads?: ScanThreads;
}

/** Threads bin/skeptic prepares for a scan. */
export interface ScanThreads {
  /** A worker already booting (bin/skeptic starts one for `scan`): used as the first worker, or ended if none is needed. */
  prestarted?: Worker;
  /** The script a worker starts (bin/load.js, which loads this bundle with V8's code cache). */
  workerScript?: string;
}

export async function scanAll(files: FileTarget[], opts: PoolOptions): Promise<FileResult[]> {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  // A language costs ~0.1 s to start (grammar, its rules' queries, code run cold) on each lane that meets
  // it: a few files in several languages (a pre-commit hook, the demo) are scanned fastest a language per lane.
  const languages = new Set(files.map(f => languageForPath(f.abs)).filter(Boolean)).size;
  const lanes = Math.min(cores, Math.max(Math.ceil(files.length / (BATCH * 2)), languages), files.length, 8);
  const ownEngine = (): Promise<Engine> => (opts.engine ? opts.engine() : Engine.create(opts.engineOptions));
  if ((files.length < IN_PROCESS_BELOW && languages < 2) || lanes < 2) {
    void opts.threads?.prestarted?.terminate();
    const engine = await ownEngine();
    const out: FileResult[] = [];
    for (const f of files) {
      out.push(await scanFile(engine, f, opts.scan));
      opts.onProgress?.(out.length, files.length);
    }
    return out;
  }
  // Each lane compiles the rules of every language it meets (the costly part of starting), so give each
  // lane whole languages where the load allows, and split only a language too big for one. Lane 0 is
  // this thread; the others are workers.
  const queues = assignByLanguage(files, lanes);
  const batches: FileTarget[][] = [];
  const perLane: number[][] = queues.map(q => {
    const ids: number[] = [];
    for (const [start, end] of batchBounds(q.length)) {
      ids.push(batches.length);
      batches.push(q.slice(start, end));
    }
    return ids;
  });
  const results: FileResult[][] = new Array(batches.length);
  const batchLanguages = batches.map(b => new Set(b.map(f => languageForPath(f.abs) ?? '')));
  const seen = perLane.map(() => new Set<string>());
  /** The lane's next batch: its own, else the last batch of the longest queue whose languages it has compiled. */
  const take = (lane: number): number | undefined => {
    let batch = perLane[lane].shift();
    if (batch === undefined) {
      const victims = perLane.map((q, v) => ({ q, v })).filter(({ v }) => v !== lane).sort((a, b) => b.q.length - a.q.length);
      for (const { q } of victims) {
        let i = q.length - 1;
        while (i >= 0 && ![...batchLanguages[q[i]]].every(l => seen[lane].has(l))) i--;
        if (i >= 0) {
          batch = q.splice(i, 1)[0];
          break;
        }
      }
    }
    if (batch !== undefined) for (const l of batchLanguages[batch]) seen[lane].add(l);
    return batch;
  };
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    let live = lanes;
    const finished = (): void => {
      if (--live === 0) resolve();
    };
    for (let lane = 1; lane < lanes; lane++) {
      const worker = (lane === 1 && opts.threads?.prestarted) || new Worker(opts.threads?.workerScript ?? __filename, { workerData: { skepticWorker: true } satisfies WorkerInit });
      worker.ref();
      worker.postMessage({ init: opts.engineOptions, scan: opts.scan ?? {} } satisfies ToWorker);
      // Two batches in flight: the next one is queued in the worker before it finishes the current, so it
      // never waits for this thread, which answers only between two of its own files (~5-10 ms each).
      let inFlight = 0;
      const feed = (): void => {
        // near the end, one at a time: a batch queued in a worker can no longer go to an idle lane
        const queued = perLane.reduce((n, q) => n + q.length, 0);
        while (inFlight < (queued > lanes ? IN_FLIGHT : 1)) {
          const batch = take(lane);
          if (batch === undefined) break;
          worker.postMessage({ batch, files: batches[batch] } satisfies ToWorker);
          inFlight++;
        }
        if (inFlight === 0) worker.postMessage({ done: true } satisfies ToWorker);
      };
      worker.on('message', (msg: FromWorker) => {
        if ('error' in msg) {
          reject(new Error(msg.error));
          void worker.terminate();
          return;
        }
        inFlight--;
        results[msg.batch] = msg.results;
        done += msg.results.length;
        opts.onProgress?.(done, files.length);
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', finished);
      feed();
    }
    void (async () => {
      const engine = await ownEngine();
      for (let batch = take(0); batch !== undefined; batch = take(0)) {
        const out: FileResult[] = [];
        for (const f of batches[batch]) {
          out.push(await scanFile(engine, f, opts.scan));
          opts.onProgress?.(++done, files.length);
          await yieldToEvents();
        }
        results[batch] = out;
      }
    })().then(finished, reject);
  });
  // Back in the order of the command line's files.
  const byPath = new Map(results.flat().map(r => [r.path, r]));
  return files.map(f => byPath.get(f.display)!);
}

/**
 * A queue of `count` files cut into batches of BATCH, the last few smaller (…, 4, 2, 1, 1): a lane that runs
 * out of work takes the last batch of another's queue, and small last batches even out the end.
 */
export function batchBounds(count: number): [number, number][] {
  const sizes: number[] = [];
  let left = count;
  for (let size = 1; left > 0; size = Math.min(BATCH, size * 2)) {
    for (let k = 0; k < 2 && left > 0; k++) {
      const n = Math.min(size, left);
      sizes.push(n);
      left -= n;
    }
  }
  const bounds: [number, number][] = [];
  let start = 0;
  for (const n of sizes.reverse()) {
    bounds.push([start, start + n]);
    start += n;
  }
  return bounds;
}

/** Rough cost of a language on one lane: its bytes, plus starting it (~0.1 s: ~100 KB of scanning). */
const COMPILE_COST_BYTES = 100_000;

/**
 * Splits files among lanes, keeping each language on as few lanes as the balance allows (longest
 * processing time first): a language heavier than a fair share is cut into fair-sized pieces.
 */
export function assignByLanguage(files: FileTarget[], lanes: number): FileTarget[][] {
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
  const fair = total / lanes;
  const pieces: { files: FileTarget[]; cost: number }[] = [];
  for (const g of byLanguage.values()) {
    const cost = g.bytes + COMPILE_COST_BYTES;
    const k = Math.min(lanes, Math.max(1, Math.round(cost / fair)));
    const per = Math.ceil(g.files.length / k);
    for (let i = 0; i < g.files.length; i += per) {
      const part = g.files.slice(i, i + per);
      pieces.push({ files: part, cost: (cost * part.length) / g.files.length + COMPILE_COST_BYTES });
    }
  }
  pieces.sort((a, b) => b.cost - a.cost);
  const load = new Array<number>(lanes).fill(0);
  const queues: FileTarget[][] = Array.from({ length: lanes }, () => []);
  for (const p of pieces) {
    const w = load.indexOf(Math.min(...load));
    queues[w].push(...p.files);
    load[w] += p.cost;
  }
  return queues;
}
