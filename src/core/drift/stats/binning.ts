// Shared bins for comparing two samples as discrete distributions (PSI, KL, Jensen–Shannon).
//
// Numeric columns: bin edges are the reference's quantiles (numpy 'linear' method) at 0, 1/k, ...,
// 1, de-duplicated; the outer bins are open so current values outside the reference's range are
// counted in the first or last bin. Equal-frequency reference bins are what PSI practice uses and,
// unlike equal-width bins, one outlier cannot squash the whole sample into a single bin.
//
// Repeated values break plain quantile bins: when 92 % of the reference is 0, every quantile up
// to the 90th is 0 and the bins merge into one, so PSI, KL and Jensen–Shannon are 0 whatever the
// current data. driftBins therefore gives a value that fills a whole quantile bin a bin of its own
// and keeps quantile bins for the other values; and when both samples together hold at most
// VALUE_BINS_MAX distinct values, each value is its own bin (value counts, as Evidently does).

import { quantileSorted } from './summary.js';

/** Inner edges (the k - 1 cut points) from the sorted reference. */
export function quantileEdges(referenceSorted: Float64Array, bins: number): Float64Array {
  const edges: number[] = [];
  for (let i = 0; i <= bins; i += 1) {
    const value = quantileSorted(referenceSorted, i / bins);
    if (edges.length === 0 || value !== edges[edges.length - 1]) edges.push(value);
  }
  // Drop the minimum and maximum: the outer bins extend to -inf and +inf.
  return Float64Array.from(edges.slice(1, -1));
}

/** Counts per bin of a sorted sample: bin i holds edges[i-1] <= x < edges[i] (numpy searchsorted 'right'). */
export function countSortedInBins(sorted: Float64Array, innerEdges: Float64Array): Float64Array {
  const counts = new Float64Array(innerEdges.length + 1);
  let bin = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const value = sorted[i]!;
    while (bin < innerEdges.length && value >= innerEdges[bin]!) bin += 1;
    counts[bin]! += 1;
  }
  return counts;
}

/** At most this many distinct values in both samples together: one bin per value. */
export const VALUE_BINS_MAX = 20;

export interface DriftBins {
  /** Inner edges for countSortedInBins. */
  readonly edges: Float64Array;
  /**
   * The lowest and highest value of each bin (the reference's; with value bins, the value),
   * when the bins are not plain quantile bins; plain quantile bins are described by their edges.
   */
  readonly ranges?: readonly (readonly [number, number])[];
}

/** The bins PSI, KL and Jensen–Shannon compare a numeric column pair over (see the top of this file). */
export function driftBins(referenceSorted: Float64Array, currentSorted: Float64Array, bins: number): DriftBins {
  const values = distinctUnion(referenceSorted, currentSorted, VALUE_BINS_MAX + 1);
  if (values.length <= VALUE_BINS_MAX) return { edges: Float64Array.from(values.slice(1)), ranges: values.map((value) => [value, value] as const) };
  const dominant: number[] = [];
  let rest = referenceSorted;
  // Each pass moves at least one value out of `rest`, and with one bin left only a single
  // remaining value can repeat, so bins + 1 passes always suffice.
  for (let pass = 0; pass <= bins && rest.length > 0; pass += 1) {
    const repeated = repeatedQuantiles(rest, Math.max(1, bins - dominant.length));
    if (repeated.length === 0) break;
    dominant.push(...repeated);
    const taken = new Set(dominant);
    rest = rest.filter((value) => !taken.has(value));
  }
  if (dominant.length === 0) return { edges: quantileEdges(referenceSorted, bins) };
  const cuts = new Set<number>(rest.length > 0 ? quantileEdges(rest, Math.max(1, bins - dominant.length)) : []);
  for (const value of dominant) cuts.add(value).add(nextUp(value));
  const edges = withoutEmptyBins(referenceSorted, Float64Array.from(cuts).sort());
  return { edges, ranges: binRanges(referenceSorted, edges) };
}

/** Values that are two or more neighbouring k-quantiles of the sorted sample: each fills a whole bin. */
function repeatedQuantiles(sorted: Float64Array, k: number): number[] {
  const repeated: number[] = [];
  let previous = quantileSorted(sorted, 0);
  for (let i = 1; i <= k; i += 1) {
    const value = quantileSorted(sorted, i / k);
    if (value === previous && repeated[repeated.length - 1] !== value) repeated.push(value);
    previous = value;
  }
  return repeated;
}

/** Drops edges so that every bin holds reference values: an empty bin joins the next one, an empty last bin the one before. */
function withoutEmptyBins(referenceSorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = countSortedInBins(referenceSorted, edges);
  const kept: number[] = [];
  let pending = 0;
  for (let bin = 0; bin < counts.length; bin += 1) {
    pending += counts[bin]!;
    if (bin < edges.length && pending > 0) {
      kept.push(edges[bin]!);
      pending = 0;
    }
  }
  if (pending === 0) kept.pop();
  return Float64Array.from(kept);
}

function binRanges(referenceSorted: Float64Array, edges: Float64Array): [number, number][] {
  const ranges: [number, number][] = [];
  let bin = -1;
  for (let i = 0; i < referenceSorted.length; i += 1) {
    const value = referenceSorted[i]!;
    let at = bin < 0 ? 0 : bin;
    while (at < edges.length && value >= edges[at]!) at += 1;
    if (at !== bin) {
      ranges.push([value, value]);
      bin = at;
    } else {
      ranges[ranges.length - 1]![1] = value;
    }
  }
  return ranges;
}

/** The distinct values of two sorted samples together, ascending; stops after `limit` values. */
function distinctUnion(a: Float64Array, b: Float64Array, limit: number): number[] {
  const values: number[] = [];
  let i = 0;
  let j = 0;
  while ((i < a.length || j < b.length) && values.length < limit) {
    const value = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (values.length === 0 || values[values.length - 1] !== value) values.push(value);
    while (i < a.length && a[i] === value) i += 1;
    while (j < b.length && b[j] === value) j += 1;
  }
  return values;
}

/** The smallest float64 above x, so that [x, nextUp(x)) is a bin holding x alone. */
function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return Number.MIN_VALUE;
  const float = new Float64Array([x]);
  const bits = new BigInt64Array(float.buffer);
  bits[0] = bits[0]! + (x > 0 ? 1n : -1n);
  return float[0]!;
}
