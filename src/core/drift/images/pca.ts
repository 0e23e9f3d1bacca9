// A linear autoencoder for image drift: PCA by randomized SVD (Halko, Martinsson & Tropp, "Finding
// structure with randomness", 2011, algorithms 4.4 and 5.1) with power iterations, on the centred
// training images. Encoding projects an image onto the top components; its reconstruction error
// is the mean squared pixel difference (pixels scaled to [0, 1]), as scikit-learn's
// PCA.inverse_transform(PCA.transform(x)) gives.

import { combineRows, dot, gram, orthonormalRows, sumOfSquares, symmetricEigen, timesRows } from './matrix.js';

/** Components kept at most, and the extra random directions that make the range finder accurate. */
export const MAX_COMPONENTS = 32;
const OVERSAMPLE = 8;
/** Power iterations: at least, at most, and the relative gain in captured variance that ends them. */
const MIN_POWER_ITERATIONS = 2;
const MAX_POWER_ITERATIONS = 12;
// Measured on 750 digit images of 32x32: 1e-4 stops after 5 steps with errors within 2e-6 of the
// converged ones (12 steps); 1e-3 stops after 3 with 1e-4.
const POWER_TOLERANCE = 1e-4;
/** Components are kept until they explain this share of the training variance. */
export const EXPLAINED_VARIANCE = 0.9;

export interface PcaModel {
  readonly dimensions: number;
  /** The training images' mean, per pixel and channel, in [0, 1]. */
  readonly mean: Float64Array;
  /** `components` rows of `dimensions` values, orthonormal. */
  readonly basis: Float64Array;
  readonly components: number;
  /** The share of the training variance the kept components explain. */
  readonly explained: number;
}

/**
 * Fits PCA to `images` (one byte per pixel and channel). `components`: a fixed number, else the
 * fewest that explain EXPLAINED_VARIANCE (at most MAX_COMPONENTS).
 */
export function fitPca(images: readonly Uint8Array[], options: { readonly components?: number; readonly seed?: number } = {}): PcaModel {
  const n = images.length;
  const d = images[0]!.length;
  const mean = new Float64Array(d);
  for (const image of images) for (let j = 0; j < d; j += 1) mean[j]! += image[j]! / 255;
  for (let j = 0; j < d; j += 1) mean[j]! /= n;
  // The centred data, n x d, row-major.
  const x = new Float64Array(n * d);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const image = images[i]!;
    for (let j = 0; j < d; j += 1) {
      const value = image[j]! / 255 - mean[j]!;
      x[i * d + j] = value;
      total += value * value;
    }
  }
  const wanted = Math.min(options.components ?? MAX_COMPONENTS, n - 1, d);
  // A fixed number of components gets twice as many random directions (the range finder is then
  // accurate to float precision); chosen by variance, the usual ~15-20 are well inside 32 + 8.
  const l = Math.min(wanted + (options.components === undefined ? OVERSAMPLE : Math.max(OVERSAMPLE, wanted)), n, d);
  const random = gaussian(options.seed ?? 1);
  // Range finder: Q spans the top of X's column space, sharpened by power iterations. Every
  // l-vector set is kept as l rows (Qᵀ is l x n, Zᵀ is l x d) so the inner loops run along memory.
  let q = orthonormalRows(timesRows(x, n, d, Float64Array.from({ length: l * d }, random), l), l, n);
  // Each step, ‖QᵀX‖² (the variance Q captures) grows; stop when it no longer does.
  let b = combineRows(x, n, d, q, l);
  let captured = sumOfSquares(b);
  for (let step = 0; step < MAX_POWER_ITERATIONS; step += 1) {
    q = orthonormalRows(timesRows(x, n, d, orthonormalRows(b, l, d), l), l, n);
    // B = Qᵀ X (l x d); the right singular vectors of B are X's principal axes.
    b = combineRows(x, n, d, q, l);
    const before = captured;
    captured = sumOfSquares(b);
    if (step + 1 >= MIN_POWER_ITERATIONS && captured - before <= POWER_TOLERANCE * captured) break;
  }
  const { values, vectors } = symmetricEigen(gram(b, l, d), l);
  const order = Array.from({ length: l }, (_, i) => i).sort((i, j) => values[j]! - values[i]!);
  let k = options.components === undefined ? 0 : wanted;
  let explained = 0;
  for (let r = 0; r < (options.components === undefined ? wanted : k); r += 1) {
    explained += Math.max(0, values[order[r]!]!) / total;
    if (options.components === undefined) {
      k = r + 1;
      if (explained >= EXPLAINED_VARIANCE) break;
    }
  }
  const basis = new Float64Array(k * d);
  for (let r = 0; r < k; r += 1) {
    // v = Bᵀ u / σ
    const column = order[r]!;
    const sigma = Math.sqrt(Math.max(values[column]!, Number.MIN_VALUE));
    for (let i = 0; i < l; i += 1) {
      const weight = vectors[i * l + column]! / sigma;
      if (weight === 0) continue;
      for (let j = 0; j < d; j += 1) basis[r * d + j]! += weight * b[i * d + j]!;
    }
  }
  return { dimensions: d, mean, basis, components: k, explained: total > 0 ? explained : 1 };
}

/** Mean squared error of each image against its reconstruction from the model's components. */
export function reconstructionErrors(model: PcaModel, images: readonly Uint8Array[]): Float64Array {
  const { dimensions: d, mean, basis, components: k } = model;
  const errors = new Float64Array(images.length);
  const centred = new Float64Array(d);
  for (let i = 0; i < images.length; i += 1) {
    const image = images[i]!;
    let norm = 0;
    for (let j = 0; j < d; j += 1) {
      centred[j] = image[j]! / 255 - mean[j]!;
      norm += centred[j]! * centred[j]!;
    }
    let projected = 0;
    for (let r = 0; r < k; r += 1) projected += dot(basis, r * d, centred, 0, d) ** 2;
    errors[i] = Math.max(0, norm - projected) / d;
  }
  return errors;
}

/** Standard normal numbers from a seeded xorshift generator: the same model on every run. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
