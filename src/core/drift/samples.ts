// What the drift tests read, one object per comparison: a numeric column pair (with the shared
// scan, summary and reference bins computed once, on first use), category counts, or a numeric
// column pair in time order for ADWIN.

import type { TimeOrder } from './adwin/time-order.js';
import { countSortedInBins, driftBins } from './stats/binning.js';
import { scanSorted } from './stats/ks.js';
import { summarizeSorted, type NumericSummary } from './stats/summary.js';
import type { NumericColumnData } from './types.js';

/** Summaries are needed by the Wasserstein norm and the baseline check: compute each once. */
const summaries = new WeakMap<Float64Array, NumericSummary>();
export function summaryOf(sorted: Float64Array): NumericSummary {
  let found = summaries.get(sorted);
  if (!found) {
    found = summarizeSorted(sorted);
    summaries.set(sorted, found);
  }
  return found;
}

export interface Binned {
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

export interface NumericBins extends Binned {
  /** Inner bin edges. */
  readonly edges: Float64Array;
  /** Each bin's lowest and highest value, when the bins are not plain reference quantiles. */
  readonly ranges?: readonly (readonly [number, number])[];
}

export class NumericSamples {
  readonly comparison = 'numeric';
  private scanned: ReturnType<typeof scanSorted> | undefined;
  private binnedCounts: NumericBins | undefined;

  constructor(
    readonly reference: NumericColumnData,
    readonly current: NumericColumnData,
    /** Reference quantile bins for PSI, KL and Jensen–Shannon (stats/binning.ts driftBins). */
    readonly bins: number,
  ) {}

  /** One merged pass over both sorted samples: the largest ECDF gap and the Wasserstein distance. */
  get scan(): ReturnType<typeof scanSorted> {
    this.scanned ??= scanSorted(this.reference.sorted, this.current.sorted);
    return this.scanned;
  }

  get binned(): NumericBins {
    if (!this.binnedCounts) {
      const { edges, ranges } = driftBins(this.reference.sorted, this.current.sorted, this.bins);
      this.binnedCounts = {
        edges,
        ...(ranges ? { ranges } : {}),
        reference: countSortedInBins(this.reference.sorted, edges),
        current: countSortedInBins(this.current.sorted, edges),
      };
    }
    return this.binnedCounts;
  }
}

export interface CategoryCountsInput {
  readonly comparison: 'categorical';
  /** Counts per category, reference and current over the same categories. */
  readonly binned: Binned;
}

export interface TimeOrderedSamples {
  readonly comparison: 'time-ordered';
  readonly reference: NumericColumnData;
  readonly current: NumericColumnData;
  readonly order: TimeOrder;
}

export type TestInput = NumericSamples | CategoryCountsInput | TimeOrderedSamples;
export type Comparison = TestInput['comparison'];
