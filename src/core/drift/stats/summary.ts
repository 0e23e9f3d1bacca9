// Summary statistics on sorted samples, computed as numpy does (so golden values match exactly):
// quantiles use numpy's default 'linear' method, the standard deviation is the population one
// (ddof = 0).

/** numpy.quantile(sorted, q) with method='linear'. `sorted` ascending, non-empty, no NaN. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const t = position - lower;
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  const diff = b - a;
  // numpy's _lerp: interpolate from the nearer end for accuracy.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export interface NumericSummary {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly max: number;
}

export function summarizeSorted(sorted: Float64Array): NumericSummary {
  const n = sorted.length;
  // Pairwise-free but compensated (Neumaier) summation: stable for millions of values.
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i += 1) {
    const value = sorted[i]!;
    const t = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - t + value : value - t + sum;
    sum = t;
  }
  const mean = (sum + compensation) / n;
  let squares = 0;
  let squaresCompensation = 0;
  for (let i = 0; i < n; i += 1) {
    const d = sorted[i]! - mean;
    const value = d * d;
    const t = squares + value;
    squaresCompensation += squares >= value ? squares - t + value : value - t + squares;
    squares = t;
  }
  return {
    count: n,
    mean,
    std: Math.sqrt((squares + squaresCompensation) / n),
    min: sorted[0] ?? Number.NaN,
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    max: sorted[n - 1] ?? Number.NaN,
  };
}

/** Number of distinct values in a sorted array. */
export function countDistinctSorted(sorted: Float64Array, stopAt = Number.POSITIVE_INFINITY): number {
  if (sorted.length === 0) return 0;
  let distinct = 1;
  for (let i = 1; i < sorted.length && distinct < stopAt; i += 1) if (sorted[i] !== sorted[i - 1]) distinct += 1;
  return distinct;
}
