// The plots of the report: dvc.yaml's `plots:` (or the --plots files, drawn with the linear
// template), each with the base revision overlaid and both named by branch, drawn as one batch and
// written beside the report. A plot whose data is missing is skipped with a note, as DVC does.

import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DvcPlot } from '../../core/plot/index.js';
import { createMemoryLogger, type Logger } from '../../logger.js';
import type { OutputFile } from '../../output/files.js';
import { pngWidth, type GalleryImage } from '../../report/gallery.js';
import { gitBaseReader } from '../../report/plots/base-revision.js';
import type { PlotModule, PlotReadContext } from '../../report/plots/context.js';
import { collectJobs, drawJobs } from '../../report/plots/dvc-jobs.js';
import { countedOf } from '../../words.js';
import type { Compared } from './base.js';
import { treeBaseReader, worthWorkingAhead } from './ahead.js';
import type { ReportSettings } from './settings.js';

const SCALE = 2;

export interface DrawnPlots {
  readonly images: GalleryImage[];
  readonly files: OutputFile[];
  readonly notes: string[];
}

/**
 * Draws the report's plots. `queued` is called once their charts wait for layout (or there are
 * none, or reading them failed): the report holds the drift charts back until then (see build.ts).
 */
export async function drawReportPlots(
  settings: ReportSettings,
  compared: Compared,
  plotDirectory: string,
  logger: Logger,
  queued: () => void = () => undefined,
): Promise<DrawnPlots> {
  try {
    const empty: DrawnPlots = { images: [], files: [], notes: [] };
    const plot = await import('../../core/plot/index.js');
    const definitions = await plotDefinitions(settings, plot);
    if (definitions.length === 0) return empty;
    const context = readContext(settings, compared, logger, plot);
    const { jobs, missing } = await collectJobs(definitions, settings.cwd, plotDirectory, context);
    const notes = missing.length > 0 ? [`Not plotted: ${missing.join(', ')} not found after the run.`] : [];
    if (jobs.length === 0) return { ...empty, notes };
    // This batch's own count: the drift charts are laid out at the same time.
    const tally = { reused: 0, compiled: 0 };
    const drawing = drawJobs(jobs, SCALE, context, tally);
    queued();
    const bytes = await drawing;
    logger.debug(`${countedOf(tally.reused, jobs.filter((job) => job.kind === 'plot').length, 'plot')} laid out with the chart drawn ahead`);
    const reportDirectory = settings.posting.baseDir;
    const images = jobs.map((job, index) => ({
      src: relative(reportDirectory, job.path).split('\\').join('/'),
      title: job.title,
      width: (pngWidth(bytes[index]!) ?? 600 * SCALE) / (job.kind === 'plot' ? SCALE : 1),
    }));
    return { images, files: jobs.map((job, index) => ({ path: job.path, data: bytes[index]! })), notes };
  } finally {
    queued();
  }
}

/**
 * Draws the report's plots once ahead, while the command runs, from the base's data (the working
 * tree's files are still being written): Vega compiles each chart then and keeps it, and its code
 * is warm, so that after the run drawing the real data is mostly feeding it in. The drawing starts
 * once the command has run a little (worthWorkingAhead), and stops before the next chart when
 * `ended` aborts. Never fails (the real drawing meets any error).
 */
export async function rehearsePlots(settings: ReportSettings, comparing: Promise<Compared>, plotDirectory: string, ended: AbortSignal): Promise<number> {
  let drawn = 0;
  try {
    const plot = await import('../../core/plot/index.js');
    const definitions = (await worthWorkingAhead(ended)) ? await plotDefinitions(settings, plot) : [];
    const compared = await comparing;
    if (definitions.length === 0 || ended.aborted) return drawn;
    const context: PlotReadContext = { ...readContext(settings, compared, createMemoryLogger('error'), plot), rehearsal: true };
    const { jobs } = await collectJobs(definitions, settings.cwd, plotDirectory, context);
    for (const job of jobs) {
      if (ended.aborted) return drawn;
      if (job.kind !== 'plot') continue;
      await plot.renderSvg(plot.toSpecInput(job.input));
      drawn += 1;
      // The command's output is streamed through between two charts.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch {
    // Drawing after the run reports what went wrong.
  }
  return drawn;
}

function readContext(settings: ReportSettings, compared: Compared, logger: Logger, plot: PlotModule): PlotReadContext {
  return {
    settings: { cwd: settings.cwd, base: compared.opened.oldCommit },
    baseLabel: compared.opened.oldLabel,
    headLabel: compared.opened.newLabel,
    logger,
    plot,
    readAtBase: treeBaseReader(compared, gitBaseReader()),
  };
}

async function plotDefinitions(settings: ReportSettings, plot: PlotModule): Promise<DvcPlot[]> {
  return settings.sources.plots ? settings.sources.plots.map((path): DvcPlot => ({ id: path, files: [{ path }] })) : await declaredPlots(settings.cwd, plot);
}

async function declaredPlots(cwd: string, plot: PlotModule): Promise<DvcPlot[]> {
  const path = join(cwd, 'dvc.yaml');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? [] : plot.readDvcPlots(text, 'dvc.yaml');
}

/** Starts loading the plot renderer (Vega, then sharp with its fonts); a failure is left for drawing to report. */
export function preloadPlotting(): void {
  import('../../core/plot/index.js').then((plot) => plot.imageLibrary()).catch(() => undefined);
}
