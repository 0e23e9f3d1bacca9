// Decoding images for image drift, with sharp (loaded lazily through core/plot/png.ts): each file is
// read, shrunk to size x size and kept as one byte per pixel and channel, so 10,000 images take
// 10 MB (grayscale, 32 px), never their full decoded size. A few files are decoded at a time.

import { UserError } from '../../../errors.js';
import { imageLibrary, type SharpFactory } from '../../plot/png.js';
import type { ImageFile } from './files.js';

/** Files decoded at once: enough to keep sharp's worker threads busy. */
const CONCURRENCY = 8;
/** Reference files looked at to choose grayscale or colour. */
const COLOUR_SAMPLE = 16;

export type ImageMode = 'grayscale' | 'rgb';

export interface DecodedImages {
  readonly mode: ImageMode;
  /** One vector of size * size * channels bytes per file, in the files' order. */
  readonly pixels: Uint8Array[];
}

/** Colour when any of the first reference images has colour channels (and is not stored as grey). */
export async function chooseMode(files: readonly ImageFile[]): Promise<ImageMode> {
  const sharp = await imageLibrary();
  for (const file of files.slice(0, COLOUR_SAMPLE)) {
    const meta = await readOr(file, () => sharp(file.path).metadata());
    if ((meta.channels ?? 1) >= 3 && meta.space !== 'b-w' && meta.space !== 'grey16') return 'rgb';
  }
  return 'grayscale';
}

export async function decodeImages(files: readonly ImageFile[], size: number, mode: ImageMode): Promise<Uint8Array[]> {
  const sharp = await imageLibrary();
  const out: Uint8Array[] = new Array<Uint8Array>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next;
      next += 1;
      out[index] = await decodeOne(sharp, files[index]!, size, mode);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  return out;
}

async function decodeOne(sharp: SharpFactory, file: ImageFile, size: number, mode: ImageMode): Promise<Uint8Array> {
  const channels = mode === 'rgb' ? 3 : 1;
  const { data, info } = await readOr(file, () => {
    // Transparent pixels count as black, whatever colour they hide.
    let image = sharp(file.path).flatten({ background: '#000000' }).resize(size, size, { fit: 'fill' });
    image = mode === 'rgb' ? image.toColourspace('srgb') : image.grayscale();
    return image.raw().toBuffer({ resolveWithObject: true });
  });
  if (info.channels !== channels || data.length !== size * size * channels) throw new Error(`${file.path} decoded to ${info.channels} channels, expected ${channels}`);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
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
    throw new UserError(`cannot read the image ${file.path}: ${(error as Error).message.split('\n')[0]}`, { hint: 'image drift reads PNG, JPEG and WebP files' });
  }
}
