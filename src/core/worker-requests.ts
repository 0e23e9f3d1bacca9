// Requests to a worker thread and their answers, for the threads core code starts (plot layout,
// image decoding, reading a data file). The main side numbers each request and meets its promise
// when the answer comes; the worker side answers each request with its handler's value or error.
//
// An error crosses as plain data and is made again on this side: a UserError stays one (with its
// hint), any other keeps its message and stack. A worker that fails or exits fails every request
// still waiting, and every later one.

import type { MessagePort, TransferListItem, Worker } from 'node:worker_threads';
import { isUserError, UserError } from '../errors.js';

/** An error as it crosses between threads. */
export interface PostedError {
  readonly message: string;
  readonly user: boolean;
  readonly hint?: string;
  readonly stack?: string;
}

export function postedError(error: unknown): PostedError {
  if (isUserError(error)) return { message: error.message, user: true, ...(error.hint ? { hint: error.hint } : {}) };
  const failure = error instanceof Error ? error : new Error(String(error));
  return { message: failure.message, user: false, ...(failure.stack ? { stack: failure.stack } : {}) };
}

export function revivedError(posted: PostedError): Error {
  if (posted.user) return new UserError(posted.message, posted.hint ? { hint: posted.hint } : {});
  const error = new Error(posted.message);
  if (posted.stack) error.stack = posted.stack;
  return error;
}

interface Envelope<Q> {
  readonly id: number;
  readonly request: Q;
}

type Answer<A> = { readonly id: number; readonly ok: true; readonly value: A } | { readonly id: number; readonly ok: false; readonly error: PostedError };

export interface WorkerRequests<Q, A> {
  ask(request: Q): Promise<A>;
  /** Why the worker no longer answers, once it does not. */
  readonly failure: Error | undefined;
}

/** Requests to `worker`; `stopped` words the failure when it exits (terminated, or crashed). */
export function requestsTo<Q, A>(worker: Worker, stopped: (exitCode: number) => string): WorkerRequests<Q, A> {
  const waiting = new Map<number, { resolve: (value: A) => void; reject: (error: Error) => void }>();
  let next = 0;
  let failure: Error | undefined;
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on('message', (answer: Answer<A>) => {
    const entry = waiting.get(answer.id);
    if (!entry) return;
    waiting.delete(answer.id);
    if (answer.ok) entry.resolve(answer.value);
    else entry.reject(revivedError(answer.error));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(stopped(code))));
  return {
    ask(request) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<A>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, request } satisfies Envelope<Q>);
      });
    },
    get failure() {
      return failure;
    },
  };
}

/** In a worker: answers each request on `port` with `handle`'s value (moving what `transfer` lists) or error. */
export function answerRequests<Q, A>(port: MessagePort, handle: (request: Q) => Promise<A>, transfer: (value: A) => TransferListItem[] = () => []): void {
  port.on('message', ({ id, request }: Envelope<Q>) => {
    handle(request).then(
      (value) => port.postMessage({ id, ok: true, value } satisfies Answer<A>, transfer(value)),
      (error: unknown) => port.postMessage({ id, ok: false, error: postedError(error) } satisfies Answer<A>),
    );
  });
}
