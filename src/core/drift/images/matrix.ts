// Dense linear algebra for image drift's PCA (pca.ts), on row-major Float64Arrays: the two
// matrix products of the range finder, Gram matrices, Gram–Schmidt and a Jacobi eigensolver for
// the small l x l problem. The products keep each sum in a fixed order (the same bits on every
// machine) and block their loops so each value read from memory feeds several products.

const JACOBI_SWEEPS = 60;

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
export function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, length: number): number {
  let sum = 0;
  for (let j = 0; j < length; j += 1) sum += a[ai + j]! * b[bi + j]!;
  return sum;
}

export function sumOfSquares(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value * value;
  return sum;
}

/** B Bᵀ for B of l x d. */
export function gram(b: Float64Array, l: number, d: number): Float64Array {
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
export function orthonormalRows(m: Float64Array, l: number, length: number): Float64Array {
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
export function symmetricEigen(input: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
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
