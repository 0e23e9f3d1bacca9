// The drift report: what `cml drift --json` prints and what the Markdown and Prometheus renderers
// read. Field names are part of the command's contract (docs/drift.md).

import type { ColumnKind, DataFormat } from './types.js';
import type { DriftPattern, PatternResult } from './adwin/pattern.js';
import type { ImagesReport } from './images/compare.js';
import type { PerformanceReport } from './performance.js';
import type { TestName } from './tests.js';

export type ColumnRole = 'feature' | 'target' | 'prediction';

export interface TestResult {
  readonly name: TestName;
  readonly statistic: number;
  /** Tests with a p-value only (ks, chi2). */
  readonly pValue?: number;
  readonly threshold: number;
  readonly drift: boolean;
  /** Whether this test's verdict decides the column's drift (the others are informational). */
  readonly decisive: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface ColumnReport {
  readonly name: string;
  /** Type inferred from the current data (or set in drift.yaml). */
  readonly type: ColumnKind;
  readonly referenceType: ColumnKind;
  /** How the tests compared it: a numeric column with few distinct values is compared as categories. */
  readonly comparedAs: 'numeric' | 'categorical' | 'none';
  readonly role: ColumnRole;
  readonly drift: boolean;
  readonly tests: readonly TestResult[];
  /** Why no tests ran, when none did. */
  readonly skipped?: string;
  /** Shares of the reference and current data per bin or category, for plots. */
  readonly distribution?: { readonly labels: readonly string[]; readonly reference: readonly number[]; readonly current: readonly number[] };
  /** With --time-column, numeric columns: the shape of the change (docs/drift.md says how it is decided). */
  readonly pattern?: DriftPattern | 'none';
  /** For a sudden change: the time value where the new level starts. */
  readonly changePoint?: string;
  /** Drifted columns with --time-column: the current data in time windows, for the chart. */
  readonly timeline?: { readonly windows: PatternResult['timeline']; readonly reference: PatternResult['reference'] };
}

export type CheckName = 'data-type' | 'completeness' | 'baseline-drift' | 'missing-columns' | 'extra-columns' | 'categorical-values' | 'outliers';

export interface CheckResult {
  readonly name: CheckName;
  readonly passed: boolean;
  readonly column?: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface DatasetSummary {
  readonly path: string;
  readonly format: DataFormat;
  readonly rows: number;
  readonly columns: number;
}

export interface DriftReport {
  /** True when a column drifted, a check failed, the model got worse or the images drifted. */
  readonly drift: boolean;
  readonly summary: {
    readonly columns: number;
    readonly driftedColumns: number;
    readonly failedChecks: number;
  };
  readonly reference: DatasetSummary;
  readonly current: DatasetSummary;
  readonly timeColumn?: string;
  readonly columns: readonly ColumnReport[];
  readonly checks: readonly CheckResult[];
  /** With --target and --prediction in both files: the model's quality then and now (concept drift). */
  readonly performance?: PerformanceReport;
  /** When --reference and --current are image folders: the reconstruction-error comparison. */
  readonly images?: ImagesReport;
}
