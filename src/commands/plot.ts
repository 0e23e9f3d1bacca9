// `cml plot`: the option map (CLI flags = action inputs), the settings built from them, and the
// wiring of files and git to the plot core (src/core/plot). The CLI (src/cli/plot.ts) and the
// action (src/action/plot.ts) only translate their input and print or output the result.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { defineCommand, type OptionValues } from '../options/spec.js';
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
  /** Finds the git repository holding a directory; production runs `git -C <dir> rev-parse`. */
  readonly findRepository?: FindRepository;
}

/** The repository holding `directory`: its top level, and `directory` relative to it ('' or 'a/b/'). */
export type FindRepository = (directory: string) => Promise<{ readonly root: string; readonly prefix: string }>;

export async function runPlot(settings: PlotSettings, deps: PlotDeps): Promise<PlotOutcome> {
  const plot = await import('../core/plot/index.js');
  const revisions: RevisionReader = { read: deps.readAtRevision ?? showFileAtRevision, findRepository: cachedRepositories(deps.findRepository ?? findRepository) };
  const write = async (path: string, bytes: Buffer, title: string): Promise<PlotOutput> => {
    await writeOutput(path, bytes, settings.cwd);
    const shown = displayPath(settings.cwd, path);
    deps.logger.debug(`wrote ${shown} (${bytes.length.toLocaleString('en-US')} bytes)`);
    return { path: shown, title, markdown: `![${escapeMarkdown(title)}](${encodeURI(shown)})` };
  };
  const render = { scale: settings.scale };

  if (settings.mode === 'spec') {
    await refuseDirectory(settings.out, settings.cwd);
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
    await refuseDirectory(settings.out, settings.cwd);
    const label = displayPath(settings.cwd, settings.dataFile);
    const sources = await readSources(label, settings, revisions, plot, deps.logger);
    const { template, directory } = await resolveTemplate(settings.chart.template ?? 'linear', settings.cwd, plot);
    const { chart } = settings;
    const input: TemplatePlot = { template, sources, x: chart.x, y: chart.y, title: chart.title, xLabel: chart.xLabel, yLabel: chart.yLabel, baseDirectory: directory };
    const bytes = await plot.renderPlot(input, { ...render, format: settings.format });
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
  // As `dvc plots show` does, a plot whose file is missing (not produced yet) is skipped with a
  // warning and the others are drawn; only a run that draws nothing at all fails.
  type Job = { readonly kind: 'image'; readonly bytes: Buffer; readonly path: string; readonly title: string } | { readonly kind: 'plot'; readonly input: TemplatePlot; readonly path: string; readonly title: string };
  const jobs: Job[] = [];
  const missing: string[] = [];
  /** The file as shown to the user when it does not exist, else undefined. */
  const ifMissing = async (path: string): Promise<string | undefined> => {
    const absolute = resolve(root, path);
    const found = await stat(absolute).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT' && error.code !== 'ENOTDIR',
    );
    if (found) return undefined;
    const shown = displayPath(settings.cwd, absolute);
    missing.push(shown);
    return shown;
  };
  for (const definition of definitions) {
    for (const expanded of await expandDirectories(definition, root, deps.logger)) {
      const firstPath = expanded.files[0]!.path;
      const title = expanded.title ?? expanded.id;
      if (expanded.files.length === 1 && IMAGE_EXTENSIONS.has(extname(firstPath).toLowerCase())) {
        // An image plot is already a picture: put it with the others so the report can show it.
        const gone = await ifMissing(firstPath);
        if (gone !== undefined) {
          deps.logger.warn(`${gone} not found: skipped plot "${expanded.id}" (dvc.yaml)`);
          continue;
        }
        const bytes = await readBytes(resolve(root, firstPath), 'image plot');
        jobs.push({ kind: 'image', bytes, path: outName(expanded.id, extname(firstPath).toLowerCase()), title });
        continue;
      }
      const sources: PlotSource[] = [];
      const absent: string[] = [];
      for (const file of expanded.files) {
        const gone = await ifMissing(file.path);
        if (gone !== undefined) {
          absent.push(gone);
          continue;
        }
        const fileSettings = { ...settings, dataFile: resolve(root, file.path) };
        for (const source of await readSources(displayPath(settings.cwd, resolve(root, file.path)), fileSettings, revisions, plot, deps.logger)) {
          sources.push({ ...source, file: file.path, x: file.x, y: file.y });
        }
      }
      if (absent.length > 0) {
        const drawn = sources.length > 0 ? `plot "${expanded.id}" (dvc.yaml) is drawn without ${absent.length === 1 ? 'it' : 'them'}` : `skipped plot "${expanded.id}" (dvc.yaml)`;
        deps.logger.warn(`${absent.join(', ')} not found: ${drawn}`);
        if (sources.length === 0) continue;
      }
      const { template, directory } = await resolveTemplate(expanded.template ?? 'linear', root, plot);
      const input: TemplatePlot = { template, sources, x: expanded.x, y: expanded.y, title, xLabel: expanded.xLabel, yLabel: expanded.yLabel, baseDirectory: directory };
      jobs.push({ kind: 'plot', input, path: outName(expanded.id, '.png'), title });
    }
  }
  if (jobs.length === 0) {
    const dvcFile = displayPath(settings.cwd, settings.dvcFile);
    if (missing.length === 0) throw new UserError(`no plot of ${dvcFile} could be drawn: its plot directories hold no data or image files`);
    throw new UserError(`no plot of ${dvcFile} could be drawn: ${missing.join(', ')} not found`, { hint: 'run the pipeline that writes them first: dvc repro' });
  }
  const plotJobs = jobs.filter((job) => job.kind === 'plot');
  const images = await plot.renderPlots(
    plotJobs.map((job) => job.input),
    { ...render, format: 'png' },
  );
  const outputs: PlotOutput[] = [];
  for (const job of jobs) outputs.push(await write(job.path, job.kind === 'image' ? job.bytes : images[plotJobs.indexOf(job)]!, job.title));
  return { outputs };
}

