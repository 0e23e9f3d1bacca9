// drift.yaml: thresholds, which tests decide, and per-column settings. Parsed and validated in one
// place; every mistake is a UserError naming the file and the key.

import { UserError } from '../../errors.js';
import { parseYamlText } from '../yaml.js';
import { defaultThresholds, TEST_NAMES, type TestName } from './tests.js';

export type ColumnTypeOverride = 'numeric' | 'categorical';

export interface ColumnConfig {
  readonly type?: ColumnTypeOverride;
  /** Tests that decide drift for this column (the others are still reported). */
  readonly tests?: readonly TestName[];
  readonly thresholds?: Partial<Record<TestName, number>>;
  readonly bins?: number;
  readonly ignore?: boolean;
}

export interface DriftConfig {
  readonly thresholds: Readonly<Record<TestName, number>>;
  /** Quantile bins of the reference for PSI, KL and Jensen–Shannon on numeric columns. */
  readonly bins: number;
  /** Above this many reference values, distances decide instead of p-values. */
  readonly largeSample: number;
  /** A numeric column with at most this many distinct values is compared as categories. */
  readonly discreteMaxUnique: number;
  /** Deciding tests for every column, instead of the automatic choice. */
  readonly tests: { readonly numeric?: readonly TestName[]; readonly categorical?: readonly TestName[] };
  readonly completeness: { readonly min: number; readonly maxDrop: number };
  readonly baselineDrift: { readonly maxPercent: number; readonly maxShareChange: number };
  readonly categoricalValues: { readonly maxUnseenShare: number };
  /** Numeric columns: the share of current values allowed outside the reference's 3-IQR fences. */
  readonly outliers: { readonly maxShare: number };
  readonly columns: Readonly<Record<string, ColumnConfig>>;
}

export const DEFAULT_CONFIG: DriftConfig = {
  thresholds: defaultThresholds(),
  bins: 10,
  largeSample: 1000,
  discreteMaxUnique: 5,
  tests: {},
  completeness: { min: 0, maxDrop: 0.05 },
  baselineDrift: { maxPercent: 20, maxShareChange: 0.1 },
  categoricalValues: { maxUnseenShare: 0 },
  outliers: { maxShare: 0.01 },
  columns: {},
};

type Raw = Record<string, unknown>;

class ConfigReader {
  constructor(private readonly source: string) {}

  fail(key: string, message: string): never {
    throw new UserError(`${this.source}: ${key} ${message}`, { hint: 'see docs/drift.md for the drift.yaml format' });
  }

  object(value: unknown, key: string, allowed: readonly string[]): Raw {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(key, 'must be a mapping');
    for (const name of Object.keys(value as Raw)) {
      if (!allowed.includes(name)) this.fail(`${key === '' ? '' : `${key}.`}${name}`, `is not a known setting (expected one of: ${allowed.join(', ')})`);
    }
    return value as Raw;
  }

