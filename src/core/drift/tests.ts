// The drift tests, registered once. Each entry says what it applies to, whether its threshold
// bounds a p-value or a distance, its default threshold, its label in the Markdown report, when it
// decides a column's drift by default, and how it runs. drift.yaml's names and defaults, the
// deciding logic and the report all read this table: a new test is one entry here.

import { adwinChanges } from './adwin/changes.js';
import type { Binned, Comparison, TestInput } from './samples.js';
import { summaryOf } from './samples.js';
import { chiSquareHomogeneity } from './stats/chi-square.js';
import { jensenShannonDistance, klDivergence, populationStabilityIndex } from './stats/divergence.js';
import { ksTwoSample } from './stats/ks.js';

/**
 * How the threshold reads: `p-value`: drift when p < threshold; `distance`: drift when the
 * statistic > threshold; `change-count`: the threshold is a confidence δ the test runs with, and
 * drift is any change found.
 */
export type TestKind = 'p-value' | 'distance' | 'change-count';

export interface TestOutcome {
  readonly statistic: number;
  readonly pValue?: number;
  readonly details?: Record<string, unknown>;
}

export interface DriftTestDefinition {
  readonly name: string;
  /** Comparison -> the test's place in that comparison's results (the order the reports show). */
  readonly appliesTo: Partial<Record<Comparison, number>>;
  readonly kind: TestKind;
  readonly defaultThreshold: number;
  /** Its name in the Markdown report. */
  readonly label: string;
  /**
   * With no `tests` in drift.yaml, the test decides for this comparison: for samples of at most
   * `large-sample` reference values (`small`), above it (`large`), or whenever it runs (`always`).
   */
  readonly decidesByDefault?: Partial<Record<Comparison, 'small' | 'large' | 'always'>>;
  readonly run: (input: TestInput, threshold: number) => TestOutcome;
}

/** Wasserstein distances are divided by the reference's standard deviation, but never by less. */
const MIN_WASSERSTEIN_NORM = 0.001;

function numeric(input: TestInput, test: string) {
  if (input.comparison !== 'numeric') throw new Error(`${test} runs on numeric columns only, not on ${input.comparison}`);
  return input;
}

/** PSI, KL and Jensen–Shannon compare binned numeric values or category counts alike. */
function binnedDistance(distance: (reference: Float64Array, current: Float64Array) => number) {
  return (input: TestInput): TestOutcome => {
    if (input.comparison === 'time-ordered') throw new Error('binned distances do not run on a time order');
    const counts: Binned = input.binned;
    const statistic = distance(counts.reference, counts.current);
    return input.comparison === 'numeric' ? { statistic, details: { bins: counts.reference.length } } : { statistic };
  };
}

const TABLE = [
  {
    name: 'ks',
    label: 'Kolmogorov–Smirnov',
    appliesTo: { numeric: 0 },
    kind: 'p-value',
    defaultThreshold: 0.05,
    decidesByDefault: { numeric: 'small' },
    run: (input) => {
      const samples = numeric(input, 'ks');
      const ks = ksTwoSample(samples.reference.sorted, samples.current.sorted, samples.scan.gap);
      return { statistic: ks.statistic, pValue: ks.pValue, details: { method: ks.method, location: ks.location } };
    },
  },
  {
    name: 'chi2',
    label: 'chi-square',
    appliesTo: { categorical: 0 },
    kind: 'p-value',
    defaultThreshold: 0.05,
    decidesByDefault: { categorical: 'small' },
    run: (input) => {
      if (input.comparison !== 'categorical') throw new Error(`chi2 runs on categories only, not on ${input.comparison}`);
      const chi = chiSquareHomogeneity(input.binned.reference, input.binned.current);
      return { statistic: chi.statistic, pValue: chi.pValue, details: { dof: chi.dof } };
    },
  },
  { name: 'kl', label: 'KL divergence', appliesTo: { numeric: 3, categorical: 3 }, kind: 'distance', defaultThreshold: 0.1, run: binnedDistance(klDivergence) },
  {
    name: 'psi',
    label: 'PSI',
    appliesTo: { numeric: 2, categorical: 2 },
    kind: 'distance',
    defaultThreshold: 0.1,
    run: binnedDistance(populationStabilityIndex),
  },
  {
    name: 'wasserstein',
    label: 'Wasserstein (normed)',
    appliesTo: { numeric: 1 },
    kind: 'distance',
    defaultThreshold: 0.1,
    decidesByDefault: { numeric: 'large' },
    run: (input) => {
      const samples = numeric(input, 'wasserstein');
      const distance = samples.scan.wasserstein;
      const referenceStd = summaryOf(samples.reference.sorted).std;
      return { statistic: distance / Math.max(referenceStd, MIN_WASSERSTEIN_NORM), details: { distance, referenceStd } };
    },
  },
  {
    name: 'jensen-shannon',
    label: 'Jensen–Shannon',
    appliesTo: { numeric: 4, categorical: 1 },
    kind: 'distance',
    defaultThreshold: 0.1,
    decidesByDefault: { categorical: 'large' },
    run: binnedDistance(jensenShannonDistance),
  },
  {
    name: 'adwin',
    label: 'ADWIN changes',
    appliesTo: { 'time-ordered': 0 },
    kind: 'change-count',
    defaultThreshold: 0.002,
    decidesByDefault: { 'time-ordered': 'always' },
    run: (input, delta) => {
      if (input.comparison !== 'time-ordered') throw new Error(`adwin runs on a time order only, not on ${input.comparison}`);
      const changes = adwinChanges(input.reference, input.current, input.order, delta);
      return { statistic: changes.length, details: { changes } };
    },
  },
] as const satisfies readonly DriftTestDefinition[];

export type TestName = (typeof TABLE)[number]['name'];
export type DriftTest = DriftTestDefinition & { readonly name: TestName };

export const DRIFT_TESTS: readonly DriftTest[] = TABLE;
export const TEST_NAMES: readonly TestName[] = TABLE.map((test) => test.name);
const BY_NAME = new Map<string, DriftTest>(DRIFT_TESTS.map((test) => [test.name, test]));

export function driftTest(name: TestName): DriftTest {
  return BY_NAME.get(name)!;
}

/** The tests that apply to a comparison, in the order the reports show them. */
export function testsFor(comparison: Comparison): DriftTest[] {
  return DRIFT_TESTS.filter((test) => test.appliesTo[comparison] !== undefined).sort((a, b) => a.appliesTo[comparison]! - b.appliesTo[comparison]!);
}

/** The default thresholds (drift.yaml's `thresholds` override them). */
export function defaultThresholds(): Record<TestName, number> {
  return Object.fromEntries(DRIFT_TESTS.map((test) => [test.name, test.defaultThreshold])) as Record<TestName, number>;
}

/** Whether a test's result means drift, as its kind reads the threshold. */
export function isDrift(test: DriftTest, outcome: TestOutcome, threshold: number): boolean {
  switch (test.kind) {
    case 'p-value':
      return (outcome.pValue ?? 1) < threshold;
    case 'distance':
      return outcome.statistic > threshold;
    case 'change-count':
      return outcome.statistic > 0;
  }
}

/** The tests that decide when drift.yaml names none: by comparison and reference sample size. */
export function defaultDeciders(comparison: Comparison, large: boolean): TestName[] {
  return DRIFT_TESTS.filter((test) => {
    const when = test.decidesByDefault?.[comparison];
    return when === 'always' || when === (large ? 'large' : 'small');
  }).map((test) => test.name);
}
