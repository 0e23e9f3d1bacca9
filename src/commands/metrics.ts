// `cml metrics diff|show|history|report` and `cml params diff`: the option maps (CLI flags = action
// inputs), the settings built from them (all validation up front), and the wiring of git
// (src/git) to the core (src/core/metrics). The CLI (src/cli/metrics.ts) and the action
// (src/action/metrics.ts) only translate their input and print or publish the result.

import { existsSync } from 'node:fs';
import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { defineCommand, type OptionValues } from '../options/spec.js';
import {
  collectMetrics,
  collectParams,
  DEFAULT_PRECISION,
  defaultLowerIsBetter,
  diffRevisions,
  diffTable,
  diffToJsonObject,
  evaluateGates,
  GATE_SYNTAX,
  historyJson,
  historyTable,
  LAST_ROW,
  numericSeries,
  parseGate,
  parseRowSelector,
  pathForDisplay,
  pythonJson,
  readParsed,
  renderReport,
  renderTable,
  showTable,
  trendSpec,
  findDvcTargets,
  flatten,
  type DiffResult,
  type FlatValues,
  type Gate,
  type GateOutcome,
  type HistoryPoint,
  type RevisionTree,
  type RevisionValues,
  type RowSelector,
  type Value,
} from '../core/metrics/index.js';
import { Git } from '../git/git.js';
import { findMergeBase, resolveRevision, type FetchPolicy } from '../git/revisions.js';
import { commitTree, workTree } from '../git/trees.js';

// ---------------------------------------------------------------------------------------------
// Option maps

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
  remote: { type: 'string', valueName: 'name', default: 'origin', description: 'Remote to fetch a revision from when this clone (e.g. a shallow CI checkout) lacks it.' },
  fetch: { type: 'boolean', negatable: true, default: true, description: 'Fetch missing revisions from the remote (--no-fetch to fail instead).' },
  'merge-base': { type: 'boolean', description: 'Compare against the merge-base of a_rev and b_rev (or HEAD) instead of a_rev itself, as a pull request diff does.' },
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

export const metricsDiffOptions = {
  targets: targetsOption,
  all: { type: 'boolean', description: 'Show unchanged metrics as well.' },
  ...formatOptions,
  'no-path': { type: 'boolean', description: "Leave out the Path column." },
  precision: precisionOption,
  row: rowOption,
  'fail-on': failOnOption,
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
  'params-targets': { type: 'string', multiple: true, valueName: 'file', description: 'Params files for the params section (default: params files in dvc.yaml and params.yaml).' },
  params: { type: 'boolean', negatable: true, default: true, description: 'Include the params diff, folded (--no-params to leave it out).' },
  all: { type: 'boolean', description: 'List unchanged metrics as well.' },
  'no-path': { type: 'boolean', description: 'Leave out the Path column.' },
  precision: precisionOption,
  row: rowOption,
  'fail-on': failOnOption,
  'lower-is-better': {
    type: 'string',
    multiple: true,
    valueName: 'key',
    description: 'Metrics that improve when they go down (default: names like loss, error, rmse, latency). * wildcards.',
  },
  'higher-is-better': { type: 'string', multiple: true, valueName: 'key', description: 'Metrics that improve when they go up, overriding the name-based default.' },
  title: { type: 'string', valueName: 'text', default: 'Metrics', description: 'Heading of the report section.' },
  output: { type: 'string', short: 'o', valueName: 'file', description: 'Write the Markdown to this file instead of standard output.' },
  'job-summary': { type: 'boolean', negatable: true, default: true, description: 'In GitHub Actions, also add the report to the job summary.' },
  ...gitOptions,
  json: { type: 'boolean', cliOnly: true, description: 'Print {markdown, diff, params, gates, regressed} as JSON.' },
} as const;

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

// ---------------------------------------------------------------------------------------------
// Settings

export type OutputFormat = 'table' | 'markdown' | 'json';

