// ADWIN over a numeric column read in time order: the changes it finds, each located at the split
// of the flagged window with the largest weighted mean difference, in the column's own units.

import type { NumericColumnData } from '../types.js';
import type { TimeOrder } from './time-order.js';
import { Adwin } from './window.js';

const MAX_LISTED_CHANGES = 20;

export interface AdwinChangePoint {
  /** The time-column label of the first row after the change. */
  readonly at: string;
  readonly dataset: 'reference' | 'current';
  /** Position in the time-ordered stream of non-missing values. */
  readonly index: number;
  readonly meanBefore: number;
  readonly meanAfter: number;
}

/** The changes ADWIN (confidence `delta`) finds in reference + current values read in `order`. */
export function adwinChanges(ref: NumericColumnData, cur: NumericColumnData, order: TimeOrder, delta: number): AdwinChangePoint[] {
  const low = Math.min(ref.sorted[0]!, cur.sorted[0]!);
  const high = Math.max(ref.sorted[ref.sorted.length - 1]!, cur.sorted[cur.sorted.length - 1]!);
  const range = high - low;
  const changes: AdwinChangePoint[] = [];
  if (!(range > 0 && Number.isFinite(range))) return changes;
  const adwin = new Adwin({ delta });
  const stream = new Float64Array(order.rows.length);
  const positions = new Uint32Array(order.rows.length);
  let length = 0;
  let last: { start: number; end: number; split: number } | undefined;
  for (let k = 0; k < order.rows.length; k += 1) {
    const position = order.rows[k]!;
    const value = position < order.referenceRows ? ref.values[position]! : cur.values[position - order.referenceRows]!;
    if (!Number.isFinite(value)) continue;
    positions[length] = position;
    // ADWIN's bound assumes values in [0, 1].
    stream[length] = (value - low) / range;
    length += 1;
    const detection = adwin.update(stream[length - 1]!);
    if (!detection) continue;
    // ADWIN says the window [windowStart, detectedAt] is not homogeneous; locate the change as
    // the split of that window with the largest weighted mean difference (binary segmentation).
    const split = bestSplit(stream, detection.windowStart, detection.detectedAt + 1);
    // Further cuts while the window re-adapts to the same change are one change, not several.
    if (last && split.index >= last.start && split.index <= last.end) {
      last.end = detection.detectedAt;
      continue;
    }
    last = { start: detection.windowStart, end: detection.detectedAt, split: split.index };
    if (changes.length < MAX_LISTED_CHANGES) {
      const where = positions[split.index]!;
      changes.push({
        at: order.label(where),
        dataset: where < order.referenceRows ? 'reference' : 'current',
        index: split.index,
        meanBefore: low + split.meanBefore * range,
        meanAfter: low + split.meanAfter * range,
      });
    }
  }
  return changes;
}

/** The split of values[start, end) maximising n0·n1/(n0+n1)·(mean0 - mean1)². */
export function bestSplit(values: Float64Array, start: number, end: number): { index: number; meanBefore: number; meanAfter: number } {
  let total = 0;
  for (let i = start; i < end; i += 1) total += values[i]!;
  const n = end - start;
  let left = 0;
  let best = { index: start + Math.floor(n / 2), score: -1, meanBefore: Number.NaN, meanAfter: Number.NaN };
  for (let i = start; i < end - 1; i += 1) {
    left += values[i]!;
    const n0 = i - start + 1;
    const n1 = n - n0;
    const m0 = left / n0;
    const m1 = (total - left) / n1;
    const score = ((n0 * n1) / n) * (m0 - m1) ** 2;
    if (score > best.score) best = { index: i + 1, score, meanBefore: m0, meanAfter: m1 };
  }
  return best;
}
