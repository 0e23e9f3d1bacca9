// Shrinking a decoded image to the compared size, the way Pillow's Image.resize(BILINEAR) does: a
// separable triangle filter whose support widens with the scale (so shrinking averages every
// source pixel, no aliasing), then grayscale by ITU-R 601-2 luma as Pillow's convert('L'). One
// implementation for every format keeps PNG, JPEG and WebP files comparable with each other.

import type { RgbImage } from './png.js';

interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** `span` weights per output position. */
  readonly weights: Float64Array;
  readonly span: number;
}

function taps(input: number, output: number): Taps {
  const scale = input / output;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const span = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(output);
  const count = new Int32Array(output);
  const weights = new Float64Array(output * span);
  for (let i = 0; i < output; i += 1) {
    const center = (i + 0.5) * scale;
    const low = Math.max(0, Math.floor(center - support + 0.5));
    const high = Math.min(input, Math.floor(center + support + 0.5));
    let total = 0;
    for (let x = low; x < high && x - low < span; x += 1) {
      const w = Math.max(0, 1 - Math.abs((x - center + 0.5) / filterScale));
      weights[i * span + x - low] = w;
      total += w;
    }
    for (let k = 0; k < span; k += 1) weights[i * span + k]! /= total || 1;
    start[i] = low;
    count[i] = Math.min(high - low, span);
  }
  return { start, count, weights, span };
}

/** size x size pixels, one byte each (grayscale) or three (RGB). */
export function resizeImage(image: RgbImage, size: number, channels: 1 | 3): Uint8Array {
  const { width, height, rgb } = image;
  // Across each row, then down each column of the result; three floats per pixel in between.
  const across = resample(rgb, width, height, taps(width, size), 'x');
  const both = resample(across, size, height, taps(height, size), 'y');
  const out = new Uint8Array(size * size * channels);
  const byte = (value: number): number => Math.min(255, Math.max(0, Math.round(value)));
  for (let p = 0; p < size * size; p += 1) {
    const [r, g, b] = [both[p * 3]!, both[p * 3 + 1]!, both[p * 3 + 2]!];
    if (channels === 1) out[p] = byte((r * 299 + g * 587 + b * 114) / 1000);
    else [out[p * 3], out[p * 3 + 1], out[p * 3 + 2]] = [byte(r), byte(g), byte(b)];
  }
  return out;
}

/** One separable pass over an RGB image of width x height along `axis`, to taps.start.length pixels. */
function resample(source: ArrayLike<number>, width: number, height: number, filter: Taps, axis: 'x' | 'y'): Float64Array {
  const length = filter.start.length;
  const [outWidth, outHeight] = axis === 'x' ? [length, height] : [width, length];
  const out = new Float64Array(outWidth * outHeight * 3);
  for (let y = 0; y < outHeight; y += 1) {
    for (let x = 0; x < outWidth; x += 1) {
      const i = axis === 'x' ? x : y;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < filter.count[i]!; k += 1) {
        const w = filter.weights[i * filter.span + k]!;
        const from = axis === 'x' ? (y * width + filter.start[i]! + k) * 3 : ((filter.start[i]! + k) * width + x) * 3;
        r += w * source[from]!;
        g += w * source[from + 1]!;
        b += w * source[from + 2]!;
      }
      const at = (y * outWidth + x) * 3;
      out[at] = r;
      out[at + 1] = g;
      out[at + 2] = b;
    }
  }
  return out;
}

/** Whether any pixel has colour (its channels differ). */
export function hasColour(image: RgbImage): boolean {
  const { rgb } = image;
  for (let i = 0; i < rgb.length; i += 3) if (rgb[i] !== rgb[i + 1] || rgb[i + 1] !== rgb[i + 2]) return true;
  return false;
}
