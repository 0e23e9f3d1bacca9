// Compares a reference dataset with a current one: schema checks, per-column checks and the
// distribution tests, into one DriftReport. Pure computation on already-read columns.

import { UserError } from '../../errors.js';
import { CATEGORICAL_TESTS, NUMERIC_TESTS, P_VALUE_TESTS, type DriftConfig, type TestName } from './config.js';
import type { CheckResult, ColumnReport, ColumnRole, DriftReport, TestResult } from './report-types.js';
import { Adwin } from './stats/adwin.js';
import { countSortedInBins, quantileEdges } from './stats/binning.js';
import { chiSquareHomogeneity } from './stats/chi-square.js';
import { jensenShannonDistance, klDivergence, populationStabilityIndex, shares } from './stats/divergence.js';
import { ksTwoSample, scanSorted } from './stats/ks.js';
import { summarizeSorted, type NumericSummary } from './stats/summary.js';
import type { ColumnData, Dataset, NumericColumnData } from './types.js';

export interface AnalyzeSettings {
  readonly config: DriftConfig;
  /** Only these columns (plus target and prediction); all when undefined. */
  readonly columns?: readonly string[];
  readonly target?: string;
  readonly prediction?: string;
  readonly timeColumn?: string;
}

/** Summaries are needed by the Wasserstein norm and the baseline check: compute each once. */
const summaries = new WeakMap<Float64Array, NumericSummary>();
function summary(sorted: Float64Array): NumericSummary {
  let found = summaries.get(sorted);
  if (!found) {
    found = summarizeSorted(sorted);
    summaries.set(sorted, found);
  }
  return found;
}

/** Wasserstein distances are divided by the reference's standard deviation, but never by less. */
const MIN_WASSERSTEIN_NORM = 0.001;
const MAX_LISTED_VALUES = 20;
const MAX_PLOTTED_CATEGORIES = 20;

export function analyzeDrift(reference: Dataset, current: Dataset, settings: AnalyzeSettings): DriftReport {
  const { config } = settings;
  const referenceColumns = new Map(reference.columns.map((column) => [column.name, column]));
  const currentColumns = new Map(current.columns.map((column) => [column.name, column]));

  for (const [flag, name] of [['--target', settings.target], ['--prediction', settings.prediction], ['--time-column', settings.timeColumn]] as const) {
    if (name !== undefined && !referenceColumns.has(name) && !currentColumns.has(name)) {
      throw new UserError(`${flag} names column "${name}", which is in neither ${reference.path} nor ${current.path}`, { hint: columnsHint(reference) });
    }
  }
  let names: string[];
  if (settings.columns) {
    for (const name of settings.columns) {
      if (!referenceColumns.has(name) && !currentColumns.has(name)) {
        throw new UserError(`--columns names "${name}", which is in neither ${reference.path} nor ${current.path}`, { hint: columnsHint(reference) });
      }
    }
    names = [...new Set([...settings.columns, ...[settings.target, settings.prediction].filter((n): n is string => n !== undefined)])];
  } else {
    names = [...new Set([...referenceColumns.keys(), ...currentColumns.keys()])];
  }
  names = names.filter((name) => name !== settings.timeColumn && !config.columns[name]?.ignore);

  const checks: CheckResult[] = [];
  const missing = names.filter((name) => referenceColumns.has(name) && !currentColumns.has(name));
  const extra = names.filter((name) => !referenceColumns.has(name) && currentColumns.has(name));
  checks.push({ name: 'missing-columns', passed: missing.length === 0, details: { columns: missing } });
  checks.push({ name: 'extra-columns', passed: extra.length === 0, details: { columns: extra } });

  const order = settings.timeColumn ? timeOrder(reference, current, settings.timeColumn) : undefined;
  const columns: ColumnReport[] = [];
  for (const name of names) {
    const ref = referenceColumns.get(name);
    const cur = currentColumns.get(name);
    if (!ref || !cur) continue;
    const role: ColumnRole = name === settings.target ? 'target' : name === settings.prediction ? 'prediction' : 'feature';
    columns.push(analyzeColumn(ref, cur, role, reference, current, settings, checks, order));
  }

  const driftedColumns = columns.filter((column) => column.drift).length;
  const failedChecks = checks.filter((check) => !check.passed).length;
  return {
    drift: driftedColumns > 0 || failedChecks > 0,
    summary: { columns: columns.length, driftedColumns, failedChecks },
    reference: { path: reference.path, format: reference.format, rows: reference.rows, columns: reference.columns.length },
    current: { path: current.path, format: current.format, rows: current.rows, columns: current.columns.length },
    ...(settings.timeColumn ? { timeColumn: settings.timeColumn } : {}),
    columns,
    checks,
  };
}

