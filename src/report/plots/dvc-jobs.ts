// What `cml plot --dvc` and `cml report` draw: one job per plot of dvc.yaml (an image plot is
// copied, a data plot is drawn), each named after the plot, and the drawing of them as one batch. As `dvc plots show` does, a plot whose file is
// missing (not produced yet) is skipped with a warning and the others are drawn.

import { stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { DvcPlot, LayoutTally, PlotSource, TemplatePlot } from '../../core/plot/index.js';
import type { PlotReadContext as PlotContext } from './context.js';
import { expandDirectories, type ExpandedPlot } from './dvc-directories.js';
import { displayPath, isImage } from './paths.js';
import { readBytes } from './read-files.js';
import { readSources } from './sources.js';
import { resolveTemplate } from './template-file.js';

export type DvcJob =
  | { readonly kind: 'image'; readonly bytes: Buffer; readonly path: string; readonly title: string }
  | { readonly kind: 'plot'; readonly input: TemplatePlot; readonly path: string; readonly title: string };

export interface DvcJobs {
  readonly jobs: readonly DvcJob[];
  /** Files (as shown) that plots name but that do not exist. */
  readonly missing: readonly string[];
}

/** `root` is the folder of dvc.yaml, which plot paths are relative to; images go to `outDirectory`. */
export async function collectJobs(definitions: readonly DvcPlot[], root: string, outDirectory: string, context: PlotContext): Promise<DvcJobs> {
  const collector = new JobCollector(root, outDirectory, context);
  for (const definition of definitions) {
    for (const expanded of await expandDirectories(definition, root, context.logger)) await collector.add(expanded);
  }
  return { jobs: collector.jobs, missing: collector.missing };
}

class JobCollector {
  readonly jobs: DvcJob[] = [];
  readonly missing: string[] = [];
  private readonly usedNames = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly outDirectory: string,
    private readonly context: PlotContext,
  ) {}

  async add(plot: ExpandedPlot): Promise<void> {
    const firstPath = plot.files[0]!.path;
    const title = plot.title ?? plot.id;
    // An image plot is already a picture: put it with the others so the report can show it.
    if (plot.files.length === 1 && isImage(firstPath)) await this.addImage(plot, firstPath, title);
    else await this.addData(plot, title);
  }

  private async addImage(plot: ExpandedPlot, path: string, title: string): Promise<void> {
    const gone = await this.ifMissing(path);
    if (gone !== undefined) {
      this.context.logger.warn(`${gone} not found: skipped plot "${plot.id}" (dvc.yaml)`);
      return;
    }
    const bytes = await readBytes(resolve(this.root, path), 'image plot');
    this.jobs.push({ kind: 'image', bytes, path: this.outName(plot.id, extname(path).toLowerCase()), title });
  }

  private async addData(plot: ExpandedPlot, title: string): Promise<void> {
    const sources: PlotSource[] = [];
    const absent: string[] = [];
    for (const file of plot.files) {
      const gone = await this.ifMissing(file.path);
      if (gone !== undefined) {
        absent.push(gone);
        continue;
      }
      const dataFile = resolve(this.root, file.path);
      const fields = { template: plot.template ?? 'linear', x: file.x ?? plot.x, y: file.y ?? plot.y };
      for (const source of await readSources(dataFile, displayPath(this.context.settings.cwd, dataFile), this.context, fields)) {
        sources.push({ ...source, file: file.path, x: file.x, y: file.y });
      }
    }
    if (absent.length > 0) {
      const drawn =
        sources.length > 0 ? `plot "${plot.id}" (dvc.yaml) is drawn without ${absent.length === 1 ? 'it' : 'them'}` : `skipped plot "${plot.id}" (dvc.yaml)`;
      this.context.logger.warn(`${absent.join(', ')} not found: ${drawn}`);
      if (sources.length === 0) return;
    }
    const { template, directory } = await resolveTemplate(plot.template ?? 'linear', this.root, this.context.plot);
    const input: TemplatePlot = { template, sources, x: plot.x, y: plot.y, title, xLabel: plot.xLabel, yLabel: plot.yLabel, baseDirectory: directory };
    this.jobs.push({ kind: 'plot', input, path: this.outName(plot.id, '.png'), title });
  }

  /** The file as shown to the user when it does not exist (and notes it), else undefined. */
  private async ifMissing(path: string): Promise<string | undefined> {
    if (this.context.rehearsal) return undefined;
    const absolute = resolve(this.root, path);
    const found = await stat(absolute).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT' && error.code !== 'ENOTDIR',
    );
    if (found) return undefined;
    const shown = displayPath(this.context.settings.cwd, absolute);
    this.missing.push(shown);
    return shown;
  }

  /** An image name from the plot's id, unique among this run's images. */
  private outName(id: string, extension: string): string {
    const base =
      id
        .replace(/\.[a-z0-9]+$/i, '')
        .replace(/[^A-Za-z0-9_-]+/g, '_')
        .replace(/^_+|_+$/g, '') || 'plot';
    let name = base;
    for (let attempt = 2; this.usedNames.has(name) && attempt < 10_000; attempt += 1) name = `${base}-${attempt}`;
    this.usedNames.add(name);
    return join(this.outDirectory, name + extension);
  }
}

/** Each job's image bytes, in order: image plots as they are, data plots drawn as one batch of PNGs. */
export async function drawJobs(jobs: readonly DvcJob[], scale: number, context: Pick<PlotContext, 'plot'>, tally?: LayoutTally): Promise<Buffer[]> {
  const plotJobs = jobs.filter((job) => job.kind === 'plot');
  const drawn = await context.plot.renderPlots(
    plotJobs.map((job) => job.input),
    { scale, format: 'png', ...(tally ? { tally } : {}) },
  );
  return jobs.map((job) => (job.kind === 'image' ? job.bytes : drawn[plotJobs.indexOf(job)]!));
}