interface RevisionSettings {
  readonly cwd: string;
  /** As the user wrote it; "HEAD" by default. */
  readonly oldRevision: string;
  /** undefined = the workspace. */
  readonly newRevision: string | undefined;
  readonly fetch: FetchPolicy;
  readonly mergeBase: boolean;
}

export interface MetricsDiffSettings extends RevisionSettings {
  readonly targets: string[] | undefined;
  readonly all: boolean;
  readonly format: OutputFormat;
  readonly noPath: boolean;
  readonly precision: number;
  readonly row: RowSelector;
  readonly gates: Gate[];
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
}

function formatOf(values: { md?: boolean | undefined; json?: boolean | undefined }): OutputFormat {
  if (values.md && values.json) throw new UserError('--md and --json cannot be combined', { hint: 'pick one output format' });
  return values.json ? 'json' : values.md ? 'markdown' : 'table';
}

function revisions(command: string, positionals: readonly string[]): { oldRevision: string; newRevision: string | undefined } {
  if (positionals.length > 2) {
    throw new UserError(`\`cml ${command}\` takes at most two revisions, got ${positionals.length}: ${positionals.join(' ')}`, {
      hint: 'give each extra file its own --targets (or separate them with commas)',
    });
  }
  const [a, b] = positionals;
  for (const revision of positionals) {
    if (revision.trim() === '' || revision.startsWith('-')) throw new UserError(`"${revision}" is not a revision`);
  }
  return { oldRevision: a ?? 'HEAD', newRevision: b };
}

export function parsePrecision(text: string | undefined): number {
  const value = (text ?? String(DEFAULT_PRECISION)).trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 20) {
    throw new UserError(`--precision must be a whole number from 1 to 20, got "${text}"`);
  }
  return Number(value);
}

function targetList(values: readonly string[] | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  const list = values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
  return list.length === 0 ? undefined : list;
}

function gatesOf(values: readonly string[] | undefined): Gate[] {
  return (values ?? []).flatMap((value) => value.split(/\r?\n/)).map((value) => value.trim()).filter((value) => value !== '').map(parseGate);
}

function fetchPolicy(values: { remote?: string | undefined; fetch?: boolean | undefined }): FetchPolicy {
  const remote = (values.remote ?? 'origin').trim();
  if (remote === '' || remote.startsWith('-') || /\s/.test(remote)) throw new UserError(`--remote "${values.remote}" is not a remote name`);
  return { remote, fetch: values.fetch ?? true };
}

function keyPatterns(values: readonly string[] | undefined): RegExp[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map((value) => new RegExp(`^${value.split(/(\*\*|\*)/).map((part) => (part === '**' ? '.*' : part === '*' ? '[^.]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`));
}

export function buildMetricsDiffSettings(values: MetricsDiffValues, positionals: readonly string[], cwd: string): MetricsDiffSettings {
  return {
    cwd,
    ...revisions('metrics diff', positionals),
    fetch: fetchPolicy(values),
    mergeBase: Boolean(values['merge-base']),
    targets: targetList(values.targets),
    all: Boolean(values.all),
    format: formatOf(values),
    noPath: Boolean(values['no-path']),
    precision: parsePrecision(values.precision),
    row: values.row ? parseRowSelector(values.row) : LAST_ROW,
    gates: gatesOf(values['fail-on']),
  };
}

export function buildParamsDiffSettings(values: ParamsDiffValues, positionals: readonly string[], cwd: string): ParamsDiffSettings {
  return {
    cwd,
    ...revisions('params diff', positionals),
    fetch: fetchPolicy(values),
    mergeBase: Boolean(values['merge-base']),
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
    precision: parsePrecision(values.precision),
    row: values.row ? parseRowSelector(values.row) : LAST_ROW,
  };
}

