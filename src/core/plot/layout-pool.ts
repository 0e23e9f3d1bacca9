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
import { UserError } from '../../errors.js';
import type { SpecInput } from './svg.js';

export interface LayoutRequest {
  readonly id: number;
  readonly input: SpecInput;
}

export type LayoutReply =
  | { readonly id: number; readonly svg: string }
  | {
      readonly id: number;
      readonly error: { readonly message: string; readonly hint: string | undefined; readonly user: boolean; readonly stack: string | undefined };
    };

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
  const waiting = new Map<number, { resolve: (svg: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  let failed: Error | undefined;
  const failAll = (error: Error): void => {
    failed = error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: LayoutReply) => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if ('svg' in reply) {
      entry.resolve(reply.svg);
    } else if (reply.error.user) {
      entry.reject(new UserError(reply.error.message, reply.error.hint === undefined ? {} : { hint: reply.error.hint }));
    } else {
      const error = new Error(reply.error.message);
      if (reply.error.stack) error.stack = reply.error.stack;
      entry.reject(error);
    }
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => {
    if (waiting.size > 0) failAll(new Error(`the plot layout worker stopped (exit code ${code})`));
  });
  return {
    layout(input) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      return new Promise<string>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, input } satisfies LayoutRequest);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
