// `cml plot`: the option map (CLI flags = action inputs), the settings built from them, and the
// wiring of files and git to the plot core (src/core/plot). The CLI (src/cli/plot.ts) and the
// action (src/action/plot.ts) only translate their input and print or output the result.

import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { defineCommand, type OptionValues } from '../cli/spec.js';
import { FileNotAtRevision, showFileAtRevision, type ReadFileAtRevision } from '../git/show-file.js';
import type { PlotFormat, PlotSource, TemplateContent, TemplateName, TemplatePlot } from '../core/plot/index.js';

export const plotOptions = {
  template: {
    type: 'string',
    short: 't',
    valueName: 'name',
    description:
      'DVC template: linear (default), simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted; or a DVC template .json file.',
  },
  x: { type: 'string', short: 'x', valueName: 'field', description: 'Field for the x axis (default: step, or the row number).' },
  y: {
    type: 'string',
    short: 'y',
    valueName: 'field',
    multiple: true,
    description: 'Field(s) for the y axis, comma-separated or repeated; several draw several series (default: the last field).',
  },
  title: { type: 'string', valueName: 'text', description: 'Chart title.' },
  'x-label': { type: 'string', valueName: 'text', description: 'x axis title (default: the field name).' },
  'y-label': { type: 'string', valueName: 'text', description: 'y axis title (default: the field name).' },
  out: {
    type: 'string',
    short: 'o',
    valueName: 'path',
    aliases: ['output'],
    description: 'Image to write: .png or .svg (default: <data file name>.png). With --dvc, a directory (default: dvc_plots).',
  },
  scale: { type: 'string', valueName: 'factor', default: '2', description: 'PNG pixels per chart pixel (2 = sharp on high-density screens).' },
  spec: { type: 'string', valueName: 'file', description: 'Render this Vega-Lite (or Vega) spec instead of a data file and template.' },
  base: {
    type: 'string',
    valueName: 'rev',
    description: 'Also draw the data as it was at this git revision, coloured by revision (like `dvc plots diff <rev>`).',
  },
  dvc: { type: 'boolean', description: 'Render every plot under `plots:` in dvc.yaml (the default when no data file is given in a DVC project).' },
  md: { type: 'boolean', cliOnly: true, description: 'Print a Markdown image line (![title](path)) instead of the path.' },
} as const;

export const plotSpec = defineCommand({
  name: 'plot',
  summary: 'Render data (CSV, TSV, JSON, YAML) with a DVC template, or a Vega-Lite spec, to PNG or SVG.',
  description:
    'Charts are drawn with Vega-Lite and rasterised without a browser, in the bundled DejaVu fonts, so they look the same on every machine.',
  positionals: [{ name: 'data-file', description: 'The data to plot (.csv, .tsv, .json, .yaml).', required: false }],
  options: plotOptions,
  envPrefix: 'CML_PLOT_',
  examples: [
    'cml plot metrics.csv -y loss,val_loss --title Loss -o loss.png',
    'cml plot metrics.csv -y accuracy --base main -o accuracy.png --md >> report.md',
    'cml plot confusion.csv --template confusion -x actual -y predicted -o confusion.png',
    'cml plot --spec chart.vl.json -o chart.svg',
    'cml plot --dvc -o plots --md >> report.md',
  ],
});

export type PlotValues = OptionValues<typeof plotOptions>;

interface ChartOptions {
  readonly template: string | undefined;
  readonly x: string | undefined;
  readonly y: readonly string[] | undefined;
  readonly title: string | undefined;
  readonly xLabel: string | undefined;
  readonly yLabel: string | undefined;
}

export type PlotSettings = {
  readonly cwd: string;
  readonly scale: number;
  readonly base: string | undefined;
  readonly markdown: boolean;
} & (
  | { readonly mode: 'data'; readonly dataFile: string; readonly chart: ChartOptions; readonly out: string; readonly format: PlotFormat }
  | { readonly mode: 'spec'; readonly specFile: string; readonly title: string | undefined; readonly out: string; readonly format: PlotFormat }
  | { readonly mode: 'dvc'; readonly dvcFile: string; readonly outDirectory: string }
);

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp']);
const DATA_EXTENSIONS = new Set(['.csv', '.tsv', '.json', '.yaml', '.yml']);
const DEFAULT_DVC_OUT = 'dvc_plots';

/**
 * Flags or inputs -> validated settings. Everything that can be checked without reading files is
 * checked here. `dvcProject` says whether `cwd` holds a dvc.yaml (for the no-argument default).
 */
