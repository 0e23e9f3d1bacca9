// The flags of `cml metrics diff|show|history|report` and `cml params diff` (CLI flags = action
// inputs): the pieces they share, then one map per command. Light: only src/options/ and constants.

import { DEFAULT_PRECISION, GATE_SYNTAX } from '../../core/metrics/constants.js';

const targetsOption = {
  type: 'string',
  multiple: true,
  valueName: 'file',
  description: 'Metrics files to compare, even if not in dvc.yaml (repeat the flag or separate with commas). Default: the metrics listed in dvc.yaml.',
} as const;

const formatOptions = {
  md: { type: 'boolean', cliOnly: true, aliases: ['show-md'], description: 'Print a Markdown (GitHub) table, as `dvc ... --md`.' },
  json: { type: 'boolean', cliOnly: true, aliases: ['show-json'], description: 'Print JSON, as `dvc ... --json`.' },
} as const;

const gitOptions = {
  remote: {
    type: 'string',
    valueName: 'name',
    default: 'origin',
    description: 'Remote to fetch a revision from when this clone (e.g. a shallow CI checkout) lacks it.',
  },
  fetch: { type: 'boolean', negatable: true, default: true, description: 'Fetch missing revisions from the remote (--no-fetch to fail instead).' },
  'merge-base': {
    type: 'boolean',
    description: 'Compare against the merge-base of a_rev and b_rev (or HEAD) instead of a_rev itself, as a pull request diff does.',
  },
} as const;

const precisionOption = {
  type: 'string',
  valueName: 'n',
  default: String(DEFAULT_PRECISION),
  description: 'Round floats to n digits after the decimal point.',
} as const;

const rowOption = {
  type: 'string',
  valueName: 'selector',
  description: 'Which row of CSV/TSV metrics files: an index (0 first, -1 last) or column=value, e.g. epoch=10. Default: the last row.',
} as const;

const failOnOption = {
  type: 'string',
  multiple: true,
  valueName: 'gate',
  description: `Exit non-zero when a metric regresses. ${GATE_SYNTAX}. Repeatable.`,
} as const;

/** `--check [name]`: also post the result as a check run (repository and token from the environment). */
const checkOption = (name: string) =>
  ({
    type: 'string',
    valueName: 'name',
    optionalValue: name,
    cliOnly: true,
    description: `Also post the result as a check run on the head commit, failed when a gate fails, with an annotation per failed gate (name: "${name}"; needs GITHUB_TOKEN with checks: write).`,
  }) as const;

export const metricsDiffOptions = {
  targets: targetsOption,
  all: { type: 'boolean', description: 'Show unchanged metrics as well.' },
  ...formatOptions,
  'no-path': { type: 'boolean', description: 'Leave out the Path column.' },
  precision: precisionOption,
  row: rowOption,
  'fail-on': failOnOption,
  check: checkOption('CML metrics'),
  ...gitOptions,
} as const;

export const paramsDiffOptions = {
  targets: { ...targetsOption, description: 'Params files to compare (repeat or comma-separate). Default: params files in dvc.yaml and params.yaml.' },
  all: { type: 'boolean', description: 'Show unchanged params as well.' },
  deps: { type: 'boolean', description: 'Show only params that stages in dvc.yaml depend on.' },
  ...formatOptions,
  'no-path': { type: 'boolean', description: 'Leave out the Path column.' },
  ...gitOptions,
} as const;

export const metricsShowOptions = {
  targets: targetsOption,
  ...formatOptions,
  precision: precisionOption,
  row: rowOption,
} as const;

export const metricsHistoryOptions = {
  'rev-range': { type: 'string', valueName: 'range', default: 'HEAD', description: 'Commits to walk (first parents), e.g. main, or v1.0..main.' },
  last: { type: 'string', valueName: 'n', default: '20', description: 'How many commits, newest first.' },
  targets: targetsOption,
  ...formatOptions,
  plot: {
    type: 'string',
    valueName: 'file',
    description: 'Also draw the trend of every numeric metric: a .png, .svg, or .json (the Vega-Lite spec) file.',
  },
  precision: precisionOption,
  row: rowOption,
  remote: gitOptions.remote,
  fetch: gitOptions.fetch,
} as const;

export const metricsReportOptions = {
  targets: targetsOption,
  'params-targets': {
    type: 'string',
    multiple: true,
    valueName: 'file',
    description: 'Params files for the params section (default: params files in dvc.yaml and params.yaml).',
  },
  params: { type: 'boolean', negatable: true, default: true, description: 'Include the params diff, folded (--no-params to leave it out).' },
  all: { type: 'boolean', description: 'List unchanged metrics as well.' },
  'no-path': { type: 'boolean', description: 'Leave out the Path column.' },
  precision: precisionOption,
  row: rowOption,
  'fail-on': failOnOption,
  check: checkOption('CML metrics'),
  'lower-is-better': {
    type: 'string',
    multiple: true,
    valueName: 'key',
    description: 'Metrics that improve when they go down (default: names like loss, error, rmse, latency). * wildcards.',
  },
  'higher-is-better': {
    type: 'string',
    multiple: true,
    valueName: 'key',
    description: 'Metrics that improve when they go up, overriding the name-based default.',
  },
  title: { type: 'string', valueName: 'text', default: 'Metrics', description: 'Heading of the report section.' },
  output: { type: 'string', short: 'o', valueName: 'file', description: 'Write the Markdown to this file instead of standard output.' },
  'job-summary': { type: 'boolean', negatable: true, default: true, description: 'In GitHub Actions, also add the report to the job summary.' },
  ...gitOptions,
  json: { type: 'boolean', cliOnly: true, description: 'Print {markdown, diff, params, gates, regressed} as JSON.' },
} as const;
