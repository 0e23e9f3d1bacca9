// `cml report [flags] [-- <command> [args…]]` and the report action: run the training command,
// then build one report (metrics and params vs the base, plots with the base overlaid, drift, run
// facts) and post it as one sticky comment. Light on purpose: `cml --help` imports it.

import { DEFAULT_PRECISION, GATE_SYNTAX } from '../../core/metrics/constants.js';
import { DEFAULT_ASSET_BRANCH } from '../../forges/asset-branch-name.js';
import { connectionOptions, publishGuardOptions } from '../../options/groups.js';
import { defineCommand, type OptionValues } from '../../options/spec.js';

const files = (what: string, fallback: string) =>
  ({ type: 'string', multiple: true, valueName: 'file', description: `${what} (repeat or comma-separate). Default: ${fallback}.` }) as const;

export const reportOptions = {
  metrics: files('Metrics files to compare with the base', 'the metrics of dvc.yaml'),
  params: files('Params files to compare with the base', 'the params of dvc.yaml and params.yaml'),
  plots: files('Data files to plot with the base overlaid', 'the plots of dvc.yaml'),
  'drift-reference': {
    type: 'string',
    valueName: 'file',
    description: 'Reference data for a drift check (with --drift-current): CSV, TSV, JSON lines or Parquet.',
  },
  'drift-current': { type: 'string', valueName: 'file', description: 'Current data to check for drift against --drift-reference.' },
  'fail-on': {
    type: 'string',
    multiple: true,
    valueName: 'gate',
    description: `Exit 1 when a metric regresses (the report is still posted). ${GATE_SYNTAX}. Repeatable.`,
  },
  'lower-is-better': {
    type: 'string',
    multiple: true,
    valueName: 'key',
    description: 'Metrics that improve when they go down (default: names like loss, error, rmse). * wildcards.',
  },
  base: { type: 'string', valueName: 'rev', description: "Revision to compare with (default: the pull request's base branch, else HEAD)." },
  title: { type: 'string', valueName: 'text', default: 'Training report', description: 'Heading of the report.' },
  'watermark-title': {
    type: 'string',
    valueName: 'title',
    default: 'report',
    description: 'Name of this sticky report: running again edits the comment with the same name.',
  },
  comment: { type: 'boolean', negatable: true, default: true, description: 'Post the report as a comment (--no-comment: build it locally; no token needed).' },
  md: { type: 'string', valueName: 'file', description: 'Also write the report to this Markdown file, its images beside it in <name>-plots/.' },
  check: { type: 'boolean', description: 'Also create a check run on the commit, failing when the run or a gate failed.' },
  target: {
    type: 'string',
    valueName: 'target',
    default: 'auto',
    description: 'Where to post: auto (the pull request of this run, else the commit), pr, commit, pr/<n>, issue/<n>, commit/<sha>.',
  },
  publish: { type: 'boolean', negatable: true, default: true, description: 'Upload the report images (--no-publish to leave local links).' },
  ...publishGuardOptions,
  'publish-url': { type: 'string', valueName: 'url', description: "Self-hosted asset endpoint (CML's style): POST the bytes, the answer is the URL." },
  'asset-branch': { type: 'string', valueName: 'branch', default: DEFAULT_ASSET_BRANCH, description: 'Branch of the repository that stores published images.' },
  ...connectionOptions({ token: 'GitHub token (default: REPO_TOKEN, then GITHUB_TOKEN); needs pull-requests: write and contents: write.' }),
  precision: {
    type: 'string',
    valueName: 'n',
    default: String(DEFAULT_PRECISION),
    description: 'Round floats to n digits after the decimal point, in the table and the headline alike.',
  },
  remote: {
    type: 'string',
    valueName: 'name',
    default: 'origin',
    description: 'Remote to fetch the base from when this clone (e.g. a shallow CI checkout) lacks it.',
  },
  fetch: { type: 'boolean', negatable: true, default: true, description: 'Fetch the base from the remote when it is missing (--no-fetch to fail instead).' },
  json: { type: 'boolean', cliOnly: true, description: 'Print {url, markdown, exitCode, commandExitCode, gatesFailed} as JSON.' },
} as const;

export const reportSpec = defineCommand({
  name: 'report',
  summary: 'Run the training command, then post one report: metrics and params vs the base, plots, drift and run facts.',
  description:
    'Everything comes from dvc.yaml (metrics, params, plots) unless flags name the files. The command after -- runs first with its output ' +
    'streamed through; its wall time, exit code, peak memory (Linux) and GPU (nvidia-smi) go into the report. The report is one sticky ' +
    "comment, edited on every run, and the job summary. Exit code: the command's when it failed (the report still says so), else 1 when a " +
    '--fail-on gate failed, else 0. One argument after -- that contains spaces is run by the shell.',
  handlesInterrupt: true,
  positionals: [{ name: 'run', description: 'The command to run first, after -- (in the action: a shell script).', required: false, variadic: true }],
  options: reportOptions,
  envPrefix: 'CML_REPORT_',
  examples: [
    'cml report -- python train.py',
    "cml report --fail-on 'accuracy:-0.01' -- dvc repro",
    'cml report --no-comment --md report.md -- python train.py --epochs 3',
    'cml report --metrics metrics.json --plots logs/train.csv --drift-reference data/train.csv --drift-current data/new.csv',
  ],
});

export type ReportValues = OptionValues<typeof reportOptions>;