export function buildPlotSettings(values: PlotValues, positionals: readonly string[], cwd: string, dvcProject: boolean): PlotSettings {
  const [dataFile, ...extra] = positionals;
  if (extra.length > 0) throw new UserError(`\`cml plot\` takes one data file, got ${positionals.length}: ${positionals.join(' ')}`, { hint: 'use dvc.yaml plots (--dvc) for several' });
  const scale = parseScale(values.scale ?? '2');
  const base = values.base?.trim() || undefined;
  const markdown = Boolean(values.md);
  const y = values.y?.flatMap((entry) => entry.split(',')).map((field) => field.trim()).filter((field) => field !== '');
  const chart: ChartOptions = {
    template: values.template?.trim() || undefined,
    x: values.x?.trim() || undefined,
    y: y && y.length > 0 ? y : undefined,
    title: values.title,
    xLabel: values['x-label'],
    yLabel: values['y-label'],
  };
  const chartFlags = (): string[] =>
    [
      ['--template', chart.template],
      ['-x', chart.x],
      ['-y', chart.y],
      ['--x-label', chart.xLabel],
      ['--y-label', chart.yLabel],
    ]
      .filter(([, value]) => value !== undefined)
      .map(([flag]) => flag as string);

  if (values.spec !== undefined) {
    if (dataFile !== undefined) throw new UserError('give either a data file or --spec, not both');
    if (values.dvc) throw new UserError('--spec and --dvc cannot be combined');
    if (chartFlags().length > 0) throw new UserError(`${chartFlags().join(', ')} only apply to a data file; a --spec chart says its own fields`);
    if (base) throw new UserError('--base needs a data file: a --spec chart names its own data');
    const specFile = resolve(cwd, values.spec);
    const out = resolve(cwd, values.out ?? `${stem(values.spec).replace(/\.(vl|vg|vega|vega-lite)$/i, '')}.png`);
    return { mode: 'spec', cwd, scale, base, markdown, specFile, title: values.title, out, format: formatOf(out) };
  }
  if (values.dvc || (dataFile === undefined && dvcProject)) {
    if (dataFile !== undefined) throw new UserError('give either a data file or --dvc, not both');
    const flags = [...chartFlags(), ...(chart.title !== undefined ? ['--title'] : [])];
    if (flags.length > 0) throw new UserError(`${flags.join(', ')} cannot be used with --dvc`, { hint: 'set them on the plot in dvc.yaml' });
    if (values.out !== undefined && IMAGE_EXTENSIONS.has(extname(values.out).toLowerCase())) {
      throw new UserError(`with --dvc, -o is the directory for all plots, not one image: ${values.out}`);
    }
    return { mode: 'dvc', cwd, scale, base, markdown, dvcFile: join(cwd, 'dvc.yaml'), outDirectory: resolve(cwd, values.out ?? DEFAULT_DVC_OUT) };
  }
  if (dataFile === undefined) {
    throw new UserError('`cml plot` needs a data file, --spec <file> or --dvc', { hint: 'cml plot metrics.csv -y loss -o loss.png' });
  }
  const out = resolve(cwd, values.out ?? `${stem(dataFile)}.png`);
  return { mode: 'data', cwd, scale, base, markdown, dataFile: resolve(cwd, dataFile), chart, out, format: formatOf(out) };
}

export interface PlotOutput {
  /** Where the image was written, relative to the working directory when inside it. */
  readonly path: string;
  readonly title: string;
  /** `![title](path)`. */
  readonly markdown: string;
}

export interface PlotOutcome {
  readonly outputs: readonly PlotOutput[];
}

export interface PlotDeps {
  readonly logger: Logger;
  /** Reads a file at a git revision; production runs `git show`. */
  readonly readAtRevision?: ReadFileAtRevision;
}

