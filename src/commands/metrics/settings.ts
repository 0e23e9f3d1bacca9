// Settings of the metrics and params commands: flags (or action inputs) -> one validated object
// per command, every bad value refused up front in one line that names the flag.

import { resolve } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import { LAST_ROW, parseRowSelector, type RowSelector } from '../../core/metrics/load.js';
import type { Gate } from '../../core/metrics/gates.js';
import { readCheckTarget, type CheckTarget } from '../../forges/check-run.js';
import type { RevisionSettings } from '../../git/open-revisions.js';
import type { FetchPolicy } from '../../git/revisions.js';
import { fetchPolicy, gatesOf, keyPatterns, parsePrecision, targetList } from '../../options/metrics-values.js';
import type { Env } from '../../options/spec.js';
import type { MetricsDiffValues, MetricsHistoryValues, MetricsReportValues, MetricsShowValues, ParamsDiffValues } from './spec.js';
import { plotFormat } from './trend.js';

export type OutputFormat = 'table' | 'markdown' | 'json';

export interface MetricsDiffSettings extends RevisionSettings {
  readonly targets: string[] | undefined;
  readonly all: boolean;
  readonly format: OutputFormat;
  readonly noPath: boolean;
  readonly precision: number;
  readonly row: RowSelector;
  readonly gates: Gate[];
  /** --check: also post the result as a check run. */
  readonly check: CheckTarget | undefined;
}

export interface ParamsDiffSettings extends RevisionSettings {
  readonly targets: string[] | undefined;
  readonly all: boolean;
  readonly deps: boolean;
  readonly format: OutputFormat;
  readonly noPath: boolean;
}

export interface MetricsShowSettings {
  readonly cwd: string;
  readonly targets: string[] | undefined;
  readonly format: OutputFormat;
  readonly precision: number;
  readonly row: RowSelector;
}

export interface MetricsHistorySettings {
  readonly cwd: string;
  readonly range: string;
  readonly last: number;
  readonly targets: string[] | undefined;
  readonly format: OutputFormat;
  readonly plot: string | undefined;
  readonly precision: number;
  readonly row: RowSelector;
  readonly fetch: FetchPolicy;
}

export interface MetricsReportSettings extends RevisionSettings {
  readonly targets: string[] | undefined;
  readonly paramsTargets: string[] | undefined;
  readonly params: boolean;
  readonly all: boolean;
  readonly noPath: boolean;
  readonly precision: number;
  readonly row: RowSelector;
  readonly gates: Gate[];
  readonly lowerIsBetter: readonly RegExp[];
  readonly higherIsBetter: readonly RegExp[];
  readonly title: string;
  readonly output: string | undefined;
  readonly jobSummary: string | undefined;
  readonly json: boolean;
  /** --check: also post the report as a check run. */
  readonly check: CheckTarget | undefined;
}

function formatOf(values: { md?: boolean | undefined; json?: boolean | undefined }): OutputFormat {
  if (values.md && values.json) throw new UsageError('--md and --json cannot be combined', { hint: 'pick one output format' });
  return values.json ? 'json' : values.md ? 'markdown' : 'table';
}

function revisions(command: string, positionals: readonly string[]): { oldRevision: string; newRevision: string | undefined } {
  if (positionals.length > 2) {
    throw new UsageError(`\`cml ${command}\` takes at most two revisions, got ${positionals.length}: ${positionals.join(' ')}`, {
      hint: 'give each extra file its own --targets (or separate them with commas)',
    });
  }
  const [a, b] = positionals;
  for (const revision of positionals) {
    if (revision.trim() === '' || revision.startsWith('-')) throw new UserError(`"${revision}" is not a revision`);
  }
  return { oldRevision: a ?? 'HEAD', newRevision: b };
}

