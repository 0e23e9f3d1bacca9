// `cml drift`: the option map (CLI flags = action inputs), the settings built from them, and the
// wiring of files to the core (src/core/drift). The CLI (src/cli/drift.ts) and the action
// (src/action/drift.ts) only translate their input and report the outcome.

import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { whyUnwritable, writeOutputs, type OutputFile } from '../output/files.js';
import type { Logger } from '../logger.js';
import { defineCommand, type OptionValues } from '../options/spec.js';
import { analyzeDrift, DEFAULT_CONFIG, driftPlotSpec, parseDriftConfig, readBoth, renderMarkdown, renderPrometheus, type DriftConfig, type DriftReport } from '../core/drift/index.js';

export const driftOptions = {
  reference: { type: 'string', valueName: 'file', description: 'Reference data (training data, or the base branch): CSV, TSV, JSON lines or Parquet.' },
  current: { type: 'string', valueName: 'file', description: 'Current data to compare with the reference (new data, production samples).' },
  json: { type: 'string', valueName: 'path', description: 'Write the report as JSON to this file (- for standard output).' },
  md: { type: 'string', valueName: 'path', description: 'Write the report as Markdown to this file (- for standard output).' },
  prometheus: { type: 'string', valueName: 'path', description: 'Write drift flags and statistics in the Prometheus text format to this file (- for standard output).' },
  'fail-on-drift': { type: 'boolean', description: 'Exit non-zero (fail the step) when a column drifted or a check failed.' },
  columns: { type: 'string', valueName: 'a,b', description: 'Compare only these columns (comma-separated); default: all.' },
  config: { type: 'string', valueName: 'drift.yaml', description: 'Thresholds, deciding tests and per-column settings (see docs/drift.md).' },
  target: { type: 'string', valueName: 'column', description: 'Label column: its drift is reported as target drift, first.' },
  prediction: { type: 'string', valueName: 'column', description: "Model output column: its drift is reported as prediction drift." },
  'time-column': { type: 'string', valueName: 'column', description: 'Time or batch column: adds ADWIN change detection over the data in this order.' },
  plots: {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'With --md: draw a chart of each drifted column next to the report (--no-plots to skip).',
  },
} as const;

export const driftSpec = defineCommand({
  name: 'drift',
  summary: 'Compare a reference dataset with current data: schema checks and drift tests per column.',
  description:
    'Runs data-type, completeness, baseline, missing/extra-column and unseen-category checks, and per column the two-sample ' +
    'Kolmogorov–Smirnov, chi-square, PSI, KL, Wasserstein and Jensen–Shannon tests; p-values decide for small samples, distances ' +
    'for large ones. Prints Markdown unless an output file is given.',
  positionals: [],
  options: driftOptions,
  envPrefix: 'CML_DRIFT_',
  examples: [
    'cml drift --reference train.csv --current prod.parquet',
    'cml drift --reference base.csv --current head.csv --md drift.md --json drift.json --fail-on-drift',
    'cml drift --reference ref.jsonl --current cur.jsonl --target label --prediction score --time-column day --config drift.yaml',
  ],
});

export type DriftValues = OptionValues<typeof driftOptions>;

export interface DriftSettings {
  readonly reference: string;
  readonly current: string;
  /** The files as the user named them, for the report. */
  readonly referenceLabel: string;
  readonly currentLabel: string;
  readonly jsonPath: string | undefined;
  readonly markdownPath: string | undefined;
  readonly prometheusPath: string | undefined;
  readonly failOnDrift: boolean;
  readonly columns: readonly string[] | undefined;
  readonly configPath: string | undefined;
  readonly target: string | undefined;
  readonly prediction: string | undefined;
  readonly timeColumn: string | undefined;
  readonly plots: boolean;
}