export function buildMetricsHistorySettings(values: MetricsHistoryValues, positionals: readonly string[], cwd: string): MetricsHistorySettings {
  if (positionals.length > 0) throw new UserError(`\`cml metrics history\` takes no arguments, got: ${positionals.join(' ')}`, { hint: 'use --rev-range and --targets' });
  const lastText = (values.last ?? '20').trim();
  if (!/^\d+$/.test(lastText) || Number(lastText) < 1 || Number(lastText) > 10_000) throw new UserError(`--last must be a whole number from 1 to 10000, got "${values.last}"`);
  const range = (values['rev-range'] ?? 'HEAD').trim();
  if (range === '' || range.startsWith('-')) throw new UserError(`--rev-range "${values['rev-range']}" is not a revision range`);
  const plot = values.plot?.trim() || undefined;
  if (plot !== undefined) plotFormat(plot);
  return {
    cwd,
    range,
    last: Number(lastText),
    targets: targetList(values.targets),
    format: formatOf(values),
    plot: plot === undefined ? undefined : resolve(cwd, plot),
    precision: parsePrecision(values.precision),
    row: values.row ? parseRowSelector(values.row) : LAST_ROW,
    fetch: fetchPolicy(values),
  };
}

export function buildMetricsReportSettings(values: MetricsReportValues, positionals: readonly string[], cwd: string, stepSummaryPath: string | undefined): MetricsReportSettings {
  const output = values.output?.trim() || undefined;
  return {
    cwd,
    ...revisions('metrics report', positionals),
    fetch: fetchPolicy(values),
    mergeBase: Boolean(values['merge-base']),
    targets: targetList(values.targets),
    paramsTargets: targetList(values['params-targets']),
    params: values.params ?? true,
    all: Boolean(values.all),
    noPath: Boolean(values['no-path']),
    precision: parsePrecision(values.precision),
    row: values.row ? parseRowSelector(values.row) : LAST_ROW,
    gates: gatesOf(values['fail-on']),
    lowerIsBetter: keyPatterns(values['lower-is-better']),
    higherIsBetter: keyPatterns(values['higher-is-better']),
    title: values.title?.trim() || 'Metrics',
    output: output === undefined ? undefined : resolve(cwd, output),
    jobSummary: (values['job-summary'] ?? true) ? stepSummaryPath : undefined,
    json: Boolean(values.json),
  };
}

// ---------------------------------------------------------------------------------------------
// Running

export interface MetricsDeps {
  readonly logger: Logger;
  /**
   * Reports a failed gate. The action turns it into an error annotation with a title; without it
   * failures are logged as errors.
   */
  readonly onRegression?: (outcome: GateOutcome) => void;
}

interface OpenedRevisions {
  readonly git: Git;
  readonly oldTree: RevisionTree;
  readonly newTree: RevisionTree;
  readonly oldLabel: string;
  readonly newLabel: string;
}

async function openRevisions(settings: RevisionSettings, logger: Logger): Promise<OpenedRevisions> {
  const git = await Git.open(settings.cwd);
  const resolveNamed = async (revision: string): Promise<string> => {
    try {
      return await resolveRevision(git, revision, settings.fetch, logger);
    } catch (error) {
      if (revision === 'HEAD' && error instanceof UserError && (await git.run(['rev-list', '-n', '1', '--all'])).stdout.length === 0) {
        throw new UserError('this repository has no commits yet, so there is no HEAD to compare with', { hint: 'commit a baseline first, or pass two revisions' });
      }
      // `dvc metrics diff --targets a.json b.json` habits: the second file lands here as a revision.
      if (error instanceof UserError && existsSync(resolve(settings.cwd, revision))) {
        throw new UserError(`"${revision}" is a file, not a revision`, { hint: 'give each file its own --targets, or separate them with commas: --targets a.json,b.json' });
      }
      throw error;
    }
  };
  let oldCommit = await resolveNamed(settings.oldRevision);
  const newCommit = settings.newRevision === undefined ? undefined : await resolveNamed(settings.newRevision);
  if (settings.mergeBase) {
    const other = newCommit ?? (await resolveRevision(git, 'HEAD', settings.fetch, logger));
    const base = await findMergeBase(git, oldCommit, other, settings.fetch, logger);
    logger.info(`comparing against ${base.slice(0, 7)}, the merge-base of ${settings.oldRevision} and ${settings.newRevision ?? 'HEAD'}`);
    oldCommit = base;
  }
  logger.debug(`old: ${settings.oldRevision} = ${oldCommit}; new: ${settings.newRevision ?? 'workspace'}${newCommit ? ` = ${newCommit}` : ''}`);
  const oldLabel = settings.oldRevision;
  const newLabel = settings.newRevision ?? 'workspace';
  return {
    git,
    oldTree: commitTree(git, oldCommit, oldLabel),
    newTree: newCommit === undefined ? workTree(git) : commitTree(git, newCommit, newLabel),
    oldLabel,
    newLabel,
  };
}

