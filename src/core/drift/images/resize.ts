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
  const across = taps(width, size);
  const down = taps(height, size);
  // Horizontal pass into floats (height x size x 3), then vertical.
  const middle = new Float64Array(height * size * 3);
  for (let y = 0; y < height; y += 1) {
    for (let i = 0; i < size; i += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < across.count[i]!; k += 1) {
        const w = across.weights[i * across.span + k]!;
        const source = (y * width + across.start[i]! + k) * 3;
        r += w * rgb[source]!;
        g += w * rgb[source + 1]!;
        b += w * rgb[source + 2]!;
      }
      const at = (y * size + i) * 3;
      middle[at] = r;
      middle[at + 1] = g;
      middle[at + 2] = b;
    }
  }
  const out = new Uint8Array(size * size * channels);
  const byte = (value: number): number => Math.min(255, Math.max(0, Math.round(value)));
  for (let j = 0; j < size; j += 1) {
    for (let i = 0; i < size; i += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < down.count[j]!; k += 1) {
        const w = down.weights[j * down.span + k]!;
        const source = ((down.start[j]! + k) * size + i) * 3;
        r += w * middle[source]!;
        g += w * middle[source + 1]!;
        b += w * middle[source + 2]!;
      }
      const at = (j * size + i) * channels;
      if (channels === 1) out[at] = byte((r * 299 + g * 587 + b * 114) / 1000);
      else [out[at], out[at + 1], out[at + 2]] = [byte(r), byte(g), byte(b)];
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
