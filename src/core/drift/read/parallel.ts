// Reads the reference and the current file at the same time: the current file on a worker thread,
// the reference on this one. Parsing, type inference and sorting are CPU-bound, so on two cores
// this halves the wall time of the slowest phase; a small current file is read here too. Falls back to reading in this thread when
// workers cannot load this code (running from TypeScript sources, e.g. under the test runner).

import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Dataset } from '../types.js';
import { revivedError } from '../../worker-requests.js';
import { readDataset, type ReadOptions } from './dataset.js';
import type { ReadReply, ReadRequest } from './read-worker.js';

export interface ParallelOptions extends ReadOptions {
  /** false: read both files on this thread. */
  readonly parallel?: boolean;
  /** Told how the files are read (debug output). */
  readonly log?: (message: string) => void;
}

/**
 * Below this size the current file is read on this thread too: starting a thread (its own
 * JavaScript engine, this code loaded again, the rows copied back) costs some tens of
 * milliseconds, about what reading a megabyte of CSV does.
 */
export const PARALLEL_MIN_BYTES = 1024 * 1024;

export async function readBoth(referencePath: string, currentPath: string, options: ParallelOptions = {}): Promise<[Dataset, Dataset]> {
  const { parallel = true, log, ...readOptions } = options;
  const { workerModuleUrl, READ_TASK } = await import('./read-worker.js');
  const small =
    parallel &&
    (await stat(currentPath).then(
      (stats) => stats.size < PARALLEL_MIN_BYTES,
      () => false,
    ));
  if (!parallel || small || !workerModuleUrl.endsWith('.js')) {
    log?.(`reading both files on the main thread${small ? ' (the current file is under 1 MiB)' : ''}`);
    const reference = await readDataset(referencePath, readOptions);
    const current = await readDataset(currentPath, readOptions);
    return [reference, current];
  }
  log?.('reading the current file on a reader thread, the reference on the main thread');
  const request: ReadRequest = { task: READ_TASK, path: currentPath, options: readOptions };
  const worker = new Worker(`import(${JSON.stringify(workerModuleUrl)});`, { eval: true, workerData: request });
  const currentPromise = new Promise<Dataset>((resolve, reject) => {
    worker.once('message', (reply: ReadReply) => {
      if (reply.ok) resolve(reply.dataset);
      else reject(revivedError(reply.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the reader thread for ${currentPath} stopped (exit code ${code})`)));
  });
  try {
    const [reference, current] = await Promise.all([readDataset(referencePath, readOptions), currentPromise]);
    return [reference, current];
  } finally {
    await worker.terminate();
  }
}