/** --targets as given (relative to the current folder, or absolute) -> relative to the repository root. */
function rootTargets(git: Git, cwd: string, targets: readonly string[] | undefined): string[] | undefined {
  if (!targets) return undefined;
  return targets.map((target) => {
    const path = relative(git.root, resolve(cwd, target)).split('\\').join('/');
    if (path.startsWith('../') || path === '..' || isAbsolute(path)) throw new UserError(`target ${target} is outside the repository ${git.root}`);
    return path;
  });
}

function displayed(values: RevisionValues, git: Git): RevisionValues {
  const out: RevisionValues = new Map();
  for (const [path, flat] of values) out.set(pathForDisplay(path, git.prefix), flat);
  return out;
}

function warnAboutMissing(kind: string, old: RevisionValues, next: RevisionValues, labels: { old: string; new: string }, explicit: boolean, logger: Logger): void {
  for (const path of new Set([...old.keys(), ...next.keys()])) {
    const before = old.get(path);
    const after = next.get(path);
    if (before === undefined && after === undefined) {
      logger.warn(`${kind} file ${path}${explicit ? '' : ' (listed in dvc.yaml)'} exists neither in ${labels.old} nor in ${labels.new}`);
    } else if (before === undefined) {
      logger.info(`${path} is not in ${labels.old}; its ${kind} show as new`);
    } else if (after === undefined) {
      logger.warn(`${path} is not in ${labels.new}; its ${kind} show as missing`);
    }
  }
}

function lowerIsBetterFor(settings: Pick<MetricsReportSettings, 'lowerIsBetter' | 'higherIsBetter'>): (key: string) => boolean {
  return (key) => {
    if (settings.higherIsBetter.some((pattern) => pattern.test(key))) return false;
    if (settings.lowerIsBetter.some((pattern) => pattern.test(key))) return true;
    return defaultLowerIsBetter(key);
  };
}

export interface MetricsComparison {
  readonly oldLabel: string;
  readonly newLabel: string;
  /** Every metric, unchanged ones included (what gates see). */
  readonly everything: DiffResult;
  /** What the table shows (unchanged ones only with --all). */
  readonly shown: DiffResult;
}

async function compareMetrics(settings: RevisionSettings & { targets: string[] | undefined; row: RowSelector; all: boolean }, opened: OpenedRevisions, logger: Logger): Promise<MetricsComparison> {
  const { git, oldTree, newTree, oldLabel, newLabel } = opened;
  const targets = rootTargets(git, settings.cwd, settings.targets);
  const [old, next] = await Promise.all([collectMetrics(oldTree, targets, settings.row), collectMetrics(newTree, targets, settings.row)]);
  for (const skipped of new Set([...old.skipped, ...next.skipped])) logger.warn(`dvc.yaml entry ${skipped} uses \${...} templating, which is not evaluated; pass it with --targets`);
  if (!targets && old.values.size === 0 && next.values.size === 0) {
    throw new UserError(`no metrics files: none are listed in dvc.yaml at ${oldLabel} or ${newLabel}`, {
      hint: 'pass --targets metrics.json, or list them under `metrics:` in dvc.yaml',
    });
  }
  const before = displayed(old.values, git);
  const after = displayed(next.values, git);
  warnAboutMissing('metrics', before, after, { old: oldLabel, new: newLabel }, targets !== undefined, logger);
  const everything = diffRevisions(before, after, { all: true });
  const shown = settings.all ? everything : diffRevisions(before, after, { all: false });
  return { oldLabel, newLabel, everything, shown };
}

