// Reads one data file on a worker thread. Loaded twice: by the main thread, which only takes
// `workerModuleUrl` (this file's own URL, which in the bundle is its own chunk), and by a worker
// started on that URL, which reads the file named in workerData and posts the Dataset back with
// its typed arrays transferred, not copied.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { postedError, type PostedError } from '../../worker-requests.js';
import type { Dataset } from '../types.js';
import { readDataset, type ReadOptions } from './dataset.js';

export const workerModuleUrl = import.meta.url;
export const READ_TASK = 'cml-drift-read';

export interface ReadRequest {
  readonly task: typeof READ_TASK;
  readonly path: string;
  readonly options: ReadOptions;
}

export type ReadReply = { ok: true; dataset: Dataset } | { ok: false; error: PostedError };

export function transferList(dataset: Dataset): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const column of dataset.columns) {
    if (column.kind === 'numeric' || column.kind === 'datetime') buffers.push(column.values.buffer as ArrayBuffer, column.sorted.buffer as ArrayBuffer);
    else if (column.kind === 'categorical') buffers.push(column.codes.buffer as ArrayBuffer);
  }
  return buffers;
}

const request = workerData as Partial<ReadRequest> | null;
if (!isMainThread && parentPort && request?.task === READ_TASK) {
  const port = parentPort;
  readDataset(request.path!, request.options ?? {}).then(
    (dataset) => port.postMessage({ ok: true, dataset } satisfies ReadReply, transferList(dataset)),
    (error: unknown) => port.postMessage({ ok: false, error: postedError(error) } satisfies ReadReply),
  );
}
