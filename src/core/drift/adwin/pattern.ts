// The shape of a drifted numeric column's change over time (--time-column): the current rows, in
// time order, are cut into windows, each compared with the reference R and with the new
// distribution N (the last window) by the Kolmogorov–Smirnov distance.
//   recurring:   some window left the reference (KS, Bonferroni over the windows) and the last one is back;
//   sudden:      at most one window is in between R and N (significantly unlike both): a step, located
//                by binary segmentation;
//   gradual:     the in-between windows are mixtures of R and N (old and new values alternate);
//   incremental: they are intermediate distributions instead (quantiles between R's and N's, the
//                Wasserstein geodesic), i.e. values pass through intermediate levels.
// Gradual and incremental are told apart by which of the two models fits the in-between windows
// better (the smaller total KS distance).

import { ksStatistic, ksTwoSample } from '../stats/ks.js';
import { countSortedInBins, quantileEdges } from '../stats/binning.js';
import { quantileSorted } from '../stats/summary.js';
import type { NumericColumnData } from '../types.js';
import { bestSplit } from './changes.js';
import type { TimeOrder } from './time-order.js';

export type DriftPattern = 'sudden' | 'incremental' | 'gradual' | 'recurring';

export interface TimelineWindow {
  /** The time label of the window's first row. */
  readonly from: string;
  readonly rows: number;
  readonly mean: number;
  readonly p10: number;
  readonly p90: number;
  /** How much the window looks like the reference (1) rather than the new data (0). */
  readonly referenceLikeness: number;
}

export interface PatternResult {
  readonly pattern: DriftPattern;
  /** sudden: the time label of the first row at the new level. */
  readonly changePoint?: string;
  readonly timeline: readonly TimelineWindow[];
  /** The reference's mean and 10th/90th percentiles, for the chart. */
  readonly reference: { readonly mean: number; readonly p10: number; readonly p90: number };
}

const MAX_WINDOWS = 10;
const MIN_WINDOW_ROWS = 30;
/** A window is "in between" when its likeness to the reference is inside this range. */
const BETWEEN = [0.2, 0.8] as const;
const MIX_GRID = 20;
const QUANTILE_GRID = 100;

export function driftPattern(ref: NumericColumnData, cur: NumericColumnData, order: TimeOrder, alpha: number): PatternResult {
  const stream: { value: number; position: number }[] = [];
  const history: { value: number; position: number }[] = [];
  for (const position of order.rows) {
    const value = position < order.referenceRows ? ref.values[position]! : cur.values[position - order.referenceRows]!;
    if (!Number.isFinite(value)) continue;
    (position < order.referenceRows ? history : stream).push({ value, position });
  }
  const count = Math.max(1, Math.min(MAX_WINDOWS, Math.floor(stream.length / MIN_WINDOW_ROWS)));
  const bounds = Array.from({ length: count + 1 }, (_, i) => Math.round((i * stream.length) / count));
  const windows = Array.from({ length: count }, (_, i) => Float64Array.from(stream.slice(bounds[i], bounds[i + 1]), (row) => row.value).sort());
  const r = ref.sorted;
  const last = windows[count - 1]!;
  const drifted = windows.map((window) => ksTwoSample(r, window).pValue < alpha / count);
  const distances = windows.map((window) => ksStatistic(r, window).statistic);
  const recurring = !drifted[count - 1] && drifted.slice(0, -1).some(Boolean);
  const newest = recurring ? windows[distances.indexOf(Math.max(...distances))]! : last;
  const likeness = windows.map((window, i) => {
    const toNew = ksStatistic(newest, window).statistic;
    return distances[i]! + toNew === 0 ? 1 : toNew / (distances[i]! + toNew);
  });
  const timeline = windows.map((window, i) => ({
    from: order.label(stream[bounds[i]!]!.position),
    rows: window.length,
    mean: window.reduce((sum, value) => sum + value, 0) / window.length,
    p10: quantileSorted(window, 0.1),
    p90: quantileSorted(window, 0.9),
    referenceLikeness: likeness[i]!,
  }));
  const reference = { mean: r.reduce((sum, value) => sum + value, 0) / r.length, p10: quantileSorted(r, 0.1), p90: quantileSorted(r, 0.9) };
  if (recurring) return { pattern: 'recurring', timeline, reference };

  // In between: looks partly like each, and is significantly different from both (noise around a
  // step is not a transition).
  const between = windows.filter(
    (window, i) => i < count - 1 && likeness[i]! > BETWEEN[0] && likeness[i]! < BETWEEN[1] && drifted[i]! && ksTwoSample(newest, window).pValue < alpha,
  );
  if (between.length >= 2) {
    const mixture = between.reduce((sum, window) => sum + bestFit(window, (a) => mixtureCdf(r, newest, a)), 0);
    const geodesic = between.reduce((sum, window) => sum + bestFit(window, (a) => interpolatedCdf(r, newest, a)), 0);
    return { pattern: mixture <= geodesic ? 'gradual' : 'incremental', timeline, reference };
  }
  // Sudden: the step lies in the first window that looks new, or just before it.
  const first = Math.max(
    0,
    likeness.findIndex((value) => value < 0.5),
  );
  const start = first === 0 ? Math.max(0, history.length - (bounds[1]! - bounds[0]!)) : bounds[first - 1]!;
  const rows = first === 0 ? [...history.slice(start), ...stream.slice(0, bounds[1])] : stream.slice(start, bounds[first + 1]);
  const score = newnessScore(r, newest);
  const split = bestSplit(
    Float64Array.from(rows, (row) => score(row.value)),
    0,
    rows.length,
  );
  return { pattern: 'sudden', changePoint: order.label(rows[Math.min(split.index, rows.length - 1)]!.position), timeline, reference };
}