async function compareParams(settings: RevisionSettings & { targets: string[] | undefined; all: boolean; deps: boolean }, opened: OpenedRevisions, logger: Logger): Promise<DiffResult> {
  const { git, oldTree, newTree, oldLabel, newLabel } = opened;
  const targets = rootTargets(git, settings.cwd, settings.targets);
  const [old, next] = await Promise.all([collectParams(oldTree, targets, settings.deps), collectParams(newTree, targets, settings.deps)]);
  const before = displayed(old.values, git);
  const after = displayed(next.values, git);
  warnAboutMissing('params', before, after, { old: oldLabel, new: newLabel }, targets !== undefined, logger);
  return diffRevisions(before, after, { all: settings.all });
}

function reportGates(outcomes: readonly GateOutcome[], deps: MetricsDeps): boolean {
  const failed = outcomes.filter((outcome) => !outcome.passed);
  for (const outcome of outcomes) {
    if (outcome.passed) deps.logger.info(`gate passed: ${outcome.message}`);
    else if (deps.onRegression) deps.onRegression(outcome);
    else deps.logger.error(`regression: ${outcome.message}`);
  }
  return failed.length > 0;
}

export interface MetricsDiffOutcome {
  /** What to print on standard output. */
  readonly output: string;
  readonly comparison: MetricsComparison;
  readonly gates: GateOutcome[];
  readonly regressed: boolean;
}

export async function runMetricsDiff(settings: MetricsDiffSettings, deps: MetricsDeps): Promise<MetricsDiffOutcome> {
  const opened = await openRevisions(settings, deps.logger);
  const comparison = await compareMetrics(settings, opened, deps.logger);
  let output: string;
  if (settings.format === 'json') {
    output = pythonJson(diffToJsonObject(comparison.shown)) + '\n';
  } else {
    const table = diffTable(comparison.shown, { title: 'Metric', oldLabel: comparison.oldLabel, newLabel: comparison.newLabel, noPath: settings.noPath, precision: settings.precision });
    output = renderTable(table, settings.format === 'markdown' ? 'markdown' : 'plain');
  }
  const gates = evaluateGates(settings.gates, comparison.everything, { old: comparison.oldLabel, new: comparison.newLabel });
  const regressed = reportGates(gates, deps);
  return { output, comparison, gates, regressed };
}

export async function runParamsDiff(settings: ParamsDiffSettings, deps: MetricsDeps): Promise<{ output: string; diff: DiffResult }> {
  const opened = await openRevisions(settings, deps.logger);
  const diff = await compareParams(settings, opened, deps.logger);
  if (settings.format === 'json') return { output: pythonJson(diffToJsonObject(diff)) + '\n', diff };
  const table = diffTable(diff, { title: 'Param', oldLabel: opened.oldLabel, newLabel: opened.newLabel, noPath: settings.noPath, showChanges: false });
  return { output: renderTable(table, settings.format === 'markdown' ? 'markdown' : 'plain'), diff };
}

