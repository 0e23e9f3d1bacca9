// Decodes image files on a worker thread for decoder.ts. Loaded twice: by the main thread, which
// takes only `decodeWorkerUrl` (this file's own URL, in the bundle a chunk of its own), and by a
// worker started on that URL, which decodes the batches of files it is sent and posts each batch's
// pixels back as one transferred buffer.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { answerRequests } from '../../worker-requests.js';
import { decodeImages, type ImageMode } from './decode.js';
import type { ImageFile } from './files.js';

export const decodeWorkerUrl = import.meta.url;
export const DECODE_TASK = 'cml-drift-decode-images';

export interface DecodeBatch {
  readonly files: readonly ImageFile[];
  readonly size: number;
  readonly mode: ImageMode;
}

if (!isMainThread && parentPort && (workerData as { task?: unknown } | null)?.task === DECODE_TASK) {
  answerRequests<DecodeBatch, Uint8Array>(
    parentPort,
    async (batch) => {
      // The images of a batch are all the same length (size x size x channels): one after another.
      const images = await decodeImages(batch.files, batch.size, batch.mode);
      const pixels = new Uint8Array(images.reduce((sum, image) => sum + image.length, 0));
      images.forEach((image, index) => pixels.set(image, index * image.length));
      return pixels;
    },
    (pixels) => [pixels.buffer as ArrayBuffer],
  );
}
