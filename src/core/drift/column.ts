// One column pair: its checks, how it is compared (numeric, or as categories), the drift tests of
// that comparison (tests.ts), which of them decide, and the shares per bin or category for plots.

import { UserError } from '../../errors.js';
import { driftPattern } from './adwin/pattern.js';
import type { TimeOrder } from './adwin/time-order.js';
import { categoryCounts, distinctAtLeast } from './categories.js';
import { categoricalBaseline, completenessCheck, dataTypeCheck, numericBaseline, outliersCheck, unseenValues } from './checks.js';
import type { DriftConfig } from './config.js';
import type { CheckResult, ColumnReport, ColumnRole, TestResult } from './report-types.js';
import { NumericSamples, type NumericBins, type TestInput } from './samples.js';
import { shares } from './stats/divergence.js';
import { defaultDeciders, isDrift, testsFor, type DriftTest, type TestName } from './tests.js';
import type { ColumnData, Dataset, NumericColumnData } from './types.js';
import { grouped } from '../../words.js';

const MAX_PLOTTED_CATEGORIES = 20;

export interface ColumnPair {
  readonly reference: ColumnData;
  readonly current: ColumnData;
  readonly role: ColumnRole;
  /** The datasets the columns come from, for messages. */
  readonly referenceDataset: Dataset;
  readonly currentDataset: Dataset;
  readonly config: DriftConfig;
  /** The time order of both datasets' rows, when there is a --time-column. */
  readonly order?: TimeOrder;
}

export interface ColumnAnalysis {
  readonly column: ColumnReport;
  /** The column's checks, in the order they ran. */
  readonly checks: CheckResult[];
}

export function analyzeColumn(pair: ColumnPair): ColumnAnalysis {
  const { reference: ref, current: cur, config, order } = pair;
  const name = ref.name;
  for (const [column, dataset] of [
    [ref, pair.referenceDataset],
    [cur, pair.currentDataset],
  ] as const) {
    if (column.kind === 'empty') {
      throw new UserError(`column "${name}" in ${dataset.path} has no values: all ${grouped(dataset.rows)} rows are missing`, {
        hint: 'leave it out with --columns, or set `ignore: true` for it in drift.yaml',
      });
    }
  }
  const columnConfig = config.columns[name] ?? {};
  if (columnConfig.type === 'numeric') {
    for (const [column, dataset] of [
      [ref, pair.referenceDataset],
      [cur, pair.currentDataset],
    ] as const) {
      if (column.kind === 'categorical') {
        throw new UserError(`drift.yaml sets column "${name}" to numeric, but ${dataset.path} holds text in it (e.g. "${column.dictionary[0] ?? ''}")`);
      }
    }
  }

  const checks = [dataTypeCheck(name, ref, cur), completenessCheck(name, ref, cur, config)];
  const base = { name, type: cur.kind, referenceType: ref.kind, role: pair.role };
  if (ref.kind !== cur.kind)
    return { column: { ...base, comparedAs: 'none', drift: false, tests: [], skipped: `the type changed from ${ref.kind} to ${cur.kind}` }, checks };
  if (ref.kind === 'datetime') {
    return {
      column: { ...base, comparedAs: 'none', drift: false, tests: [], skipped: 'dates move with time; only the type and completeness checks apply' },
      checks,
    };
  }
  const thresholds = { ...config.thresholds, ...columnConfig.thresholds };

  const inputs: TestInput[] = [];
  let comparedAs: 'numeric' | 'categorical';
  let distribution: ColumnReport['distribution'];
  let referenceCount: number;
  if (
    ref.kind === 'numeric' &&
    cur.kind === 'numeric' &&
    columnConfig.type !== 'categorical' &&
    distinctAtLeast(ref.sorted, cur.sorted, config.discreteMaxUnique + 1)
  ) {
    comparedAs = 'numeric';
    referenceCount = ref.sorted.length;
    const samples = new NumericSamples(ref, cur, columnConfig.bins ?? config.bins);
    inputs.push(samples);
    if (order) inputs.push({ comparison: 'time-ordered', reference: ref, current: cur, order });
    distribution = {
      labels: binLabels(ref.sorted, samples.binned),
      reference: [...shares(samples.binned.reference)],
      current: [...shares(samples.binned.current)],
    };
    checks.push(numericBaseline(name, ref, cur, config), outliersCheck(name, ref, cur, config));
  } else {
    comparedAs = 'categorical';
    const counts = categoryCounts(ref, cur);
    referenceCount = ref.rows - ref.missing;
    inputs.push({ comparison: 'categorical', binned: counts });
    const first = <T>(values: ArrayLike<T>): T[] => Array.from(values).slice(0, MAX_PLOTTED_CATEGORIES);
    distribution = { labels: first(counts.labels), reference: first(shares(counts.reference)), current: first(shares(counts.current)) };
    checks.push(categoricalBaseline(name, counts, config), unseenValues(name, counts, config));
  }
  const ran = inputs.flatMap((input) => testsFor(input.comparison).map((test) => runTest(test, input, thresholds[test.name])));

  const large = referenceCount > config.largeSample;
  const deciding = new Set<TestName>(columnConfig.tests ?? config.tests[comparedAs] ?? defaultDeciders(comparedAs, large));
  if (order && comparedAs === 'numeric') for (const test of defaultDeciders('time-ordered', large)) deciding.add(test);
  const available = new Set(ran.map((test) => test.name));
  const timeOrderedTests = new Set(testsFor('time-ordered').map((test) => test.name));
  for (const test of deciding) {
    // A time-order test without --time-column has nothing to run on; it is not a mistake in drift.yaml.
    if (!available.has(test) && !timeOrderedTests.has(test)) {
      throw new UserError(`drift.yaml asks for test ${test} on column "${name}", which is compared as ${comparedAs}`, {
        hint: `${comparedAs} columns support: ${testsFor(comparedAs)
          .map((known) => known.name)
          .join(', ')}`,
      });
    }
  }
  const tests = ran.map((test) => ({ ...test, decisive: deciding.has(test.name) }));
  const drift = tests.some((test) => test.decisive && test.drift);
  const shape = order && comparedAs === 'numeric' ? timePattern(ref as NumericColumnData, cur as NumericColumnData, order, drift, thresholds.ks) : {};
  return { column: { ...base, comparedAs, drift, tests, ...(distribution ? { distribution } : {}), ...shape }, checks };
}

