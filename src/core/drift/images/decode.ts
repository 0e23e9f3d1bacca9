// Decoding images for image drift: PNG by the small decoder beside this file, other formats (and
// interlaced PNG) with sharp (loaded lazily through core/plot/png.ts, only when such a file comes);
// each image is shrunk to size x size at once and kept as one byte per pixel and channel, so
// 10,000 images take 10 MB (grayscale, 32 px), never their full decoded size.

import { readFileSync } from 'node:fs';
import { UserError } from '../../../errors.js';
import { imageLibrary } from '../../plot/png.js';
import type { ImageFile } from './files.js';
import { decodePng, isPng, type DecodedImage } from './png.js';
import { hasColour, resizeImage } from './resize.js';

/** Files read at once. */
const CONCURRENCY = 8;
/** Reference files looked at to choose grayscale or colour. */
const COLOUR_SAMPLE = 16;

export type ImageMode = 'grayscale' | 'rgb';

/** Colour when any of the first reference images has a pixel whose channels differ. */
export async function chooseMode(files: readonly ImageFile[]): Promise<ImageMode> {
  for (const file of files.slice(0, COLOUR_SAMPLE)) if (hasColour(await readImage(file))) return 'rgb';
  return 'grayscale';
}

/** Each file shrunk to size x size, on this thread. */
export async function decodeImages(files: readonly ImageFile[], size: number, mode: ImageMode): Promise<Uint8Array[]> {
  const out: Uint8Array[] = new Array<Uint8Array>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next;
      next += 1;
      out[index] = resizeImage(await readImage(files[index]!), size, mode === 'rgb' ? 3 : 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return out;
}

async function readImage(file: ImageFile): Promise<DecodedImage> {
  return readOr(file, async () => {
    // One synchronous read: small files, and no thread-pool round trips for open, stat, read, close.
    const data = readFileSync(file.path);
    const png = isPng(data) ? decodePng(data) : undefined;
    if (png) return png;
    const sharp = await imageLibrary();
    // Transparent pixels count as black, whatever colour they hide.
    const { data: rgb, info } = await sharp(data).flatten({ background: '#000000' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, channels: 3, pixels: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length) };
  });
}

/** A small PNG of an image for the report, pixels kept sharp. */
export async function thumbnailPng(path: string, size: number): Promise<Buffer> {
  const sharp = await imageLibrary();
  return sharp(path).flatten({ background: '#000000' }).resize(size, size, { fit: 'contain', kernel: 'nearest', background: '#000000' }).png().toBuffer();
}

async function readOr<T>(file: ImageFile, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read the image ${file.path}: ${(error as Error).message.split('\n')[0]}`, {
      hint: 'image drift reads PNG, JPEG and WebP files',
    });
  }
}
