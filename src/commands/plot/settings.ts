// `cml plot` flags or action inputs -> validated settings, in one of three modes: a data file
// drawn with a template, a --spec file, or every plot of dvc.yaml. Everything that can be checked
// without reading files is checked here.

import { basename, extname, join, resolve } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import type { PlotFormat } from '../../core/plot/index.js';
import { isImage, stem } from '../../report/plots/paths.js';
import type { PlotValues } from './spec.js';

export interface ChartOptions {
  readonly template: string | undefined;
  readonly x: string | undefined;
  readonly y: readonly string[] | undefined;
  readonly title: string | undefined;
  readonly xLabel: string | undefined;
  readonly yLabel: string | undefined;
}

interface CommonSettings {
  readonly cwd: string;
  readonly scale: number;
  readonly base: string | undefined;
  readonly markdown: boolean;
}

export type DataSettings = CommonSettings & {
  readonly mode: 'data';
  readonly dataFile: string;
  readonly chart: ChartOptions;
  readonly out: string;
  readonly format: PlotFormat;
};
export type SpecSettings = CommonSettings & {
  readonly mode: 'spec';
  readonly specFile: string;
  readonly title: string | undefined;
  readonly out: string;
  readonly format: PlotFormat;
};
export type DvcSettings = CommonSettings & { readonly mode: 'dvc'; readonly dvcFile: string; readonly outDirectory: string };
export type PlotSettings = DataSettings | SpecSettings | DvcSettings;

const DEFAULT_DVC_OUT = 'dvc_plots';

/**
 * Flags or inputs -> validated settings. `dvcProject` says whether `cwd` holds a dvc.yaml (for the
 * no-argument default).
 */
export function buildPlotSettings(values: PlotValues, positionals: readonly string[], cwd: string, dvcProject: boolean): PlotSettings {
  const [dataFile, ...extra] = positionals;
  if (extra.length > 0)
    throw new UsageError(`\`cml plot\` takes one data file, got ${positionals.length}: ${positionals.join(' ')}`, {
      hint: 'use dvc.yaml plots (--dvc) for several',
    });
  const common: CommonSettings = { cwd, scale: parseScale(values.scale ?? '2'), base: values.base?.trim() || undefined, markdown: Boolean(values.md) };
  const chart = chartOptions(values);
  if (values.spec !== undefined) return specSettings(values, values.spec, dataFile, chart, common);
  if (values.dvc || (dataFile === undefined && dvcProject)) return dvcSettings(values, dataFile, chart, common);
  if (dataFile === undefined) {
    throw new UsageError('`cml plot` needs a data file, --spec <file> or --dvc', { hint: 'cml plot metrics.csv -y loss -o loss.png' });
  }
  const out = resolve(cwd, values.out ?? `${stem(dataFile)}.png`);
  return { mode: 'data', ...common, dataFile: resolve(cwd, dataFile), chart, out, format: formatOf(out) };
}

function chartOptions(values: PlotValues): ChartOptions {
  const y = values.y
    ?.flatMap((entry) => entry.split(','))
    .map((field) => field.trim())
    .filter((field) => field !== '');
  return {
    template: values.template?.trim() || undefined,
    x: values.x?.trim() || undefined,
    y: y && y.length > 0 ? y : undefined,
    title: values.title,
    xLabel: values['x-label'],
    yLabel: values['y-label'],
  };
}

/** The flags that shape a chart drawn from a data file, as given. */
function chartFlags(chart: ChartOptions): string[] {
  return [
    ['--template', chart.template],
    ['-x', chart.x],
    ['-y', chart.y],
    ['--x-label', chart.xLabel],
    ['--y-label', chart.yLabel],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([flag]) => flag as string);
}

function specSettings(values: PlotValues, spec: string, dataFile: string | undefined, chart: ChartOptions, common: CommonSettings): SpecSettings {
  if (dataFile !== undefined) throw new UsageError('give either a data file or --spec, not both');
  if (values.dvc) throw new UsageError('--spec and --dvc cannot be combined');
  const flags = chartFlags(chart);
  if (flags.length > 0) throw new UsageError(`${flags.join(', ')} only apply to a data file; a --spec chart says its own fields`);
  if (common.base) throw new UsageError('--base needs a data file: a --spec chart names its own data');
  const specFile = resolve(common.cwd, spec);
  const out = resolve(common.cwd, values.out ?? `${stem(spec).replace(/\.(vl|vg|vega|vega-lite)$/i, '')}.png`);
  return { mode: 'spec', ...common, specFile, title: values.title, out, format: formatOf(out) };
}

function dvcSettings(values: PlotValues, dataFile: string | undefined, chart: ChartOptions, common: CommonSettings): DvcSettings {
  if (dataFile !== undefined) throw new UsageError('give either a data file or --dvc, not both');
  const flags = [...chartFlags(chart), ...(chart.title !== undefined ? ['--title'] : [])];
  if (flags.length > 0) throw new UserError(`${flags.join(', ')} cannot be used with --dvc`, { hint: 'set them on the plot in dvc.yaml' });
  if (values.out !== undefined && isImage(values.out)) {
    throw new UserError(`with --dvc, -o is the directory for all plots, not one image: ${values.out}`);
  }
  return { mode: 'dvc', ...common, dvcFile: join(common.cwd, 'dvc.yaml'), outDirectory: resolve(common.cwd, values.out ?? DEFAULT_DVC_OUT) };
}

function parseScale(text: string): number {
  const scale = Number(text.trim());
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) throw new UsageError(`--scale must be a number above 0 and at most 10, got "${text}"`);
  return scale;
}

function formatOf(path: string): PlotFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.svg') return 'svg';
  throw new UsageError(`cannot write ${basename(path)}: the output must end in .png or .svg`);
}
