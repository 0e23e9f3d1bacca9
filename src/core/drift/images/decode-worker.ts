// Decodes image files on a worker thread for decoder.ts. Loaded twice: by the main thread, which
// takes only `decodeWorkerUrl` (this file's own URL, in the bundle a chunk of its own), and by a
// worker started on that URL, which decodes the batches of files it is sent and posts each batch's
// pixels back as one transferred buffer.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../../../errors.js';
import { decodeImages, type ImageMode } from './decode.js';
import type { ImageFile } from './files.js';

export const decodeWorkerUrl = import.meta.url;
export const DECODE_TASK = 'cml-drift-decode-images';

export interface DecodeBatch {
  readonly id: number;
  readonly files: readonly ImageFile[];
  readonly size: number;
  readonly mode: ImageMode;
}

export type DecodeReply =
  | { readonly id: number; readonly ok: true; readonly pixels: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly userError: boolean; readonly message: string; readonly hint?: string; readonly stack?: string };

if (!isMainThread && parentPort && (workerData as { task?: unknown } | null)?.task === DECODE_TASK) {
  const port = parentPort;
  port.on('message', (batch: DecodeBatch) => {
    decodeImages(batch.files, batch.size, batch.mode).then(
      (images) => {
        // The images of a batch are all the same length: size x size x channels.
        const pixels = new Uint8Array(images.reduce((sum, image) => sum + image.length, 0));
        let offset = 0;
        for (const image of images) {
          pixels.set(image, offset);
          offset += image.length;
        }
        port.postMessage({ id: batch.id, ok: true, pixels } satisfies DecodeReply, [pixels.buffer]);
      },
      (error: unknown) => {
        const reply: DecodeReply = isUserError(error)
          ? { id: batch.id, ok: false, userError: true, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
          : { id: batch.id, ok: false, userError: false, message: (error as Error).message ?? String(error), stack: (error as Error).stack ?? '' };
        port.postMessage(reply);
      },
    );
  });
}