/** The reference file's own columns (not just those read for --columns), for a misspelt name. */
function columnsHint(reference: Dataset): string {
  const names = reference.fileColumns ?? reference.columns.map((column) => column.name);
  const listed = names.slice(0, MAX_LISTED_VALUES).join(', ');
  return `columns in the reference: ${names.length > MAX_LISTED_VALUES ? `${listed}, … (${names.length} in all)` : listed}`;
}

function analyzeColumn(
  ref: ColumnData,
  cur: ColumnData,
  role: ColumnRole,
  reference: Dataset,
  current: Dataset,
  settings: AnalyzeSettings,
  checks: CheckResult[],
  order: TimeOrder | undefined,
): ColumnReport {
  const { config } = settings;
  const name = ref.name;
  for (const [column, dataset] of [[ref, reference], [cur, current]] as const) {
    if (column.kind === 'empty') {
      throw new UserError(`column "${name}" in ${dataset.path} has no values: all ${dataset.rows.toLocaleString('en-US')} rows are missing`, {
        hint: 'leave it out with --columns, or set `ignore: true` for it in drift.yaml',
      });
    }
  }
  const columnConfig = config.columns[name] ?? {};
  if (columnConfig.type === 'numeric') {
    for (const [column, dataset] of [[ref, reference], [cur, current]] as const) {
      if (column.kind === 'categorical') {
        throw new UserError(`drift.yaml sets column "${name}" to numeric, but ${dataset.path} holds text in it (e.g. "${column.dictionary[0] ?? ''}")`);
      }
    }
  }

  const typesMatch = ref.kind === cur.kind;
  checks.push({ name: 'data-type', column: name, passed: typesMatch, details: { reference: ref.kind, current: cur.kind } });
  const referenceShare = 1 - ref.missing / ref.rows;
  const currentShare = 1 - cur.missing / cur.rows;
  const { min, maxDrop } = config.completeness;
  checks.push({
    name: 'completeness',
    column: name,
    passed: currentShare >= min && referenceShare - currentShare <= maxDrop + 1e-12,
    details: { reference: referenceShare, current: currentShare, min, maxDrop },
  });

  const base = { name, type: cur.kind, referenceType: ref.kind, role };
  if (!typesMatch) return { ...base, comparedAs: 'none', drift: false, tests: [], skipped: `the type changed from ${ref.kind} to ${cur.kind}` };
  if (ref.kind === 'datetime') {
    return { ...base, comparedAs: 'none', drift: false, tests: [], skipped: 'dates move with time; only the type and completeness checks apply' };
  }
  const thresholds = { ...config.thresholds, ...columnConfig.thresholds };
  const threshold = (test: TestName): number => thresholds[test];

  let tests: TestResult[];
  let comparedAs: 'numeric' | 'categorical';
  let distribution: ColumnReport['distribution'];
  let referenceCount: number;
  if (ref.kind === 'numeric' && cur.kind === 'numeric' && columnConfig.type !== 'categorical' && distinctAtLeast(ref.sorted, cur.sorted, config.discreteMaxUnique + 1)) {
    comparedAs = 'numeric';
    referenceCount = ref.sorted.length;
    ({ tests, distribution } = numericTests(ref, cur, columnConfig.bins ?? config.bins, threshold));
    checks.push(numericBaseline(name, ref, cur, config));
  } else {
    comparedAs = 'categorical';
    const counts = categoryCounts(ref, cur);
    referenceCount = ref.rows - ref.missing;
    tests = categoricalTests(counts.reference, counts.current, threshold);
    distribution = { labels: counts.labels.slice(0, MAX_PLOTTED_CATEGORIES), reference: [...shares(counts.reference)].slice(0, MAX_PLOTTED_CATEGORIES), current: [...shares(counts.current)].slice(0, MAX_PLOTTED_CATEGORIES) };
    checks.push(categoricalBaseline(name, counts, config));
    checks.push(unseenValues(name, counts, config));
  }

  if (order && comparedAs === 'numeric' && ref.kind === 'numeric' && cur.kind === 'numeric') tests.push(adwinTest(ref, cur, order, threshold('adwin')));

  const deciding = new Set<TestName>(
    columnConfig.tests ??
      (comparedAs === 'numeric' ? config.tests.numeric : config.tests.categorical) ??
      (comparedAs === 'numeric' ? [referenceCount <= config.largeSample ? 'ks' : 'wasserstein'] : [referenceCount <= config.largeSample ? 'chi2' : 'jensen-shannon']),
  );
  if (order && comparedAs === 'numeric') deciding.add('adwin');
  const available = new Set(tests.map((test) => test.name));
  for (const test of deciding) {
    if (!available.has(test) && test !== 'adwin') {
      throw new UserError(`drift.yaml asks for test ${test} on column "${name}", which is compared as ${comparedAs}`, {
        hint: `${comparedAs} columns support: ${(comparedAs === 'numeric' ? NUMERIC_TESTS : CATEGORICAL_TESTS).join(', ')}`,
      });
    }
  }
  tests = tests.map((test) => ({ ...test, decisive: deciding.has(test.name) }));
  const drift = tests.some((test) => test.decisive && test.drift);
  return { ...base, comparedAs, drift, tests, ...(distribution ? { distribution } : {}) };
}

