// Decoding a folder's images on two threads for image drift: this one and a worker
// (decode-worker.ts) take batches of files from one queue, so neither waits for the other, and the
// worker can decode ahead while this thread fits PCA. Each image is decoded as decode.ts does,
// whichever thread reads it, so the numbers are the same; a file that cannot be read is named
// either way. Few images, or this code running from its TypeScript sources (a worker cannot load
// those), and everything is decoded here.

import { Worker } from 'node:worker_threads';
import { isUserError } from '../../../errors.js';
import { requestsTo } from '../../worker-requests.js';
import { decodeImages, type ImageMode } from './decode.js';
import type { DecodeBatch } from './decode-worker.js';
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
  const requests = requestsTo<DecodeBatch, Uint8Array>(worker, (code) => `the image decoding thread stopped (exit code ${code})`);
  /** Set when the worker cannot be used any more (it stopped, or failed other than on a file). */
  let stopped: Error | undefined;
  const length = size * size * (mode === 'rgb' ? 3 : 1);
  let decodedThere = 0;
  let decodedInAll = 0;

  /** Decodes `files` from `start` (one batch) here, into `out`. */
  const decodeHere = async (files: readonly ImageFile[], start: number, out: Uint8Array[]): Promise<void> => {
    const images = await decodeImages(files.slice(start, start + BATCH), size, mode);
    images.forEach((image, index) => (out[start + index] = image));
  };
  const sendBatch = (files: readonly ImageFile[], start: number): Promise<Uint8Array> => {
    const failure = requests.failure ?? stopped;
    return failure ? Promise.reject(failure) : requests.ask({ files: files.slice(start, start + BATCH), size, mode });
  };
  /**
   * The worker's answer for the batch at `start`, one image after another, into `out`. A file it
   * could not read is that file's error; if the worker itself failed, the batch is decoded here.
   */
  const receiveBatch = async (files: readonly ImageFile[], start: number, answer: Promise<Uint8Array>, out: Uint8Array[]): Promise<void> => {
    let pixels: Uint8Array;
    try {
      pixels = await answer;
    } catch (error) {
      if (isUserError(error)) throw error;
      stopped ??= error as Error;
      return decodeHere(files, start, out);
    }
    for (let index = 0; index * length < pixels.length; index += 1) out[start + index] = pixels.subarray(index * length, (index + 1) * length);
    decodedThere += pixels.length / length;
  };

  return {
    async decode(files) {
      const out: Uint8Array[] = new Array<Uint8Array>(files.length);
      const errors: { readonly start: number; readonly error: unknown }[] = [];
      let next = 0;
      const take = (): number | undefined => (errors.length > 0 || next >= files.length ? undefined : ((next += BATCH), next - BATCH));
      const lane = async (decodeBatch: (start: number) => Promise<void>): Promise<void> => {
        for (let start = take(); start !== undefined; start = take()) {
          try {
            await decodeBatch(start);
          } catch (error) {
            errors.push({ start, error });
          }
        }
      };
      const here = async (start: number): Promise<void> => {
        await decodeHere(files, start, out);
        // Decoding here never waits on the event loop: let the worker's answers in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      };
      const there = (start: number): Promise<void> => receiveBatch(files, start, sendBatch(files, start), out);
      // Batches in flight on the worker, so it has the next ones while this thread is busy.
      await Promise.all([lane(here), ...Array.from({ length: WORKER_BATCHES_IN_FLIGHT }, () => lane(there))]);
      // The error of the earliest batch that failed (files in order within it).
      if (errors.length > 0) throw errors.reduce((first, entry) => (entry.start < first.start ? entry : first)).error;
      decodedInAll += files.length;
      return out;
    },
    decodeAhead(files) {
      const answers = Array.from({ length: Math.ceil(files.length / BATCH) }, (_, index) => {
        const answer = sendBatch(files, index * BATCH);
        // Met when asked for; a failure then is decoded (or reported) here.
        answer.catch(() => undefined);
        return answer;
      });
      return async () => {
        const out: Uint8Array[] = new Array<Uint8Array>(files.length);
        for (const [index, answer] of answers.entries()) await receiveBatch(files, index * BATCH, answer, out);
        decodedInAll += files.length;
        return out;
      };
    },
    async close() {
      const failure = stopped ?? requests.failure;
      log?.(`decoded ${decodedThere} of ${decodedInAll} images on the second thread${failure ? ` (it stopped: ${failure.message})` : ''}`);
      await worker.terminate();
    },
  };
}