/** Flags or inputs -> validated settings. */
export function buildDriftSettings(values: DriftValues, cwd: string): DriftSettings {
  const reference = values.reference?.trim();
  const current = values.current?.trim();
  if (!reference || !current) {
    throw new UserError(`\`cml drift\` needs ${!reference && !current ? '--reference and --current' : !reference ? '--reference' : '--current'}`, {
      hint: 'cml drift --reference train.csv --current new.csv',
    });
  }
  const output = (value: string | undefined): string | undefined => {
    const text = value?.trim();
    if (text === undefined || text === '') return undefined;
    return text === '-' ? '-' : resolve(cwd, text);
  };
  const outputs = [output(values.json), output(values.md), output(values.prometheus)];
  if (outputs.filter((path) => path === '-').length > 1) throw new UserError('only one of --json, --md and --prometheus can write to standard output (-)');
  const flags = ['--json', '--md', '--prometheus'];
  for (const [index, path] of outputs.entries()) {
    const twin = path === undefined || path === '-' ? -1 : outputs.indexOf(path);
    if (twin !== -1 && twin < index) throw new UserError(`${flags[twin]} and ${flags[index]} name the same file ${path}`, { hint: 'give each report its own file' });
  }
  let columns: string[] | undefined;
  if (values.columns !== undefined) {
    columns = values.columns.split(',').map((name) => name.trim()).filter((name) => name !== '');
    if (columns.length === 0) throw new UserError('--columns is empty', { hint: 'give column names separated by commas, e.g. --columns age,income' });
  }
  const name = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);
  const settings: DriftSettings = {
    reference: resolve(cwd, reference),
    current: resolve(cwd, current),
    referenceLabel: reference,
    currentLabel: current,
    jsonPath: outputs[0],
    markdownPath: outputs[1],
    prometheusPath: outputs[2],
    failOnDrift: Boolean(values['fail-on-drift']),
    columns,
    configPath: values.config?.trim() ? resolve(cwd, values.config.trim()) : undefined,
    target: name(values.target),
    prediction: name(values.prediction),
    timeColumn: name(values['time-column']),
    plots: values.plots ?? true,
  };
  if (settings.target !== undefined && settings.target === settings.prediction) throw new UserError('--target and --prediction name the same column');
  return settings;
}

export interface DriftOutcome {
  readonly report: DriftReport;
  readonly markdown: string;
  readonly json: string;
  /** What goes to standard output: the output written to `-`, else the Markdown when no file was asked for. */
  readonly stdout: string | undefined;
  /** The exit code: 1 when --fail-on-drift and drift was found. */
  readonly exitCode: number;
}

export interface DriftDeps {
  readonly logger: Logger;
  /** false: read both files on the calling thread. */
  readonly parallel?: boolean;
  /** Draws a plot to PNG bytes; omitted when plotting is unavailable. */
  readonly renderPlot?: (spec: Record<string, unknown>) => Promise<Buffer>;
}

export async function loadDriftConfig(path: string | undefined): Promise<DriftConfig> {
  if (path === undefined) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`drift config not found: ${path}`, { hint: 'check the --config path' });
    throw new UserError(`cannot read the drift config ${path}: ${(error as Error).message}`);
  }
  return parseDriftConfig(text, path);
}

export async function runDrift(settings: DriftSettings, deps: DriftDeps): Promise<DriftOutcome> {
  const { logger } = deps;
  const config = await loadDriftConfig(settings.configPath);
  // Before the (possibly long) read: a report that cannot be written should fail now, not after.
  await checkOutputs(settings);
  const wanted = settings.columns
    ? [...new Set([...settings.columns, ...[settings.target, settings.prediction, settings.timeColumn].filter((name): name is string => name !== undefined)])]
    : undefined;
  const started = performance.now();
  const [reference, current] = await readBoth(settings.reference, settings.current, {
    ...(wanted ? { columns: wanted } : {}),
    parallel: deps.parallel ?? true,
    log: (message) => logger.debug(message),
  });
  logger.debug(`read ${reference.rows} + ${current.rows} rows in ${(performance.now() - started).toFixed(0)} ms`);
  const analyzed = analyzeDrift(reference, current, {
    config,
    ...(settings.columns ? { columns: settings.columns } : {}),
    ...(settings.target ? { target: settings.target } : {}),
    ...(settings.prediction ? { prediction: settings.prediction } : {}),
    ...(settings.timeColumn ? { timeColumn: settings.timeColumn } : {}),
  });
  const report: DriftReport = {
    ...analyzed,
    reference: { ...analyzed.reference, path: settings.referenceLabel },
    current: { ...analyzed.current, path: settings.currentLabel },
  };
  logger.debug(`compared ${report.columns.length} columns in ${(performance.now() - started).toFixed(0)} ms in total`);

  const plots = settings.markdownPath && settings.markdownPath !== '-' && settings.plots ? await drawPlots(report, settings.markdownPath, deps) : undefined;
  const markdown = renderMarkdown(report, plots ? { plots: plots.links } : {});
  const json = JSON.stringify(report, jsonNumbers, 2) + '\n';
  const prometheus = settings.prometheusPath ? renderPrometheus(report) : '';
  let stdout: string | undefined;
  const files: OutputFile[] = [...(plots?.files ?? [])];
  for (const [path, text] of [[settings.jsonPath, json], [settings.markdownPath, markdown], [settings.prometheusPath, prometheus]] as const) {
    if (path === undefined) continue;
    if (path === '-') stdout = text;
    else files.push({ path, data: text });
  }
  await writeOutputs(files);
  if (!settings.jsonPath && !settings.markdownPath && !settings.prometheusPath) stdout = markdown;

  const { driftedColumns, columns, failedChecks } = report.summary;
  logger.info(
    report.drift
      ? `drift: ${driftedColumns} of ${columns} columns drifted, ${failedChecks} checks failed`
      : `no drift: ${columns} columns compared, all checks passed`,
  );
  return { report, markdown, json, stdout, exitCode: report.drift && settings.failOnDrift ? 1 : 0 };
}