function verdict(name: TestName, statistic: number, threshold: number, pValue?: number): boolean {
  return P_VALUE_TESTS.has(name) ? (pValue ?? 1) < threshold : statistic > threshold;
}

function result(name: TestName, statistic: number, threshold: number, extra: { pValue?: number; details?: Record<string, unknown> } = {}): TestResult {
  return {
    name,
    statistic,
    ...(extra.pValue !== undefined ? { pValue: extra.pValue } : {}),
    threshold,
    drift: verdict(name, statistic, threshold, extra.pValue),
    decisive: false,
    ...(extra.details ? { details: extra.details } : {}),
  };
}

function numericTests(ref: NumericColumnData, cur: NumericColumnData, bins: number, threshold: (test: TestName) => number) {
  const scan = scanSorted(ref.sorted, cur.sorted);
  const ks = ksTwoSample(ref.sorted, cur.sorted, scan.gap);
  const referenceSummary = summary(ref.sorted);
  const distance = scan.wasserstein;
  const norm = Math.max(referenceSummary.std, MIN_WASSERSTEIN_NORM);
  const edges = quantileEdges(ref.sorted, bins);
  const referenceCounts = countSortedInBins(ref.sorted, edges);
  const currentCounts = countSortedInBins(cur.sorted, edges);
  const tests: TestResult[] = [
    result('ks', ks.statistic, threshold('ks'), { pValue: ks.pValue, details: { method: ks.method, location: ks.location } }),
    result('wasserstein', distance / norm, threshold('wasserstein'), { details: { distance, referenceStd: referenceSummary.std } }),
    result('psi', populationStabilityIndex(referenceCounts, currentCounts), threshold('psi'), { details: { bins: referenceCounts.length } }),
    result('kl', klDivergence(referenceCounts, currentCounts), threshold('kl'), { details: { bins: referenceCounts.length } }),
    result('jensen-shannon', jensenShannonDistance(referenceCounts, currentCounts), threshold('jensen-shannon'), { details: { bins: referenceCounts.length } }),
  ];
  const labels: string[] = [];
  for (let i = 0; i <= edges.length; i += 1) {
    const low = i === 0 ? ref.sorted[0]! : edges[i - 1]!;
    const high = i === edges.length ? ref.sorted[ref.sorted.length - 1]! : edges[i]!;
    labels.push(`${formatEdge(low)}–${formatEdge(high)}`);
  }
  return { tests, distribution: { labels, reference: [...shares(referenceCounts)], current: [...shares(currentCounts)] } };
}

