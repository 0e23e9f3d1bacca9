// Concept drift: the model's own quality in the reference and the current data, from --target and
// --prediction, and a test of whether it got worse. Classification compares error rates (the
// two-proportion z-test, as scipy's chi2_contingency without continuity correction); regression
// compares the absolute errors (two-sample Kolmogorov–Smirnov).

import { sortFloat64 } from './stats/sort.js';
import { chiSquareSf } from './stats/special.js';
import { ksTwoSample } from './stats/ks.js';
import type { ColumnData, Dataset } from './types.js';

/** A numeric target with at most this many distinct whole values is a class label. */
const MAX_CLASSES = 20;

export interface PerformanceReport {
  readonly task: 'classification' | 'regression';
  readonly metric: 'accuracy' | 'rmse';
  readonly reference: number;
  readonly current: number;
  /** classification: z of the error-rate difference (positive: more errors now); regression: the KS statistic. */
  readonly statistic: number;
  readonly pValue: number;
  readonly threshold: number;
  /** The test found a difference (p < threshold) and the current data scores worse. */
  readonly drift: boolean;
  /** Rows with both a target and a prediction. */
  readonly rows: { readonly reference: number; readonly current: number };
}

export interface PerformanceColumns {
  readonly target: string;
  readonly prediction: string;
  /** p-value thresholds: the chi-square one for classification, the KS one for regression. */
  readonly thresholds: { readonly classification: number; readonly regression: number };
}

/** The performance block, or undefined when the target or the prediction is missing from either file. */
export function comparePerformance(reference: Dataset, current: Dataset, settings: PerformanceColumns): PerformanceReport | undefined {
  const pick = (dataset: Dataset, name: string) => dataset.columns.find((column) => column.name === name);
  const columns = [pick(reference, settings.target), pick(reference, settings.prediction), pick(current, settings.target), pick(current, settings.prediction)];
  if (columns.some((column) => column === undefined || column.kind === 'empty')) return undefined;
  const [refTarget, refPrediction, curTarget, curPrediction] = columns as ColumnData[];
  return isClassification(columns as ColumnData[])
    ? classification(pairs(refTarget!, refPrediction!, text), pairs(curTarget!, curPrediction!, text), settings.thresholds.classification)
    : regression(pairs(refTarget!, refPrediction!, number), pairs(curTarget!, curPrediction!, number), settings.thresholds.regression);
}

function isClassification(columns: readonly ColumnData[]): boolean {
  if (columns.some((column) => column.kind === 'categorical')) return true;
  const distinct = new Set<number>();
  for (const column of columns) {
    if (column.kind !== 'numeric') return false;
    for (const value of column.sorted) {
      if (!Number.isInteger(value)) return false;
      distinct.add(value);
      if (distinct.size > MAX_CLASSES) return false;
    }
  }
  return true;
}

function text(column: ColumnData, row: number): string | undefined {
  if (column.kind === 'categorical') return column.codes[row]! < 0 ? undefined : column.dictionary[column.codes[row]!];
  if (column.kind === 'empty') return undefined;
  const value = column.values[row]!;
  return Number.isNaN(value) ? undefined : String(value);
}

function number(column: ColumnData, row: number): number | undefined {
  if (column.kind !== 'numeric') return undefined;
  const value = column.values[row]!;
  return Number.isFinite(value) ? value : undefined;
}

/** The (target, prediction) pairs of the rows that have both. */
function pairs<T>(target: ColumnData, prediction: ColumnData, read: (column: ColumnData, row: number) => T | undefined): [T, T][] {
  const out: [T, T][] = [];
  for (let row = 0; row < target.rows; row += 1) {
    const truth = read(target, row);
    const guess = read(prediction, row);
    if (truth !== undefined && guess !== undefined) out.push([truth, guess]);
  }
  return out;
}

function classification(reference: [string, string][], current: [string, string][], threshold: number): PerformanceReport {
  const wrong = (rows: [string, string][]): number => rows.filter(([truth, guess]) => truth !== guess).length;
  const n1 = reference.length;
  const n2 = current.length;
  const e1 = n1 === 0 ? Number.NaN : wrong(reference) / n1;
  const e2 = n2 === 0 ? Number.NaN : wrong(current) / n2;
  const pooled = (e1 * n1 + e2 * n2) / (n1 + n2);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = spread > 0 ? (e2 - e1) / spread : 0;
  const pValue = Number.isNaN(z) ? 1 : chiSquareSf(z * z, 1);
  return {
    task: 'classification',
    metric: 'accuracy',
    reference: 1 - e1,
    current: 1 - e2,
    statistic: z,
    pValue,
    threshold,
    drift: pValue < threshold && e2 > e1,
    rows: { reference: n1, current: n2 },
  };
}

function regression(reference: [number, number][], current: [number, number][], threshold: number): PerformanceReport {
  const errors = (rows: [number, number][]) => sortFloat64(Float64Array.from(rows, ([truth, guess]) => Math.abs(truth - guess)));
  const rmse = (sorted: Float64Array): number => Math.sqrt(sorted.reduce((sum, error) => sum + error * error, 0) / sorted.length);
  const a = errors(reference);
  const b = errors(current);
  const ks = a.length > 0 && b.length > 0 ? ksTwoSample(a, b) : { statistic: Number.NaN, pValue: 1 };
  const before = rmse(a);
  const after = rmse(b);
  return {
    task: 'regression',
    metric: 'rmse',
    reference: before,
    current: after,
    statistic: ks.statistic,
    pValue: ks.pValue,
    threshold,
    drift: ks.pValue < threshold && after > before,
    rows: { reference: a.length, current: b.length },
  };
}
