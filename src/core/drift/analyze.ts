// Compares a reference dataset with a current one: schema checks, per-column checks and the
// distribution tests, into one DriftReport. Pure computation on already-read columns.

import { UserError } from '../../errors.js';
import { timeOrder } from './adwin/time-order.js';
import { MAX_LISTED_VALUES } from './checks.js';
import { analyzeColumn } from './column.js';
import type { DriftConfig } from './config.js';
import { comparePerformance } from './performance.js';
import type { CheckResult, ColumnReport, ColumnRole, DriftReport } from './report-types.js';
import type { Dataset } from './types.js';

export interface AnalyzeSettings {
  readonly config: DriftConfig;
  /** Only these columns (plus target and prediction); all when undefined. */
  readonly columns?: readonly string[];
  readonly target?: string;
  readonly prediction?: string;
  readonly timeColumn?: string;
}

export function analyzeDrift(reference: Dataset, current: Dataset, settings: AnalyzeSettings): DriftReport {
  const { config } = settings;
  const referenceColumns = new Map(reference.columns.map((column) => [column.name, column]));
  const currentColumns = new Map(current.columns.map((column) => [column.name, column]));

  for (const [flag, name] of [
    ['--target', settings.target],
    ['--prediction', settings.prediction],
    ['--time-column', settings.timeColumn],
  ] as const) {
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
    const analysis = analyzeColumn({
      reference: ref,
      current: cur,
      role,
      referenceDataset: reference,
      currentDataset: current,
      config,
      ...(order ? { order } : {}),
    });
    columns.push(analysis.column);
    checks.push(...analysis.checks);
  }

  const driftedColumns = columns.filter((column) => column.drift).length;
  const failedChecks = checks.filter((check) => !check.passed).length;
  const performance =
    settings.target !== undefined && settings.prediction !== undefined
      ? comparePerformance(reference, current, {
          target: settings.target,
          prediction: settings.prediction,
          thresholds: { classification: config.thresholds.chi2, regression: config.thresholds.ks },
        })
      : undefined;
  return {
    drift: driftedColumns > 0 || failedChecks > 0 || performance?.drift === true,
    summary: { columns: columns.length, driftedColumns, failedChecks },
    reference: { path: reference.path, format: reference.format, rows: reference.rows, columns: reference.columns.length },
    current: { path: current.path, format: current.format, rows: current.rows, columns: current.columns.length },
    ...(settings.timeColumn ? { timeColumn: settings.timeColumn } : {}),
    columns,
    checks,
    ...(performance ? { performance } : {}),
  };
}

/** The reference file's own columns (not just those read for --columns), for a misspelt name. */
function columnsHint(reference: Dataset): string {
  const names = reference.fileColumns ?? reference.columns.map((column) => column.name);
  const listed = names.slice(0, MAX_LISTED_VALUES).join(', ');
  return `columns in the reference: ${names.length > MAX_LISTED_VALUES ? `${listed}, … (${names.length} in all)` : listed}`;
}