function runTest(test: DriftTest, input: TestInput, threshold: number): TestResult {
  const outcome = test.run(input, threshold);
  return {
    name: test.name,
    statistic: outcome.statistic,
    ...(outcome.pValue !== undefined ? { pValue: outcome.pValue } : {}),
    threshold,
    drift: isDrift(test, outcome, threshold),
    decisive: false,
    ...(outcome.details ? { details: outcome.details } : {}),
  };
}

/**
 * `low–high` per bin, or the value of a bin that holds one. Plain quantile bins are named by their
 * edges, the outer ones running to the reference's minimum and maximum.
 */
function binLabels(referenceSorted: Float64Array, { edges, ranges }: NumericBins): string[] {
  if (ranges) return ranges.map(([low, high]) => (low === high ? formatEdge(low) : `${formatEdge(low)}–${formatEdge(high)}`));
  const labels: string[] = [];
  for (let i = 0; i <= edges.length; i += 1) {
    const low = i === 0 ? referenceSorted[0]! : edges[i - 1]!;
    const high = i === edges.length ? referenceSorted[referenceSorted.length - 1]! : edges[i]!;
    labels.push(`${formatEdge(low)}–${formatEdge(high)}`);
  }
  return labels;
}

function formatEdge(value: number): string {
  return Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

/** With --time-column: how a drifted numeric column changed (`none` when it did not drift). */
function timePattern(
  ref: NumericColumnData,
  cur: NumericColumnData,
  order: TimeOrder,
  drift: boolean,
  alpha: number,
): Pick<ColumnReport, 'pattern' | 'changePoint' | 'timeline'> {
  if (!drift) return { pattern: 'none' };
  const found = driftPattern(ref, cur, order, alpha);
  return {
    pattern: found.pattern,
    ...(found.changePoint !== undefined ? { changePoint: found.changePoint } : {}),
    timeline: { windows: found.timeline, reference: found.reference },
  };
}
