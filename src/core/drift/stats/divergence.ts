// Distances between two discrete distributions given as counts over the same bins or categories.
//
// KL and PSI take logarithms of ratios, so an empty bin (or a category never seen on one side)
// would make them infinite. Both are computed on additively smoothed shares (c + α) / (n + kα)
// with α = 0.5 (the Jeffreys prior): always finite, and negligible once bins hold many values.
// Jensen–Shannon is finite without smoothing and uses the raw shares. Natural logarithms
// throughout (scipy's default), so thresholds are in nats.

export const SMOOTHING_ALPHA = 0.5;

export function smoothedShares(counts: ArrayLike<number>, alpha = SMOOTHING_ALPHA): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i += 1) total += counts[i]!;
  const shares = new Float64Array(counts.length);
  const denominator = total + counts.length * alpha;
  for (let i = 0; i < counts.length; i += 1) shares[i] = (counts[i]! + alpha) / denominator;
  return shares;
}

export function shares(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i += 1) total += counts[i]!;
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i += 1) out[i] = counts[i]! / total;
  return out;
}

/** KL(reference ‖ current) on smoothed shares, as scipy.stats.entropy(p, q). */
export function klDivergence(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const p = smoothedShares(referenceCounts);
  const q = smoothedShares(currentCounts);
  let sum = 0;
  for (let i = 0; i < p.length; i += 1) sum += p[i]! * Math.log(p[i]! / q[i]!);
  return Math.max(0, sum);
}

/** Population stability index Σ (cur - ref) ln(cur / ref) on smoothed shares. */
export function populationStabilityIndex(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const p = smoothedShares(referenceCounts);
  const q = smoothedShares(currentCounts);
  let sum = 0;
  for (let i = 0; i < p.length; i += 1) sum += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!);
  return Math.max(0, sum);
}

/** Jensen–Shannon distance (the square root of the divergence), as scipy.spatial.distance.jensenshannon. */
export function jensenShannonDistance(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const p = shares(referenceCounts);
  const q = shares(currentCounts);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i += 1) {
    const m = (p[i]! + q[i]!) / 2;
    if (p[i]! > 0) left += p[i]! * Math.log(p[i]! / m);
    if (q[i]! > 0) right += q[i]! * Math.log(q[i]! / m);
  }
  return Math.sqrt(Math.max(0, (left + right) / 2));
}