function formatEdge(value: number): string {
  return Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

function categoricalTests(referenceCounts: Float64Array, currentCounts: Float64Array, threshold: (test: TestName) => number): TestResult[] {
  const chi = chiSquareHomogeneity(referenceCounts, currentCounts);
  return [
    result('chi2', chi.statistic, threshold('chi2'), { pValue: chi.pValue, details: { dof: chi.dof } }),
    result('jensen-shannon', jensenShannonDistance(referenceCounts, currentCounts), threshold('jensen-shannon')),
    result('psi', populationStabilityIndex(referenceCounts, currentCounts), threshold('psi')),
    result('kl', klDivergence(referenceCounts, currentCounts), threshold('kl')),
  ];
}

/** True when the two sorted samples hold at least `wanted` distinct values together. */
function distinctAtLeast(a: Float64Array, b: Float64Array, wanted: number): boolean {
  const seen = new Set<number>();
  for (const sample of [a, b]) {
    for (let i = 0; i < sample.length; i += 1) {
      if (i > 0 && sample[i] === sample[i - 1]) continue;
      seen.add(sample[i]!);
      if (seen.size >= wanted) return true;
    }
  }
  return false;
}

interface CategoryCounts {
  /** Reference categories by frequency, then categories only the current data has. */
  readonly labels: string[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
  readonly unseen: number;
}

function countsByLabel(column: ColumnData): Map<string, number> {
  const counts = new Map<string, number>();
  if (column.kind === 'categorical') {
    const perCode = new Float64Array(column.dictionary.length);
    for (let i = 0; i < column.codes.length; i += 1) {
      const code = column.codes[i]!;
      if (code >= 0) perCode[code]! += 1;
    }
    column.dictionary.forEach((label, code) => {
      if (perCode[code]! > 0) counts.set(label, perCode[code]!);
    });
  } else if (column.kind !== 'empty') {
    const sorted = column.sorted;
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j += 1;
      counts.set(String(sorted[i]), j - i);
      i = j;
    }
  }
  return counts;
}

function categoryCounts(ref: ColumnData, cur: ColumnData): CategoryCounts {
  const referenceByLabel = countsByLabel(ref);
  const currentByLabel = countsByLabel(cur);
  const labels = [...referenceByLabel.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([label]) => label);
  const unseenLabels = [...currentByLabel.entries()].filter(([label]) => !referenceByLabel.has(label)).sort((a, b) => b[1] - a[1]).map(([label]) => label);
  const all = [...labels, ...unseenLabels];
  return {
    labels: all,
    reference: Float64Array.from(all, (label) => referenceByLabel.get(label) ?? 0),
    current: Float64Array.from(all, (label) => currentByLabel.get(label) ?? 0),
    unseen: unseenLabels.length,
  };
}

function percentChange(reference: number, current: number, scale: number): number | null {
  const denominator = Math.max(Math.abs(reference), scale);
  if (denominator === 0) return current === reference ? 0 : null;
  return ((current - reference) / denominator) * 100;
}

function numericBaseline(name: string, ref: NumericColumnData, cur: NumericColumnData, config: DriftConfig): CheckResult {
  const a = summary(ref.sorted);
  const b = summary(cur.sorted);
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

function categoricalBaseline(name: string, counts: CategoryCounts, config: DriftConfig): CheckResult {
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

function unseenValues(name: string, counts: CategoryCounts, config: DriftConfig): CheckResult {
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

interface TimeOrder {
  /** Row positions in time order: reference rows are 0..n1-1, current rows n1..n1+n2-1. */
  readonly rows: Uint32Array;
  readonly referenceRows: number;
  readonly label: (position: number) => string;
}

function timeOrder(reference: Dataset, current: Dataset, name: string): TimeOrder {
  const ref = reference.columns.find((column) => column.name === name);
  const cur = current.columns.find((column) => column.name === name);
  if (!ref || !cur) {
    throw new UserError(`--time-column "${name}" must be in both files; it is missing from ${ref ? current.path : reference.path}`);
  }
  const n1 = reference.rows;
  const n2 = current.rows;
  const rows = new Uint32Array(n1 + n2);
  for (let i = 0; i < rows.length; i += 1) rows[i] = i;
  const numeric = (ref.kind === 'numeric' || ref.kind === 'datetime') && ref.kind === cur.kind;
  if (numeric) {
    const a = (ref as NumericColumnData).values;
    const b = (cur as NumericColumnData).values;
    const key = new Float64Array(n1 + n2);
    key.set(a, 0);
    key.set(b, n1);
    // Files are usually written in time order, the reference before the current data: then the
    // file order is the time order and the sort is skipped.
    let ordered = key.length === 0 || !Number.isNaN(key[0]!);
    for (let i = 1; i < key.length && ordered; i += 1) ordered = !(key[i]! < key[i - 1]!) && !Number.isNaN(key[i]!);
    if (!ordered) {
      // Rows without a time go after all timed rows.
      const rank = (i: number): number => (Number.isNaN(key[i]!) ? Number.POSITIVE_INFINITY : key[i]!);
      rows.sort((x, y) => rank(x) - rank(y) || x - y);
    }
    const label = (position: number): string => {
      const value = key[position]!;
      return ref.kind === 'datetime' && !Number.isNaN(value) ? new Date(value).toISOString() : String(value);
    };
    return { rows, referenceRows: n1, label };
  }
  const text = (column: ColumnData, i: number): string => {
    if (column.kind === 'categorical') return column.codes[i]! < 0 ? '' : column.dictionary[column.codes[i]!]!;
    if (column.kind === 'empty') return '';
    return String(column.values[i]);
  };
  const keys = Array.from(rows, (i) => (i < n1 ? text(ref, i) : text(cur, i - n1)));
  rows.sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : x - y));
  return { rows, referenceRows: n1, label: (position) => keys[position]! };
}

function adwinTest(ref: NumericColumnData, cur: NumericColumnData, order: TimeOrder, delta: number): TestResult {
  const low = Math.min(ref.sorted[0]!, cur.sorted[0]!);
  const high = Math.max(ref.sorted[ref.sorted.length - 1]!, cur.sorted[cur.sorted.length - 1]!);
  const range = high - low;
  const changes: { at: string; dataset: 'reference' | 'current'; index: number; meanBefore: number; meanAfter: number }[] = [];
  if (range > 0 && Number.isFinite(range)) {
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
      if (changes.length < MAX_LISTED_VALUES) {
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
  }
  return { name: 'adwin', statistic: changes.length, threshold: delta, drift: changes.length > 0, decisive: false, details: { changes } };
}

/** The split of values[start, end) maximising n0·n1/(n0+n1)·(mean0 - mean1)². */
function bestSplit(values: Float64Array, start: number, end: number): { index: number; meanBefore: number; meanAfter: number } {
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
