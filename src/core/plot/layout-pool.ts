// Worker threads that lay charts out in parallel, for renderPlots.
//
// Vega's layout is JavaScript on one thread and takes most of a chart's time; with several charts
// to draw and more than one core, a few worker threads (each with its own Vega) lay out charts
// while the main thread does the same and sharp rasterises on libuv's pool. The worker script is
// part of the bundle (dist/workers/plot-layout.js); where it does not exist (running from the
// TypeScript sources) there is no pool and the main thread does all the layout.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { requestsTo } from '../worker-requests.js';
import type { SpecInput } from './svg.js';

/** The bundled worker script beside this module's bundle, if there is one. */
export function layoutWorkerScript(): string | undefined {
  // From dist/chunks, dist/bin or dist/actions alike.
  const path = fileURLToPath(new URL('../workers/plot-layout.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

export interface LayoutWorker {
  layout(input: SpecInput): Promise<string>;
  close(): Promise<void>;
}

/** One worker thread; requests are answered in order. */
export function startLayoutWorker(script: string): LayoutWorker {
  const worker = new Worker(script);
  // A worker left open by a failed batch must not keep the process alive.
  worker.unref();
  const requests = requestsTo<SpecInput, string>(worker, (code) => `the plot layout worker stopped (exit code ${code})`);
  return {
    layout: (input) => requests.ask(input),
    async close() {
      await worker.terminate();
    },
  };
}