export async function runMetricsShow(settings: MetricsShowSettings, deps: MetricsDeps): Promise<{ output: string }> {
  const git = await Git.open(settings.cwd);
  const tree = workTree(git);
  const targets = rootTargets(git, settings.cwd, settings.targets) ?? (await findDvcTargets(tree)).metrics;
  if (targets.length === 0) {
    throw new UserError('no metrics files: none are listed in dvc.yaml', { hint: 'pass the files: cml metrics show metrics.json' });
  }
  const parsed = await readParsed(tree, targets, settings.row);
  const present = new Map<string, Value>();
  for (const [path, data] of parsed) {
    if (data === undefined) deps.logger.warn(`metrics file ${pathForDisplay(path, git.prefix)} does not exist`);
    else present.set(pathForDisplay(path, git.prefix), data);
  }
  if (settings.format === 'json') {
    // DVC's shape: {"workspace": {"data": {"<path>": {"data": {...}}}}}
    const data = new Map([...present].map(([path, value]) => [path, new Map([['data', value]])]));
    return { output: pythonJson(new Map([['workspace', new Map([['data', data]])]])) + '\n' };
  }
  const flat = new Map<string, FlatValues>([...present].map(([path, value]) => [path, flatten(value)]));
  return { output: renderTable(showTable(flat, settings.precision), settings.format === 'markdown' ? 'markdown' : 'plain') };
}

export interface MetricsHistoryOutcome {
  readonly output: string;
  readonly points: HistoryPoint[];
  /** The file written for --plot, when asked. */
  readonly plotFile: string | undefined;
}

export async function runMetricsHistory(settings: MetricsHistorySettings, deps: MetricsDeps): Promise<MetricsHistoryOutcome> {
  const { logger } = deps;
  const git = await Git.open(settings.cwd);
  const range = await historyRange(git, settings, logger);
  let commits = await git.log(range, settings.last);
  if (commits.length < settings.last && (await git.isShallow()) && settings.fetch.fetch) {
    try {
      await git.fetchRefs(settings.fetch.remote, [`--deepen=${settings.last - commits.length}`], []);
      logger.info(`this clone is shallow; fetched ${settings.last - commits.length} more commit(s) of history from ${settings.fetch.remote}`);
      commits = await git.log(range, settings.last);
    } catch (error) {
      logger.warn(`this clone is shallow and deepening it failed (${(error as Error).message}); showing the ${commits.length} commit(s) it has (actions/checkout: fetch-depth: 0 gives all)`);
    }
  }
  const targets = rootTargets(git, settings.cwd, settings.targets);
  const points: HistoryPoint[] = [];
  for (const commit of commits) {
    const collected = await collectMetrics(commitTree(git, commit.sha, commit.sha.slice(0, 7)), targets, settings.row);
    points.push({ sha: commit.sha, date: commit.date, subject: commit.subject, values: displayed(collected.values, git) });
  }
  if (points.every((point) => [...point.values.values()].every((flat) => flat === undefined))) {
    logger.warn(`no metrics found in the ${points.length} commit(s) of ${settings.range}${targets ? '' : ' (none listed in dvc.yaml; pass --targets)'}`);
  }

  let plotFile: string | undefined;
  if (settings.plot !== undefined) plotFile = await writeTrend(settings.plot, points, settings.range, logger);

  let output: string;
  if (settings.format === 'json') output = historyJson(points) + '\n';
  else output = renderTable(historyTable(points, settings.precision), settings.format === 'markdown' ? 'markdown' : 'plain');
  return { output, points, plotFile };
}

async function historyRange(git: Git, settings: MetricsHistorySettings, logger: Logger): Promise<string> {
  const parts = settings.range.split(/(\.\.\.?)/);
  if (parts.length === 3) {
    const [from = '', dots = '..', to = ''] = parts;
    const start = from === '' ? '' : await resolveRevision(git, from, settings.fetch, logger);
    const end = to === '' ? 'HEAD' : await resolveRevision(git, to, settings.fetch, logger);
    return `${start}${dots}${end}`;
  }
  return resolveRevision(git, settings.range, settings.fetch, logger);
}

const MAX_PLOT_SERIES = 20;

