// A linear autoencoder for image drift: PCA by randomized SVD (Halko, Martinsson & Tropp, "Finding
// structure with randomness", 2011, algorithms 4.4 and 5.1) with power iterations, on the centred
// training images. Encoding projects an image onto the top components; its reconstruction error
// is the mean squared pixel difference (pixels scaled to [0, 1]), as scikit-learn's
// PCA.inverse_transform(PCA.transform(x)) gives.

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
const JACOBI_SWEEPS = 60;

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

/**
 * (X Mᵀ)ᵀ for X of n x d and M of l x d: l x n, each entry a dot product of two rows, summed in
 * column order. Two rows of X and four of M per pass: each loaded value serves several products.
 */
export function timesRows(x: Float64Array, n: number, d: number, m: Float64Array, l: number): Float64Array {
  const out = new Float64Array(l * n);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const xa = i * d;
    const xb = xa + d;
    let k = 0;
    for (; k + 3 < l; k += 4) {
      const m0 = k * d;
      const m1 = m0 + d;
      const m2 = m1 + d;
      const m3 = m2 + d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let j = 0; j < d; j += 1) {
        const va = x[xa + j]!;
        const vb = x[xb + j]!;
        const w0 = m[m0 + j]!;
        const w1 = m[m1 + j]!;
        const w2 = m[m2 + j]!;
        const w3 = m[m3 + j]!;
        a0 += va * w0;
        a1 += va * w1;
        a2 += va * w2;
        a3 += va * w3;
        b0 += vb * w0;
        b1 += vb * w1;
        b2 += vb * w2;
        b3 += vb * w3;
      }
      out[k * n + i] = a0;
      out[(k + 1) * n + i] = a1;
      out[(k + 2) * n + i] = a2;
      out[(k + 3) * n + i] = a3;
      out[k * n + i + 1] = b0;
      out[(k + 1) * n + i + 1] = b1;
      out[(k + 2) * n + i + 1] = b2;
      out[(k + 3) * n + i + 1] = b3;
    }
    for (; k < l; k += 1) {
      out[k * n + i] = dot(x, xa, m, k * d, d);
      out[k * n + i + 1] = dot(x, xb, m, k * d, d);
    }
  }
  for (; i < n; i += 1) for (let k = 0; k < l; k += 1) out[k * n + i] = dot(x, i * d, m, k * d, d);
  return out;
}

/**
 * W X for W of l x n and X of n x d: l x d, each row a weighted sum of X's rows, four rows at a
 * time in row order. Two output rows per pass over X: each loaded value of X serves both.
 */
export function combineRows(x: Float64Array, n: number, d: number, w: Float64Array, l: number): Float64Array {
  const out = new Float64Array(l * d);
  let k = 0;
  for (; k + 1 < l; k += 2) {
    const oa = k * d;
    const ob = oa + d;
    const wa = k * n;
    const wb = wa + n;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const a0 = w[wa + i]!;
      const a1 = w[wa + i + 1]!;
      const a2 = w[wa + i + 2]!;
      const a3 = w[wa + i + 3]!;
      const b0 = w[wb + i]!;
      const b1 = w[wb + i + 1]!;
      const b2 = w[wb + i + 2]!;
      const b3 = w[wb + i + 3]!;
      const x0 = i * d;
      const x1 = x0 + d;
      const x2 = x1 + d;
      const x3 = x2 + d;
      for (let j = 0; j < d; j += 1) {
        const v0 = x[x0 + j]!;
        const v1 = x[x1 + j]!;
        const v2 = x[x2 + j]!;
        const v3 = x[x3 + j]!;
        out[oa + j]! += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
        out[ob + j]! += b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
      }
    }
    for (; i < n; i += 1) {
      const a = w[wa + i]!;
      const b = w[wb + i]!;
      for (let j = 0; j < d; j += 1) {
        const v = x[i * d + j]!;
        out[oa + j]! += a * v;
        out[ob + j]! += b * v;
      }
    }
  }
  for (; k < l; k += 1) {
    const ok = k * d;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const [w0, w1, w2, w3] = [w[k * n + i]!, w[k * n + i + 1]!, w[k * n + i + 2]!, w[k * n + i + 3]!];
      const [x0, x1, x2, x3] = [i * d, (i + 1) * d, (i + 2) * d, (i + 3) * d];
      for (let j = 0; j < d; j += 1) out[ok + j]! += w0 * x[x0 + j]! + w1 * x[x1 + j]! + w2 * x[x2 + j]! + w3 * x[x3 + j]!;
    }
    for (; i < n; i += 1) {
      const weight = w[k * n + i]!;
      for (let j = 0; j < d; j += 1) out[ok + j]! += weight * x[i * d + j]!;
    }
  }
  return out;
}

/** Σ a[ai + j] · b[bi + j] for j < length. */
function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, length: number): number {
  let sum = 0;
  for (let j = 0; j < length; j += 1) sum += a[ai + j]! * b[bi + j]!;
  return sum;
}

function sumOfSquares(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value * value;
  return sum;
}

/** B Bᵀ for B of l x d. */
function gram(b: Float64Array, l: number, d: number): Float64Array {
  const out = new Float64Array(l * l);
  for (let i = 0; i < l; i += 1) {
    for (let j = i; j < l; j += 1) {
      const sum = dot(b, i * d, b, j * d, d);
      out[i * l + j] = sum;
      out[j * l + i] = sum;
    }
  }
  return out;
}

/** Orthonormal rows of M (l rows of `length`) by modified Gram–Schmidt, twice for accuracy; in place. */
function orthonormalRows(m: Float64Array, l: number, length: number): Float64Array {
  for (let pass = 0; pass < 2; pass += 1) {
    for (let c = 0; c < l; c += 1) {
      const row = c * length;
      for (let p = 0; p < c; p += 1) {
        const other = p * length;
        const along = dot(m, row, m, other, length);
        for (let i = 0; i < length; i += 1) m[row + i]! -= along * m[other + i]!;
      }
      const norm = Math.sqrt(dot(m, row, m, row, length));
      // A direction with nothing left (rank below l) stays zero and gets a zero singular value.
      for (let i = 0; i < length; i += 1) m[row + i] = norm > 1e-12 ? m[row + i]! / norm : 0;
    }
  }
  return m;
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a small symmetric matrix, cyclic Jacobi. */
function symmetricEigen(input: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i += 1) v[i * l + i] = 1;
  for (let sweep = 0; sweep < JACOBI_SWEEPS; sweep += 1) {
    let off = 0;
    for (let p = 0; p < l; p += 1) for (let r = p + 1; r < l; r += 1) off += a[p * l + r]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < l; p += 1) {
      for (let r = p + 1; r < l; r += 1) {
        const apr = a[p * l + r]!;
        if (Math.abs(apr) < 1e-300) continue;
        const theta = (a[r * l + r]! - a[p * l + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k += 1) {
          const akp = a[k * l + p]!;
          const akr = a[k * l + r]!;
          a[k * l + p] = c * akp - s * akr;
          a[k * l + r] = s * akp + c * akr;
        }
        for (let k = 0; k < l; k += 1) {
          const apk = a[p * l + k]!;
          const ark = a[r * l + k]!;
          a[p * l + k] = c * apk - s * ark;
          a[r * l + k] = s * apk + c * ark;
        }
        for (let k = 0; k < l; k += 1) {
          const vkp = v[k * l + p]!;
          const vkr = v[k * l + r]!;
          v[k * l + p] = c * vkp - s * vkr;
          v[k * l + r] = s * vkp + c * vkr;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: l }, (_, i) => a[i * l + i]!), vectors: v };
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
