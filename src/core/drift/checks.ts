// The data checks of a column pair (beside the drift tests): data type, completeness, baseline
// statistics (numeric) or shares (categories), and values the reference never had.

import type { CategoryCounts } from './categories.js';
import type { DriftConfig } from './config.js';
import type { CheckResult } from './report-types.js';
import { summaryOf } from './samples.js';
import { shares } from './stats/divergence.js';
import { quantileSorted, type NumericSummary } from './stats/summary.js';
import type { ColumnData, NumericColumnData } from './types.js';

export const MAX_LISTED_VALUES = 20;
/** Example values an outliers check lists. */
const OUTLIER_EXAMPLES = 5;
/** Tukey's far-out fence: Q1 - 3 IQR, Q3 + 3 IQR. */
const FENCE_IQRS = 3;

export function dataTypeCheck(name: string, ref: ColumnData, cur: ColumnData): CheckResult {
  return { name: 'data-type', column: name, passed: ref.kind === cur.kind, details: { reference: ref.kind, current: cur.kind } };
}

export function completenessCheck(name: string, ref: ColumnData, cur: ColumnData, config: DriftConfig): CheckResult {
  const referenceShare = 1 - ref.missing / ref.rows;
  const currentShare = 1 - cur.missing / cur.rows;
  const { min, maxDrop } = config.completeness;
  return {
    name: 'completeness',
    column: name,
    passed: currentShare >= min && referenceShare - currentShare <= maxDrop + 1e-12,
    details: { reference: referenceShare, current: currentShare, min, maxDrop },
  };
}

function percentChange(reference: number, current: number, scale: number): number | null {
  const denominator = Math.max(Math.abs(reference), scale);
  if (denominator === 0) return current === reference ? 0 : null;
  return ((current - reference) / denominator) * 100;
}

export function numericBaseline(name: string, ref: NumericColumnData, cur: NumericColumnData, config: DriftConfig): CheckResult {
  const a = summaryOf(ref.sorted);
  const b = summaryOf(cur.sorted);
  const statistics: Record<string, { reference: number; current: number; changePercent: number | null }> = {};
  const keys: (keyof NumericSummary)[] = ['mean', 'std', 'p25', 'median', 'p75'];
  let passed = true;
  for (const key of keys) {
    // Location statistics are compared relative to their value, or to the spread when the value is
    // near zero (a centred feature); the spread is compared relative to itself.
    const change = percentChange(a[key], b[key], key === 'std' ? 0 : a.std);
    statistics[key] = { reference: a[key], current: b[key], changePercent: change };
    if (change === null || Math.abs(change) > config.baselineDrift.maxPercent) passed = false;
  }
  return { name: 'baseline-drift', column: name, passed, details: { maxPercent: config.baselineDrift.maxPercent, statistics } };
}

export function categoricalBaseline(name: string, counts: CategoryCounts, config: DriftConfig): CheckResult {
  const referenceShares = shares(counts.reference);
  const currentShares = shares(counts.current);
  const changes = counts.labels
    .map((label, i) => ({ value: label, reference: referenceShares[i]!, current: currentShares[i]!, change: currentShares[i]! - referenceShares[i]! }))
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
  const largest = Math.abs(changes[0]?.change ?? 0);
  return {
    name: 'baseline-drift',
    column: name,
    passed: largest <= config.baselineDrift.maxShareChange + 1e-12,
    details: { maxShareChange: config.baselineDrift.maxShareChange, largestShareChange: largest, shares: changes.slice(0, MAX_LISTED_VALUES) },
  };
}

export function unseenValues(name: string, counts: CategoryCounts, config: DriftConfig): CheckResult {
  let unseenRows = 0;
  let currentRows = 0;
  const values: string[] = [];
  counts.labels.forEach((label, i) => {
    currentRows += counts.current[i]!;
    if (counts.reference[i] === 0) {
      unseenRows += counts.current[i]!;
      if (values.length < MAX_LISTED_VALUES) values.push(label);
    }
  });
  const share = currentRows === 0 ? 0 : unseenRows / currentRows;
  return {
    name: 'categorical-values',
    column: name,
    passed: counts.unseen === 0 || share <= config.categoricalValues.maxUnseenShare,
    details: { unseen: counts.unseen, unseenRows, unseenShare: share, maxUnseenShare: config.categoricalValues.maxUnseenShare, values },
  };
}

/** First index of `sorted` whose value is >= `value` (or > it with `strict`). */
function lowerBound(sorted: Float64Array, value: number, strict = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value || (strict && sorted[middle] === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Far-out values: the share of current values outside the reference's [Q1 - 3 IQR, Q3 + 3 IQR].
 * Two binary searches on the sorted current values, so it costs nothing next to the tests.
 */
export function outliersCheck(name: string, ref: NumericColumnData, cur: NumericColumnData, config: DriftConfig): CheckResult {
  const q1 = quantileSorted(ref.sorted, 0.25);
  const q3 = quantileSorted(ref.sorted, 0.75);
  const fence = [q1 - FENCE_IQRS * (q3 - q1), q3 + FENCE_IQRS * (q3 - q1)] as const;
  const below = lowerBound(cur.sorted, fence[0]);
  const above = cur.sorted.length - lowerBound(cur.sorted, fence[1], true);
  // The farthest values outside the fences, farthest first.
  const n = cur.sorted.length;
  const candidates = [...cur.sorted.subarray(0, Math.min(below, OUTLIER_EXAMPLES)), ...cur.sorted.subarray(n - Math.min(above, OUTLIER_EXAMPLES))];
  const distance = (value: number): number => Math.max(fence[0] - value, value - fence[1]);
  const examples = candidates.sort((a, b) => distance(b) - distance(a)).slice(0, OUTLIER_EXAMPLES);
  const share = n === 0 ? 0 : (below + above) / n;
  const { maxShare } = config.outliers;
  return {
    name: 'outliers',
    column: name,
    passed: share <= maxShare + 1e-12,
    details: { share, outside: below + above, fence: [...fence], maxShare, referenceShare: outsideShare(ref.sorted, fence), examples },
  };
}

/** The share of `sorted` outside [low, high]: the reference's own rate, for context. */
function outsideShare(sorted: Float64Array, [low, high]: readonly [number, number]): number {
  return sorted.length === 0 ? 0 : (lowerBound(sorted, low) + sorted.length - lowerBound(sorted, high, true)) / sorted.length;
}
