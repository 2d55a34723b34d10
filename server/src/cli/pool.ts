// Scans many files on all cores: worker threads (this same bundle, started with workerData) each load the
// engine once and scan the batches they are sent. Few files are scanned in-process, where starting workers
// would cost more than it saves. Results come back in the order of the input.
import * as os from 'os';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { Engine } from '../engine/engine';
import { scanFile, type FileResult } from './scanFile';
import type { FileTarget } from './walk';

interface WorkerInit {
  skepticWorker: true;
  ruleDirs: string[];
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
  const engine = await Engine.create({ ruleDirs: init.ruleDirs });
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
  ruleDirs: string[];
  /** Called after each file, for progress display. */
  onProgress?: (done: number, total: number) => void;
  /** The engine for in-process scans (created on demand otherwise). */
  engine?: Engine;
}

export async function scanAll(files: FileTarget[], opts: PoolOptions): Promise<FileResult[]> {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = Math.min(cores, Math.ceil(files.length / (BATCH * 2)), 8);
  if (files.length < IN_PROCESS_BELOW || workers < 2) {
    const engine = opts.engine ?? (await Engine.create({ ruleDirs: opts.ruleDirs }));
    const out: FileResult[] = [];
    for (const f of files) {
      out.push(await scanFile(engine, f));
      opts.onProgress?.(out.length, files.length);
    }
    return out;
  }
  const batches: FileTarget[][] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const results: FileResult[][] = new Array(batches.length);
  let next = 0;
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    let live = workers;
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(__filename, { workerData: { skepticWorker: true, ruleDirs: opts.ruleDirs } satisfies WorkerInit });
      const feed = (): void => {
        if (next < batches.length) {
          const batch = next++;
          worker.postMessage({ batch, files: batches[batch] } satisfies ToWorker);
        } else worker.postMessage({ done: true } satisfies ToWorker);
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
  return results.flat();
}