async function writeTrend(file: string, points: readonly HistoryPoint[], range: string, logger: Logger): Promise<string> {
  let series = numericSeries(points);
  if (series.length > MAX_PLOT_SERIES) {
    logger.warn(`${series.length} numeric metrics; the trend plot shows the first ${MAX_PLOT_SERIES} (narrow it with --targets)`);
    series = series.slice(0, MAX_PLOT_SERIES);
  }
  const spec = trendSpec(points, series, `Metrics along ${range}`);
  await mkdir(dirname(file), { recursive: true });
  const format = plotFormat(file);
  if (format === 'json') {
    await writeFile(file, JSON.stringify(spec, null, 2) + '\n');
    logger.info(`wrote the Vega-Lite trend spec to ${file}`);
    return file;
  }
  // Loaded only here: the plot engine (vega, sharp) is large and most runs do not draw.
  const { renderPlot } = await import('../core/plot/index.js');
  await writeFile(file, await renderPlot({ spec, kind: 'vega-lite', source: 'trend plot' }, { format }));
  logger.info(`wrote the trend plot to ${file}`);
  return file;
}

function plotFormat(file: string): 'png' | 'svg' | 'json' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.png')) return 'png';
  if (lower.endsWith('.svg')) return 'svg';
  if (lower.endsWith('.json')) return 'json';
  throw new UserError(`--plot ${file}: the file name must end with .png, .svg or .json (a Vega-Lite spec, e.g. trend.vl.json)`);
}

export interface MetricsReportOutcome {
  readonly markdown: string;
  /** `dvc metrics diff --json` of the shown metrics. */
  readonly json: string;
  readonly params: DiffResult | undefined;
  readonly gates: GateOutcome[];
  readonly regressed: boolean;
  /** What to print on standard output (nothing when --output is given). */
  readonly output: string;
}

export async function runMetricsReport(settings: MetricsReportSettings, deps: MetricsDeps): Promise<MetricsReportOutcome> {
  const { logger } = deps;
  const opened = await openRevisions(settings, logger);
  const comparison = await compareMetrics(settings, opened, logger);
  const params = settings.params ? await compareParams({ ...settings, targets: settings.paramsTargets, deps: false }, opened, logger) : undefined;
  const gates = evaluateGates(settings.gates, comparison.everything, { old: comparison.oldLabel, new: comparison.newLabel });
  const regressed = reportGates(gates, deps);
  const markdown = renderReport({
    title: settings.title,
    oldLabel: comparison.oldLabel,
    newLabel: comparison.newLabel,
    metrics: comparison.shown,
    params,
    gates,
    precision: settings.precision,
    noPath: settings.noPath,
    lowerIsBetter: lowerIsBetterFor(settings),
  });
  const json = pythonJson(diffToJsonObject(comparison.shown));
  if (settings.output !== undefined) {
    await writeReport(settings.output, markdown);
    logger.info(`wrote the report to ${settings.output}`);
  }
  if (settings.jobSummary !== undefined) {
    try {
      await appendFile(settings.jobSummary, `${markdown.trimEnd()}\n`);
    } catch (error) {
      logger.warn(`could not write the job summary ${settings.jobSummary}: ${(error as Error).message}`);
    }
  }
  let output = '';
  if (settings.json) {
    output =
      pythonJson(
        new Map<string, unknown>([
          ['markdown', markdown],
          ['diff', diffToJsonObject(comparison.shown)],
          ['params', params === undefined ? null : diffToJsonObject(params)],
          ['gates', gates.map((outcome) => ({ gate: outcome.gate.text, path: outcome.path ?? null, metric: outcome.key ?? null, passed: outcome.passed, message: outcome.message }))],
          ['regressed', regressed],
        ]),
      ) + '\n';
  } else if (settings.output === undefined) {
    output = markdown;
  }
  return { markdown, json, params, gates, regressed, output };
}

async function writeReport(path: string, markdown: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) throw new UserError(`--output ${path} is a directory`, { hint: 'give a file name, e.g. report.md' });
  } catch (error) {
    if (error instanceof UserError) throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, markdown);
}
