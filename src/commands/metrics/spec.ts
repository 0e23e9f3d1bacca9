// The specs of `cml metrics diff|show|history|report` and `cml params diff`: names, summaries,
// positionals and option maps that the CLI, the action and --help are derived from. Light (it is
// imported eagerly): only src/options/ and the option maps.

import { defineCommand, type OptionValues } from '../../options/spec.js';
import { metricsDiffOptions, metricsHistoryOptions, metricsReportOptions, metricsShowOptions, paramsDiffOptions } from './options.js';

const revisionPositionals = [
  { name: 'a-rev', description: 'Old git revision (default: HEAD).', required: false },
  { name: 'b-rev', description: 'New git revision (default: the workspace, i.e. files on disk).', required: false },
] as const;

export const metricsDiffSpec = defineCommand({
  name: 'metrics diff',
  summary: 'Compare metrics between two revisions (or a revision and the workspace), as `dvc metrics diff`.',
  description:
    'Tables are identical to DVC\'s: Path | Metric | <a_rev> | <b_rev> | Change, floats rounded to --precision, "-" for a missing value, unchanged metrics hidden unless --all. Revisions are read with git; missing ones are fetched from --remote in shallow clones.',
  positionals: revisionPositionals,
  options: metricsDiffOptions,
  envPrefix: 'CML_METRICS_',
  examples: ['cml metrics diff --md', 'cml metrics diff main --targets metrics.json --fail-on acc:-0.01', 'cml metrics diff HEAD~1 HEAD --json'],
});

export const paramsDiffSpec = defineCommand({
  name: 'params diff',
  summary: 'Compare params between two revisions (or a revision and the workspace), as `dvc params diff`.',
  positionals: revisionPositionals,
  options: paramsDiffOptions,
  envPrefix: 'CML_PARAMS_',
  examples: ['cml params diff main --md', 'cml params diff HEAD~1 --targets params.yaml --all'],
});

export const metricsShowSpec = defineCommand({
  name: 'metrics show',
  summary: "Print the workspace's metrics, as `dvc metrics show`.",
  positionals: [{ name: 'targets', description: 'Metrics files (default: the metrics listed in dvc.yaml).', required: false, variadic: true }],
  options: metricsShowOptions,
  envPrefix: 'CML_METRICS_',
  examples: ['cml metrics show', 'cml metrics show metrics.json --md'],
});

export const metricsHistorySpec = defineCommand({
  name: 'metrics history',
  summary: 'Metrics of each commit along a branch, as a table, JSON and a trend plot.',
  positionals: [],
  options: metricsHistoryOptions,
  envPrefix: 'CML_METRICS_',
  examples: ['cml metrics history --last 10 --md', 'cml metrics history --rev-range main --plot trend.vl.json'],
});

export const metricsReportSpec = defineCommand({
  name: 'metrics report',
  summary: 'Write a Markdown report section (headline, metrics table with cues, gates, params) for `cml comment create`.',
  description:
    'The table is the `dvc metrics diff --md` table with arrows and 🟢/🔴 in the Change column. Gates (--fail-on) make the command exit 1 after writing the report, so the report is posted even when the job fails.',
  positionals: revisionPositionals,
  options: metricsReportOptions,
  envPrefix: 'CML_METRICS_',
  examples: [
    'cml metrics report main -o report.md && cml comment create report.md',
    "cml metrics report main --fail-on 'acc:-0.01' --fail-on 'loss:+0.05' -o report.md",
  ],
});

export type MetricsDiffValues = OptionValues<typeof metricsDiffOptions>;
export type ParamsDiffValues = OptionValues<typeof paramsDiffOptions>;
export type MetricsShowValues = OptionValues<typeof metricsShowOptions>;
export type MetricsHistoryValues = OptionValues<typeof metricsHistoryOptions>;
export type MetricsReportValues = OptionValues<typeof metricsReportOptions>;