/** The revisions to compare and how to get them: shared by metrics diff, params diff and metrics report. */
function revisionSettings(
  command: string,
  values: { remote?: string | undefined; fetch?: boolean | undefined; 'merge-base'?: boolean | undefined },
  positionals: readonly string[],
  cwd: string,
): RevisionSettings {
  return { cwd, ...revisions(command, positionals), fetch: fetchPolicy(values), mergeBase: Boolean(values['merge-base']) };
}

/** --precision and --row: how metrics are read and shown. */
function numberSettings(values: { precision?: string | undefined; row?: string | undefined }): { precision: number; row: RowSelector } {
  return { precision: parsePrecision(values.precision), row: values.row ? parseRowSelector(values.row) : LAST_ROW };
}

export function buildMetricsDiffSettings(values: MetricsDiffValues, positionals: readonly string[], cwd: string, env: Env = {}): MetricsDiffSettings {
  return {
    ...revisionSettings('metrics diff', values, positionals, cwd),
    targets: targetList(values.targets),
    all: Boolean(values.all),
    format: formatOf(values),
    noPath: Boolean(values['no-path']),
    ...numberSettings(values),
    gates: gatesOf(values['fail-on']),
    check: readCheckTarget(values.check, env, cwd),
  };
}

export function buildParamsDiffSettings(values: ParamsDiffValues, positionals: readonly string[], cwd: string): ParamsDiffSettings {
  return {
    ...revisionSettings('params diff', values, positionals, cwd),
    targets: targetList(values.targets),
    all: Boolean(values.all),
    deps: Boolean(values.deps),
    format: formatOf(values),
    noPath: Boolean(values['no-path']),
  };
}

export function buildMetricsShowSettings(values: MetricsShowValues, positionals: readonly string[], cwd: string): MetricsShowSettings {
  return {
    cwd,
    targets: targetList([...positionals, ...(values.targets ?? [])]),
    format: formatOf(values),
    ...numberSettings(values),
  };
}

export function buildMetricsHistorySettings(values: MetricsHistoryValues, positionals: readonly string[], cwd: string): MetricsHistorySettings {
  if (positionals.length > 0)
    throw new UsageError(`\`cml metrics history\` takes no arguments, got: ${positionals.join(' ')}`, { hint: 'use --rev-range and --targets' });
  const lastText = (values.last ?? '20').trim();
  if (!/^\d+$/.test(lastText) || Number(lastText) < 1 || Number(lastText) > 10_000)
    throw new UsageError(`--last must be a whole number from 1 to 10000, got "${values.last}"`);
  const range = (values['rev-range'] ?? 'HEAD').trim();
  if (range === '' || range.startsWith('-')) throw new UsageError(`--rev-range "${values['rev-range']}" is not a revision range`);
  const plot = values.plot?.trim() || undefined;
  if (plot !== undefined) plotFormat(plot);
  return {
    cwd,
    range,
    last: Number(lastText),
    targets: targetList(values.targets),
    format: formatOf(values),
    plot: plot === undefined ? undefined : resolve(cwd, plot),
    ...numberSettings(values),
    fetch: fetchPolicy(values),
  };
}

export function buildMetricsReportSettings(
  values: MetricsReportValues,
  positionals: readonly string[],
  cwd: string,
  stepSummaryPath: string | undefined,
  env: Env = {},
): MetricsReportSettings {
  const output = values.output?.trim() || undefined;
  return {
    ...revisionSettings('metrics report', values, positionals, cwd),
    targets: targetList(values.targets),
    paramsTargets: targetList(values['params-targets']),
    params: values.params ?? true,
    all: Boolean(values.all),
    noPath: Boolean(values['no-path']),
    ...numberSettings(values),
    gates: gatesOf(values['fail-on']),
    lowerIsBetter: keyPatterns(values['lower-is-better']),
    higherIsBetter: keyPatterns(values['higher-is-better']),
    title: values.title?.trim() || 'Metrics',
    output: output === undefined ? undefined : resolve(cwd, output),
    jobSummary: (values['job-summary'] ?? true) ? stepSummaryPath : undefined,
    json: Boolean(values.json),
    check: readCheckTarget(values.check, env, cwd),
  };
}