/** JSON has no Infinity or NaN: write them as strings so the report stays valid JSON. */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

/** The folder the charts of the Markdown report at `markdownPath` go to: `report.md` -> `report-plots/`. */
export function plotDirectory(markdownPath: string): string {
  return join(dirname(markdownPath), `${basename(markdownPath, extname(markdownPath))}-plots`);
}

/** Every file output (and the Markdown's chart folder) must be writable before anything is written. */
async function checkOutputs(settings: DriftSettings): Promise<void> {
  const targets: [string, 'file' | 'directory', string | undefined][] = [];
  for (const path of [settings.jsonPath, settings.markdownPath, settings.prometheusPath]) {
    if (path !== undefined && path !== '-') targets.push([path, 'file', undefined]);
  }
  if (settings.markdownPath !== undefined && settings.markdownPath !== '-' && settings.plots) {
    targets.push([plotDirectory(settings.markdownPath), 'directory', 'the charts of --md go there; pass --no-plots to leave them out']);
  }
  for (const [path, kind, hint] of targets) {
    const reason = await whyUnwritable(path, kind);
    if (reason !== undefined) throw new UserError(`cannot write ${path}: ${reason}`, hint ? { hint } : {});
  }
}

/** Draws a chart of each drifted column (in memory); the caller writes the files with the report. */
async function drawPlots(report: DriftReport, markdownPath: string, deps: DriftDeps): Promise<{ links: Map<string, string>; files: OutputFile[] } | undefined> {
  const drifted = report.columns.filter((column) => column.drift && column.distribution);
  if (drifted.length === 0) return undefined;
  const render = deps.renderPlot ?? (await loadPlotRenderer(deps.logger));
  if (!render) return undefined;
  const directory = plotDirectory(markdownPath);
  const links = new Map<string, string>();
  const files: OutputFile[] = [];
  for (const [index, column] of drifted.slice(0, 20).entries()) {
    const spec = driftPlotSpec(column);
    if (!spec) continue;
    let image: Buffer;
    try {
      image = await render(spec);
    } catch (error) {
      // The same cause (fonts, the native image library) would fail every other plot too.
      deps.logger.warn(`drift plots are unavailable: ${(error as Error).message}; the report has tables only`);
      break;
    }
    const file = join(directory, `${String(index + 1).padStart(2, '0')}-${column.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}.png`);
    files.push({ path: file, data: image });
    links.set(column.name, `![${column.name}: reference vs current](${relative(dirname(markdownPath), file).split('\\').join('/')})`);
  }
  return { links, files };
}

async function loadPlotRenderer(logger: Logger): Promise<((spec: Record<string, unknown>) => Promise<Buffer>) | undefined> {
  try {
    const plot = await import('../core/plot/index.js');
    return (spec) => plot.renderPlot({ spec, kind: 'vega-lite' }, { format: 'png' });
  } catch (error) {
    logger.warn(`plots are unavailable (${(error as Error).message}); the report has tables only`);
    return undefined;
  }
}
