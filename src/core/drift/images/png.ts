// A small PNG decoder for image drift, on node:zlib: most image datasets are PNG, and going through
// sharp costs about 1.5 ms of set-up per file, whatever its size, against a few microseconds here
// for a small image. Non-interlaced PNG of every colour type and bit depth; returns undefined for
// what it does not handle (interlaced files), which then go through sharp.

import { inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** 1: grey files, one byte per pixel; 3: every other file, R, G, B bytes per pixel. */
  readonly channels: 1 | 3;
  /** Row by row, transparent parts composited on black. */
  readonly pixels: Uint8Array;
}

export function isPng(data: Uint8Array): boolean {
  return data.length > 8 && SIGNATURE.every((byte, i) => data[i] === byte);
}

/** Decodes a PNG file's bytes; undefined when this decoder does not handle it. Throws on a broken file. */
export function decodePng(data: Uint8Array): DecodedImage | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let type = 0;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const parts: Uint8Array[] = [];
  while (offset + 8 <= data.length) {
    const length = view.getUint32(offset);
    const name = String.fromCharCode(data[offset + 4]!, data[offset + 5]!, data[offset + 6]!, data[offset + 7]!);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new Error('the file is cut short');
    if (name === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      depth = body[8]!;
      type = body[9]!;
      if (body[12] !== 0) return undefined; // interlaced
    } else if (name === 'PLTE') palette = body;
    else if (name === 'tRNS') transparency = body;
    else if (name === 'IDAT') parts.push(body);
    else if (name === 'IEND') break;
    offset += 12 + length;
  }
  const channels = CHANNELS[type];
  if (channels === undefined || width === 0 || height === 0 || ![1, 2, 4, 8, 16].includes(depth)) throw new Error('not a valid PNG header');
  const raw = inflateSync(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < height * (stride + 1)) throw new Error('the image data is cut short');
  const lines = unfilter(raw, height, stride, bpp);
  // 8-bit grey lines are the pixels themselves.
  if (type === 0 && depth === 8) return { width, height, channels: 1, pixels: lines };
  const grey = type === 0 || type === 4;
  const pixels = new Uint8Array(width * height * (grey ? 1 : 3));
  const maxSample = (1 << Math.min(depth, 8)) - 1;
  // A sample as 8 bits: the high byte of 16-bit ones, scaled up from 1, 2 or 4 bits.
  const sample = (row: number, index: number): number => {
    const base = row * stride;
    if (depth === 8) return lines[base + index]!;
    if (depth === 16) return lines[base + index * 2]!;
    const bit = index * depth;
    const value = (lines[base + (bit >> 3)]! >> (8 - depth - (bit & 7))) & maxSample;
    return type === 3 ? value : Math.round((value * 255) / maxSample);
  };
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let r: number;
      let g: number;
      let b: number;
      let alpha = 255;
      const first = x * channels;
      if (type === 3) {
        const entry = sample(y, first);
        if (!palette || entry * 3 + 2 >= palette.length) throw new Error('a palette index is out of range');
        [r, g, b] = [palette[entry * 3]!, palette[entry * 3 + 1]!, palette[entry * 3 + 2]!];
        if (transparency && entry < transparency.length) alpha = transparency[entry]!;
      } else if (grey) {
        const value = sample(y, first);
        if (channels === 2) alpha = sample(y, first + 1);
        pixels[y * width + x] = alpha === 255 ? value : Math.round((value * alpha) / 255);
        continue;
      } else {
        [r, g, b] = [sample(y, first), sample(y, first + 1), sample(y, first + 2)];
        if (channels === 4) alpha = sample(y, first + 3);
      }
      const out = (y * width + x) * 3;
      pixels[out] = alpha === 255 ? r : Math.round((r * alpha) / 255);
      pixels[out + 1] = alpha === 255 ? g : Math.round((g * alpha) / 255);
      pixels[out + 2] = alpha === 255 ? b : Math.round((b * alpha) / 255);
    }
  }
  return { width, height, channels: grey ? 1 : 3, pixels };
}

/** Undoes PNG's per-line filters (none, sub, up, average, Paeth); returns the bare lines. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)]!;
    const from = y * (stride + 1) + 1;
    const at = y * stride;
    // The line above; on the first line it is all zeros, as the PNG specification says.
    const above = y > 0 ? at - stride : -1;
    const up = (i: number): number => (above >= 0 ? out[above + i]! : 0);
    switch (filter) {
      case 0:
        out.set(raw.subarray(from, from + stride), at);
        break;
      case 1:
        for (let i = 0; i < stride; i += 1) out[at + i] = (raw[from + i]! + (i >= bpp ? out[at + i - bpp]! : 0)) & 0xff;
        break;
      case 2:
        for (let i = 0; i < stride; i += 1) out[at + i] = (raw[from + i]! + up(i)) & 0xff;
        break;
      case 3:
        for (let i = 0; i < stride; i += 1) out[at + i] = (raw[from + i]! + (((i >= bpp ? out[at + i - bpp]! : 0) + up(i)) >> 1)) & 0xff;
        break;
      case 4:
        for (let i = 0; i < stride; i += 1) {
          const left = i >= bpp ? out[at + i - bpp]! : 0;
          const over = up(i);
          const corner = above >= 0 && i >= bpp ? out[above + i - bpp]! : 0;
          const p = left + over - corner;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - over);
          const pc = Math.abs(p - corner);
          out[at + i] = (raw[from + i]! + (pa <= pb && pa <= pc ? left : pb <= pc ? over : corner)) & 0xff;
        }
        break;
      default:
        throw new Error(`unknown PNG filter ${filter}`);
    }
  }
  return out;
}