export async function runPlot(settings: PlotSettings, deps: PlotDeps): Promise<PlotOutcome> {
  const plot = await import('../core/plot/index.js');
  const readAtRevision = deps.readAtRevision ?? showFileAtRevision;
  const write = async (path: string, bytes: Buffer, title: string): Promise<PlotOutput> => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    const shown = displayPath(settings.cwd, path);
    deps.logger.debug(`wrote ${shown} (${bytes.length.toLocaleString('en-US')} bytes)`);
    return { path: shown, title, markdown: `![${escapeMarkdown(title)}](${encodeURI(shown)})` };
  };
  const render = { scale: settings.scale };

  if (settings.mode === 'spec') {
    const text = await readText(settings.specFile, 'spec file');
    let spec: unknown;
    try {
      spec = JSON.parse(text);
    } catch (error) {
      throw new UserError(`spec ${displayPath(settings.cwd, settings.specFile)} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new UserError(`spec ${settings.specFile} must be a JSON object`);
    const source = displayPath(settings.cwd, settings.specFile);
    const bytes = await plot.renderPlot({ spec: spec as Record<string, unknown>, baseDirectory: dirname(settings.specFile), source }, { ...render, format: settings.format });
    const title = settings.title ?? (typeof (spec as { title?: unknown }).title === 'string' ? ((spec as { title: string }).title) : stem(settings.specFile));
    return { outputs: [await write(settings.out, bytes, title)] };
  }

  if (settings.mode === 'data') {
    const label = displayPath(settings.cwd, settings.dataFile);
    const sources = await readSources(label, settings, readAtRevision, plot, deps.logger);
    const template = await resolveTemplate(settings.chart.template ?? 'linear', settings.cwd, plot);
    const { chart } = settings;
    const bytes = await plot.renderPlot({ template, sources, x: chart.x, y: chart.y, title: chart.title, xLabel: chart.xLabel, yLabel: chart.yLabel }, { ...render, format: settings.format });
    return { outputs: [await write(settings.out, bytes, chart.title ?? stem(settings.dataFile))] };
  }

  // --dvc: every plot of dvc.yaml, one image each, named after the plot.
  const root = dirname(settings.dvcFile);
  let dvcText: string;
  try {
    dvcText = await readFile(settings.dvcFile, 'utf8');
  } catch {
    throw new UserError(`no dvc.yaml in ${settings.cwd}`, { hint: 'run in the DVC project root, or pass a data file' });
  }
  const definitions = plot.readDvcPlots(dvcText, displayPath(settings.cwd, settings.dvcFile));
  if (definitions.length === 0) throw new UserError(`${displayPath(settings.cwd, settings.dvcFile)} declares no plots`, { hint: 'add a top-level `plots:` list' });
  const usedNames = new Set<string>();
  const outName = (id: string, extension: string): string => {
    const base = id.replace(/\.[a-z0-9]+$/i, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'plot';
    let name = base;
    for (let attempt = 2; usedNames.has(name) && attempt < 10_000; attempt += 1) name = `${base}-${attempt}`;
    usedNames.add(name);
    return join(settings.outDirectory, name + extension);
  };

  // Read every plot's data first, then draw them as one batch (layout and rasterising overlap).
  type Job = { readonly kind: 'image'; readonly output: PlotOutput } | { readonly kind: 'plot'; readonly input: TemplatePlot; readonly path: string; readonly title: string };
  const jobs: Job[] = [];
  for (const definition of definitions) {
    for (const expanded of await expandDirectories(definition, root, deps.logger)) {
      const firstPath = expanded.files[0]!.path;
      const title = expanded.title ?? expanded.id;
      if (expanded.files.length === 1 && IMAGE_EXTENSIONS.has(extname(firstPath).toLowerCase())) {
        // An image plot is already a picture: put it with the others so the report can show it.
        const target = outName(expanded.id, extname(firstPath).toLowerCase());
        await mkdir(settings.outDirectory, { recursive: true });
        try {
          await copyFile(resolve(root, firstPath), target);
        } catch {
          throw new UserError(`image plot ${firstPath} (dvc.yaml) not found`, { hint: 'run the pipeline that produces it first (dvc repro)' });
        }
        const shown = displayPath(settings.cwd, target);
        jobs.push({ kind: 'image', output: { path: shown, title, markdown: `![${escapeMarkdown(title)}](${encodeURI(shown)})` } });
        continue;
      }
      const sources: PlotSource[] = [];
      for (const file of expanded.files) {
        const fileSettings = { ...settings, dataFile: resolve(root, file.path) };
        for (const source of await readSources(displayPath(settings.cwd, resolve(root, file.path)), fileSettings, readAtRevision, plot, deps.logger)) {
          sources.push({ ...source, file: file.path, x: file.x, y: file.y });
        }
      }
      const template = await resolveTemplate(expanded.template ?? 'linear', root, plot);
      const input: TemplatePlot = { template, sources, x: expanded.x, y: expanded.y, title, xLabel: expanded.xLabel, yLabel: expanded.yLabel };
      jobs.push({ kind: 'plot', input, path: outName(expanded.id, '.png'), title });
    }
  }
  const plotJobs = jobs.filter((job) => job.kind === 'plot');
  const images = await plot.renderPlots(
    plotJobs.map((job) => job.input),
    { ...render, format: 'png' },
  );
  const outputs: PlotOutput[] = [];
  for (const job of jobs) {
    if (job.kind === 'image') outputs.push(job.output);
    else outputs.push(await write(job.path, images[plotJobs.indexOf(job)]!, job.title));
  }
  return { outputs };
}

type PlotModule = typeof import('../core/plot/index.js');

/** The data file in the working tree, and (with --base) as it was at the base revision first. */
async function readSources(label: string, settings: PlotSettings & { dataFile: string }, readAtRevision: ReadFileAtRevision, plot: PlotModule, logger: Logger): Promise<PlotSource[]> {
  const format = plot.dataFormatOf(settings.dataFile);
  const text = await readText(settings.dataFile, 'data file');
  const sources: PlotSource[] = [];
  if (settings.base) {
    try {
      const bytes = await readAtRevision({ cwd: settings.cwd, revision: settings.base, path: relative(settings.cwd, settings.dataFile) });
      sources.push({ rows: plot.parseData(bytes.toString('utf8'), format, `${label} at ${settings.base}`), revision: settings.base, file: label });
    } catch (error) {
      // A file this change adds has no base to compare with; `dvc plots diff` then draws the workspace alone.
      if (!(error instanceof FileNotAtRevision)) throw error;
      logger.warn(`${label} is not in ${settings.base}: plotting the working tree only`);
    }
  }
  sources.push({ rows: plot.parseData(text, format, label), revision: plot.WORKSPACE, file: label });
  return sources;
}

/** A built-in name, or a DVC template file: as given, or in .dvc/plots/ as DVC looks for them. */
async function resolveTemplate(name: string, directory: string, plot: PlotModule): Promise<TemplateName | TemplateContent> {
  if (plot.isTemplateName(name)) return name;
  const candidates = [resolve(directory, name), resolve(directory, '.dvc/plots', name), resolve(directory, '.dvc/plots', `${name}.json`)];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (!info?.isFile()) continue;
    let content: unknown;
    try {
      content = JSON.parse(await readFile(candidate, 'utf8'));
    } catch (error) {
      throw new UserError(`template ${candidate} is not valid JSON: ${(error as Error).message}`);
    }
    if (!plot.hasDataAnchor(content) || typeof content !== 'object' || content === null) {
      throw new UserError(`template ${candidate} has no "<DVC_METRIC_DATA>" anchor`, { hint: 'a DVC template puts "<DVC_METRIC_DATA>" where the data goes; for a complete spec use --spec' });
    }
    return content as TemplateContent;
  }
  throw new UserError(`unknown template "${name}"`, { hint: `use one of ${plot.TEMPLATE_NAMES.join(', ')}, or a path to a DVC template .json file` });
}

interface ExpandedPlot {
  readonly id: string;
  readonly files: readonly { path: string; x?: string | undefined; y?: readonly string[] | undefined }[];
  readonly template?: string | undefined;
  readonly title?: string | undefined;
  readonly xLabel?: string | undefined;
  readonly yLabel?: string | undefined;
  readonly x?: string | undefined;
  readonly y?: readonly string[] | undefined;
}

/** DVC lets a plot name a directory: each data or image file in it is a plot of its own. */
async function expandDirectories(definition: import('../core/plot/index.js').DvcPlot, root: string, logger: Logger): Promise<ExpandedPlot[]> {
  const [only] = definition.files;
  if (definition.files.length !== 1 || !only) return [definition];
  const info = await stat(resolve(root, only.path)).catch(() => undefined);
  if (!info?.isDirectory()) return [definition];
  const found: string[] = [];
  const walk = async (directory: string, depth: number): Promise<void> => {
    if (depth > 8 || found.length >= 1000) return;
    const entries = (await readdir(resolve(root, directory), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = `${directory.replace(/\/+$/, '')}/${entry.name}`;
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (DATA_EXTENSIONS.has(extname(entry.name).toLowerCase()) || IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
    }
  };
  await walk(only.path, 0);
  if (found.length === 0) logger.warn(`plot directory ${only.path} (dvc.yaml) holds no data or image files`);
  return found.map((path) => ({ ...definition, id: path, title: definition.title ?? path, files: [{ ...only, path }] }));
}

function parseScale(text: string): number {
  const scale = Number(text.trim());
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) throw new UserError(`--scale must be a number above 0 and at most 10, got "${text}"`);
  return scale;
}

function formatOf(path: string): PlotFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.svg') return 'svg';
  throw new UserError(`cannot write ${basename(path)}: the output must end in .png or .svg`);
}

function stem(path: string): string {
  return basename(path, extname(path));
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${what} not found: ${path}`, { hint: 'check the path; it is relative to the current directory' });
    if (code === 'EISDIR') throw new UserError(`${what} ${path} is a directory`);
    throw new UserError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

function displayPath(cwd: string, path: string): string {
  const inside = relative(cwd, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return path;
  return inside.split(sep).join('/');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[[\]\\]/g, (character) => `\\${character}`);
}
