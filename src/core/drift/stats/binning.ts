// Shared bins for comparing two samples as discrete distributions (PSI, KL, Jensen–Shannon).
//
// Numeric columns: bin edges are the reference's quantiles (numpy 'linear' method) at 0, 1/k, ...,
// 1, de-duplicated; the outer bins are open so current values outside the reference's range are
// counted in the first or last bin. Equal-frequency reference bins are what PSI practice uses and,
// unlike equal-width bins, one outlier cannot squash the whole sample into a single bin.

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
