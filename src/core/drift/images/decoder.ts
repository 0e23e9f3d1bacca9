// Decoding a folder's images on two threads for image drift: this one and a worker
// (decode-worker.ts) take batches of files from one queue, so neither waits for the other, and the
// worker can decode ahead while this thread fits PCA. Each image is decoded as decode.ts does,
// whichever thread reads it, so the numbers are the same; a file that cannot be read is named
// either way. Few images, or this code running from its TypeScript sources (a worker cannot load
// those), and everything is decoded here.

import { Worker } from 'node:worker_threads';
import { isUserError, UserError } from '../../../errors.js';
import { decodeImages, type ImageMode } from './decode.js';
import type { DecodeBatch, DecodeReply } from './decode-worker.js';
import type { ImageFile } from './files.js';

/** Files a thread takes at a time when two decode: small enough to share the work out evenly. */
const BATCH = 64;
/** Batches sent to the worker ahead: it answers between this thread's batches only. */
const WORKER_BATCHES_IN_FLIGHT = 2;
/**
 * Below this many images in all, a second thread is not started: it costs some tens of
 * milliseconds (its own JavaScript engine, this code loaded again), about what decoding a few
 * hundred small images does.
 */
export const PARALLEL_MIN_IMAGES = 400;

export interface ImageDecoder {
  /** Each file shrunk to size x size, in order. */
  decode(files: readonly ImageFile[]): Promise<Uint8Array[]>;
  /**
   * Starts decoding `files` on the second thread at once, while this one does other work (PCA);
   * the returned function gives the images. Without a second thread they are decoded when asked.
   */
  decodeAhead(files: readonly ImageFile[]): () => Promise<Uint8Array[]>;
  close(): Promise<void>;
}

/**
 * A decoder for `total` images of one size and mode: on this thread and, for enough images (and
 * when this code runs bundled, so a worker can load it), on a second thread too. Both take
 * batches of files from one queue, so neither waits for the other.
 */
export async function openDecoder(total: number, size: number, mode: ImageMode, log?: (message: string) => void): Promise<ImageDecoder> {
  const { decodeWorkerUrl, DECODE_TASK } = await import('./decode-worker.js');
  if (total < PARALLEL_MIN_IMAGES || !decodeWorkerUrl.endsWith('.js')) {
    const decode = (files: readonly ImageFile[]): Promise<Uint8Array[]> => decodeImages(files, size, mode);
    return { decode, decodeAhead: (files) => () => decode(files), close: async () => {} };
  }
  log?.('decoding images on two threads');
  const worker = new Worker(`import(${JSON.stringify(decodeWorkerUrl)});`, { eval: true, workerData: { task: DECODE_TASK } });
  const waiting = new Map<number, { resolve: (pixels: Uint8Array) => void; reject: (error: Error) => void }>();
  let failed: Error | undefined;
  const failAll = (error: Error): void => {
    failed ??= error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: DecodeReply) => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if (reply.ok) entry.resolve(reply.pixels);
    else if (reply.userError) entry.reject(new UserError(reply.message, reply.hint ? { hint: reply.hint } : {}));
    else entry.reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the image decoding thread stopped (exit code ${code})`)));
  let nextId = 0;
  const onWorker = (files: readonly ImageFile[]): Promise<Uint8Array> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, files, size, mode } satisfies DecodeBatch);
    });
  };
  const length = size * size * (mode === 'rgb' ? 3 : 1);
  /** A batch's pixels from the worker, one image after another, into `out` from `start`. */
  let decodedThere = 0;
  let decodedInAll = 0;
  const split = (pixels: Uint8Array, start: number, out: Uint8Array[]): void => {
    for (let index = 0; index * length < pixels.length; index += 1) out[start + index] = pixels.subarray(index * length, (index + 1) * length);
    decodedThere += pixels.length / length;
  };
  return {
    async decode(files) {
      const out: Uint8Array[] = new Array<Uint8Array>(files.length);
      const errors: { readonly start: number; readonly error: unknown }[] = [];
      let next = 0;
      const take = (): number | undefined => (errors.length > 0 || next >= files.length ? undefined : ((next += BATCH), next - BATCH));
      const decodeHereInto = async (start: number): Promise<void> => {
        const images = await decodeImages(files.slice(start, start + BATCH), size, mode);
        images.forEach((image, index) => (out[start + index] = image));
        // Decoding here never waits on the event loop: let the worker's answers in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      };
      const lane = async (onThread: (start: number) => Promise<void>): Promise<void> => {
        for (let start = take(); start !== undefined; start = take()) {
          try {
            await onThread(start);
          } catch (error) {
            errors.push({ start, error });
          }
        }
      };
      const there = async (start: number): Promise<void> => {
        if (failed) return decodeHereInto(start);
        let pixels: Uint8Array;
        try {
          pixels = await onWorker(files.slice(start, start + BATCH));
        } catch (error) {
          if (isUserError(error)) throw error;
          // The thread itself failed: its batches are decoded here instead.
          failed ??= error as Error;
          return decodeHereInto(start);
        }
        split(pixels, start, out);
      };
      // Batches in flight on the worker, so it has the next ones while this thread is busy.
      await Promise.all([lane(decodeHereInto), ...Array.from({ length: WORKER_BATCHES_IN_FLIGHT }, () => lane(there))]);
      // The error of the earliest batch that failed (files in order within it).
      if (errors.length > 0) throw errors.reduce((first, entry) => (entry.start < first.start ? entry : first)).error;
      decodedInAll += files.length;
      return out;
    },
    decodeAhead(files) {
      const batches = Array.from({ length: Math.ceil(files.length / BATCH) }, (_, index) => {
        const start = index * BATCH;
        const done = onWorker(files.slice(start, start + BATCH));
        // Met when asked for; a failure then is decoded (or reported) here.
        done.catch(() => undefined);
        return { start, done };
      });
      return async () => {
        const out: Uint8Array[] = new Array<Uint8Array>(files.length);
        for (const { start, done } of batches) {
          let pixels: Uint8Array | undefined;
          try {
            pixels = await done;
          } catch (error) {
            if (isUserError(error)) throw error;
            failed ??= error as Error;
          }
          if (pixels) split(pixels, start, out);
          else (await decodeImages(files.slice(start, start + BATCH), size, mode)).forEach((image, index) => (out[start + index] = image));
        }
        decodedInAll += files.length;
        return out;
      };
    },
    async close() {
      log?.(`decoded ${decodedThere} of ${decodedInAll} images on the second thread${failed ? ` (it stopped: ${failed.message})` : ''}`);
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