/** The smallest KS distance between `window` and the model CDF over a grid of mixing weights. */
function bestFit(window: Float64Array, model: (a: number) => (x: number) => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let step = 0; step <= MIX_GRID; step += 1) {
    const cdf = model(step / MIX_GRID);
    let distance = 0;
    for (let i = 0; i < window.length; i += 1) {
      const f = cdf(window[i]!);
      distance = Math.max(distance, Math.abs((i + 1) / window.length - f), Math.abs(i / window.length - f));
    }
    best = Math.min(best, distance);
  }
  return best;
}

/** The ECDF of a sorted sample at x. */
function ecdf(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= x) low = middle + 1;
    else high = middle;
  }
  return low / sorted.length;
}

/** a·F_R + (1 − a)·F_N: old and new values side by side. */
function mixtureCdf(r: Float64Array, n: Float64Array, a: number): (x: number) => number {
  return (x) => a * ecdf(r, x) + (1 - a) * ecdf(n, x);
}

/** The CDF whose quantiles are a·Q_R + (1 − a)·Q_N: every value part of the way from old to new. */
function interpolatedCdf(r: Float64Array, n: Float64Array, a: number): (x: number) => number {
  const grid = Float64Array.from(
    { length: QUANTILE_GRID + 1 },
    (_, i) => a * quantileSorted(r, i / QUANTILE_GRID) + (1 - a) * quantileSorted(n, i / QUANTILE_GRID),
  );
  return (x) => {
    if (x < grid[0]!) return 0;
    if (x >= grid[QUANTILE_GRID]!) return 1;
    let low = 0;
    let high = QUANTILE_GRID;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (grid[middle]! <= x) low = middle;
      else high = middle;
    }
    const width = grid[high]! - grid[low]!;
    return (low + (width > 0 ? (x - grid[low]!) / width : 0)) / QUANTILE_GRID;
  };
}

/** log(share in N / share in R) of a value's reference-decile bin: high for values typical of the new data. */
function newnessScore(r: Float64Array, n: Float64Array): (x: number) => number {
  const edges = quantileEdges(r, 10);
  const smooth = (counts: Float64Array, total: number) => Float64Array.from(counts, (c) => (c + 0.5) / (total + 0.5 * counts.length));
  const pr = smooth(countSortedInBins(r, edges), r.length);
  const pn = smooth(countSortedInBins(n, edges), n.length);
  return (x) => {
    let bin = 0;
    while (bin < edges.length && x >= edges[bin]!) bin += 1;
    return Math.log(pn[bin]! / pr[bin]!);
  };
}