  number(value: unknown, key: string, { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = {}): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, `must be a number, got ${JSON.stringify(value)}`);
    if (integer && !Number.isInteger(value)) this.fail(key, `must be a whole number, got ${value}`);
    if (value < min || value > max) this.fail(key, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  tests(value: unknown, key: string): TestName[] {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0) this.fail(key, 'must be a non-empty list of test names');
    return list.map((name, index) => {
      if (typeof name !== 'string' || !(TEST_NAMES as readonly string[]).includes(name)) {
        this.fail(`${key}[${index}]`, `must be one of ${TEST_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
      }
      return name as TestName;
    });
  }

  thresholds(value: unknown, key: string): Partial<Record<TestName, number>> {
    const raw = this.object(value, key, TEST_NAMES);
    const out: Partial<Record<TestName, number>> = {};
    for (const [name, threshold] of Object.entries(raw)) out[name as TestName] = this.number(threshold, `${key}.${name}`, { min: 0 });
    return out;
  }
}

/** Parses drift.yaml text into a full configuration (defaults filled in). */
export function parseDriftConfig(text: string, source: string): DriftConfig {
  const raw = parseYamlText(text, source);
  if (raw === null || raw === undefined) return DEFAULT_CONFIG;
  const r = new ConfigReader(source);
  const top = r.object(raw, '', [
    'thresholds',
    'bins',
    'large-sample',
    'discrete-max-unique',
    'tests',
    'completeness',
    'baseline-drift',
    'categorical-values',
    'outliers',
    'columns',
  ]);
  const d = DEFAULT_CONFIG;
  const thresholds = top.thresholds === undefined ? {} : r.thresholds(top.thresholds, 'thresholds');
  const tests = top.tests === undefined ? {} : r.object(top.tests, 'tests', ['numeric', 'categorical']);
  const completeness = top.completeness === undefined ? {} : r.object(top.completeness, 'completeness', ['min', 'max-drop']);
  const baseline = top['baseline-drift'] === undefined ? {} : r.object(top['baseline-drift'], 'baseline-drift', ['max-percent', 'max-share-change']);
  const outliers = top.outliers === undefined ? {} : r.object(top.outliers, 'outliers', ['max-share']);
  const values = top['categorical-values'] === undefined ? {} : r.object(top['categorical-values'], 'categorical-values', ['max-unseen-share']);
  const columns: Record<string, ColumnConfig> = {};
  if (top.columns !== undefined) {
    const rawColumns = r.object(top.columns, 'columns', Object.keys(top.columns as Raw));
    for (const [name, value] of Object.entries(rawColumns)) {
      const key = `columns.${name}`;
      const column = r.object(value ?? {}, key, ['type', 'tests', 'thresholds', 'bins', 'ignore']);
      if (column.type !== undefined && column.type !== 'numeric' && column.type !== 'categorical')
        r.fail(`${key}.type`, `must be numeric or categorical, got ${JSON.stringify(column.type)}`);
      if (column.ignore !== undefined && typeof column.ignore !== 'boolean') r.fail(`${key}.ignore`, 'must be true or false');
      columns[name] = {
        ...(column.type !== undefined ? { type: column.type as ColumnTypeOverride } : {}),
        ...(column.tests !== undefined ? { tests: r.tests(column.tests, `${key}.tests`) } : {}),
        ...(column.thresholds !== undefined ? { thresholds: r.thresholds(column.thresholds, `${key}.thresholds`) } : {}),
        ...(column.bins !== undefined ? { bins: r.number(column.bins, `${key}.bins`, { min: 2, max: 1000, integer: true }) } : {}),
        ...(column.ignore !== undefined ? { ignore: column.ignore as boolean } : {}),
      };
    }
  }
  return {
    thresholds: { ...d.thresholds, ...thresholds },
    bins: top.bins === undefined ? d.bins : r.number(top.bins, 'bins', { min: 2, max: 1000, integer: true }),
    largeSample: top['large-sample'] === undefined ? d.largeSample : r.number(top['large-sample'], 'large-sample', { min: 0, integer: true }),
    discreteMaxUnique:
      top['discrete-max-unique'] === undefined ? d.discreteMaxUnique : r.number(top['discrete-max-unique'], 'discrete-max-unique', { min: 0, integer: true }),
    tests: {
      ...(tests.numeric !== undefined ? { numeric: r.tests(tests.numeric, 'tests.numeric') } : {}),
      ...(tests.categorical !== undefined ? { categorical: r.tests(tests.categorical, 'tests.categorical') } : {}),
    },
    completeness: {
      min: completeness.min === undefined ? d.completeness.min : r.number(completeness.min, 'completeness.min', { min: 0, max: 1 }),
      maxDrop:
        completeness['max-drop'] === undefined ? d.completeness.maxDrop : r.number(completeness['max-drop'], 'completeness.max-drop', { min: 0, max: 1 }),
    },
    baselineDrift: {
      maxPercent:
        baseline['max-percent'] === undefined ? d.baselineDrift.maxPercent : r.number(baseline['max-percent'], 'baseline-drift.max-percent', { min: 0 }),
      maxShareChange:
        baseline['max-share-change'] === undefined
          ? d.baselineDrift.maxShareChange
          : r.number(baseline['max-share-change'], 'baseline-drift.max-share-change', { min: 0, max: 1 }),
    },
    categoricalValues: {
      maxUnseenShare:
        values['max-unseen-share'] === undefined
          ? d.categoricalValues.maxUnseenShare
          : r.number(values['max-unseen-share'], 'categorical-values.max-unseen-share', { min: 0, max: 1 }),
    },
    outliers: {
      maxShare: outliers['max-share'] === undefined ? d.outliers.maxShare : r.number(outliers['max-share'], 'outliers.max-share', { min: 0, max: 1 }),
    },
    columns,
  };
}