type PlotModule = typeof import('../core/plot/index.js');

interface RevisionReader {
  readonly read: ReadFileAtRevision;
  readonly findRepository: FindRepository;
}

/** The data file in the working tree, and (with --base) as it was at the base revision first. */
async function readSources(label: string, settings: PlotSettings & { dataFile: string }, revisions: RevisionReader, plot: PlotModule, logger: Logger): Promise<PlotSource[]> {
  const format = plot.dataFormatOf(settings.dataFile);
  const text = await readText(settings.dataFile, 'data file');
  const sources: PlotSource[] = [];
  if (settings.base) {
    try {
      // The repository is the one holding the data file, wherever the command runs from; git
      // reads the file by its path from that repository's top level.
      const { root, prefix } = await revisions.findRepository(dirname(settings.dataFile));
      const bytes = await revisions.read({ cwd: root, revision: settings.base, path: `${prefix}${basename(settings.dataFile)}` });
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

/**
 * A built-in name, or a DVC template file: as given, or in .dvc/plots/ as DVC looks for them.
 * `directory` is where the template's relative data URLs (if any) are read from: the template
 * file's own directory, or `directory` for a built-in template.
 */
async function resolveTemplate(name: string, directory: string, plot: PlotModule): Promise<{ template: TemplateName | TemplateContent; directory: string }> {
  if (plot.isTemplateName(name)) return { template: name, directory };
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
    return { template: content as TemplateContent, directory: dirname(candidate) };
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
  return (await readBytes(path, what)).toString('utf8');
}

async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
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

/** Runs `git -C <directory> rev-parse` to find the repository holding a directory. */
export const findRepository: FindRepository = (directory) =>
  new Promise((resolvePromise, reject) => {
    execFile('git', ['-C', directory, 'rev-parse', '--show-toplevel', '--show-prefix'], { encoding: 'utf8', timeout: GIT_TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        const [root = '', prefix = ''] = stdout.split('\n');
        return resolvePromise({ root, prefix });
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new UserError('git is not installed or not on PATH: cannot read the base revision'));
      }
      const reason = stderr.trim().split('\n')[0] ?? '';
      if (/not a git repository/i.test(reason)) {
        return reject(new UserError(`${directory} is not in a git repository: --base reads the data file from the repository that holds it`, { hint: 'plot without --base, or use a data file inside a clone' }));
      }
      reject(new UserError(`git cannot read the repository holding ${directory}: ${reason || error.message}`));
    });
  });

const GIT_TIMEOUT_MS = 60_000;

/** One lookup per directory (a dvc.yaml lists many files in few folders). */
function cachedRepositories(find: FindRepository): FindRepository {
  const known = new Map<string, ReturnType<FindRepository>>();
  return (directory) => {
    let found = known.get(directory);
    if (!found) {
      found = find(directory);
      known.set(directory, found);
    }
    return found;
  };
}

/** Refuses early (before drawing) an output path that is an existing directory. */
async function refuseDirectory(path: string, cwd: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UserError(`cannot write ${displayPath(cwd, path)}: it is a directory`);
}

/**
 * Writes an image whole or not at all: into a temporary file beside it, renamed over the target,
 * so a failure (or a reader at the same time) never sees half an image, and the temporary file is
 * removed on failure. Every failure is a UserError naming the path and the reason.
 */
async function writeOutput(path: string, bytes: Buffer, cwd: string): Promise<void> {
  const shown = displayPath(cwd, path);
  await refuseDirectory(path, cwd);
  // Writing through a symbolic link updates the file it points to, as writing in place would.
  const target = await realpath(path).catch(() => path);
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (error) {
    throw await writeError(shown, target, error, cwd);
  }
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw await writeError(shown, target, error, cwd);
  }
}

async function writeError(shown: string, target: string, error: unknown, cwd: string): Promise<UserError> {
  const code = (error as NodeJS.ErrnoException).code;
  const fail = (reason: string): UserError => new UserError(`cannot write ${shown}: ${reason}`, { cause: error });
  switch (code) {
    case 'EISDIR':
      return fail('it is a directory');
    case 'ENOTDIR':
    case 'EEXIST': {
      // A file stands where a directory of the path should be.
      for (let directory = dirname(target); directory !== dirname(directory); directory = dirname(directory)) {
        const info = await stat(directory).catch(() => undefined);
        if (info && !info.isDirectory()) return fail(`${displayPath(cwd, directory)} is a file, not a directory`);
        if (info) break;
      }
      return fail('a part of the path is not a directory');
    }
    case 'EACCES':
    case 'EPERM':
      return fail(`permission denied in ${displayPath(cwd, dirname(target))}`);
    case 'EROFS':
      return fail('the file system is read-only');
    case 'ENOSPC':
    case 'EDQUOT':
      return fail('no space left on the device');
    case 'ENAMETOOLONG':
      return fail('the name is too long');
    default:
      return fail((error as Error).message ?? String(error));
  }
}
