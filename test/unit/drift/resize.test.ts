// Shrinking images for image drift: the one-channel path for grey files gives the same bytes as
// filtering the same pixels as three equal channels, and both paths give the bytes of a plain
// per-pixel triangle filter (Pillow's BILINEAR, which images.test.ts checks against Pillow itself).

import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../../src/core/drift/images/png.js';
import { hasColour, resizeImage } from '../../../src/core/drift/images/resize.js';

/** A seeded image of random bytes. */
function image(width: number, height: number, channels: 1 | 3, seed: number): DecodedImage {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  };
  return { width, height, channels, pixels: Uint8Array.from({ length: width * height * channels }, next) };
}

/** The grey image as three equal channels. */
function asRgb(grey: DecodedImage): DecodedImage {
  return { ...grey, channels: 3, pixels: Uint8Array.from({ length: grey.pixels.length * 3 }, (_, i) => grey.pixels[Math.floor(i / 3)]!) };
}

/** The filter written out plainly, one output pixel and channel at a time, in the same order. */
function plainResize(source: DecodedImage, size: number, channels: 1 | 3): Uint8Array {
  const rgb = source.channels === 3 ? source.pixels : asRgb(source).pixels;
  const pass = (input: ArrayLike<number>, width: number, height: number, axis: 'x' | 'y'): Float64Array => {
    const from = axis === 'x' ? width : height;
    const scale = from / size;
    const support = Math.max(scale, 1);
    const span = Math.ceil(support) * 2 + 1;
    const [outWidth, outHeight] = axis === 'x' ? [size, height] : [width, size];
    const out = new Float64Array(outWidth * outHeight * 3);
    for (let y = 0; y < outHeight; y += 1) {
      for (let x = 0; x < outWidth; x += 1) {
        const i = axis === 'x' ? x : y;
        const center = (i + 0.5) * scale;
        const low = Math.max(0, Math.floor(center - support + 0.5));
        const high = Math.min(from, Math.floor(center + support + 0.5));
        const weights: number[] = [];
        for (let t = low; t < high && t - low < span; t += 1) weights.push(Math.max(0, 1 - Math.abs((t - center + 0.5) / support)));
        const total = weights.reduce((sum, w) => sum + w, 0);
        for (let c = 0; c < 3; c += 1) {
          let sum = 0;
          weights.forEach((w, k) => {
            const at = axis === 'x' ? (y * width + low + k) * 3 : ((low + k) * width + x) * 3;
            sum += (w / (total || 1)) * input[at + c]!;
          });
          out[(y * outWidth + x) * 3 + c] = sum;
        }
      }
    }
    return out;
  };
  const both = pass(pass(rgb, source.width, source.height, 'x'), size, source.height, 'y');
  const byte = (value: number): number => Math.min(255, Math.max(0, Math.round(value)));
  const out = new Uint8Array(size * size * channels);
  for (let p = 0; p < size * size; p += 1) {
    const [r, g, b] = [both[p * 3]!, both[p * 3 + 1]!, both[p * 3 + 2]!];
    if (channels === 1) out[p] = byte((r * 299 + g * 587 + b * 114) / 1000);
    else out.set([byte(r), byte(g), byte(b)], p * 3);
  }
  return out;
}

describe('resizeImage', () => {
  const shapes: [number, number, number][] = [
    [64, 64, 32], // the usual halving
    [13, 7, 8], // odd sizes, taller than the source: one axis grows
    [100, 37, 16],
    [5, 5, 8], // growing on both axes
  ];

  for (const [width, height, size] of shapes) {
    it(`${width}x${height} -> ${size}: grey files as one channel give the bytes of three equal channels`, () => {
      const grey = image(width, height, 1, width * 31 + height);
      for (const channels of [1, 3] as const) {
        expect(resizeImage(grey, size, channels)).toEqual(resizeImage(asRgb(grey), size, channels));
        expect(resizeImage(grey, size, channels)).toEqual(plainResize(grey, size, channels));
      }
    });

    it(`${width}x${height} -> ${size}: colour files give the bytes of the plain filter`, () => {
      const colour = image(width, height, 3, width * 17 + height);
      for (const channels of [1, 3] as const) expect(resizeImage(colour, size, channels)).toEqual(plainResize(colour, size, channels));
    });
  }

  it('one image after another of other sizes: nothing carries over between them', () => {
    const big = image(64, 48, 3, 1);
    const small = image(9, 9, 1, 2);
    const first = resizeImage(small, 8, 3);
    resizeImage(big, 32, 3);
    expect(resizeImage(small, 8, 3)).toEqual(first);
    expect(first).toEqual(plainResize(small, 8, 3));
  });

  it('grey files have no colour; colour files do when a pixel has', () => {
    expect(hasColour(image(4, 4, 1, 3))).toBe(false);
    expect(hasColour(asRgb(image(4, 4, 1, 3)))).toBe(false);
    expect(hasColour(image(4, 4, 3, 3))).toBe(true);
  });
});
