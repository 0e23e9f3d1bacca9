// The plots of the report: dvc.yaml's `plots:` (or the --plots files, drawn with the linear
// template), each with the base revision overlaid and both named by branch, drawn as one batch and
// written beside the report. A plot whose data is missing is skipped with a note, as DVC does.

import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DvcPlot } from '../../core/plot/index.js';
import type { Logger } from '../../logger.js';
import type { OutputFile } from '../../output/files.js';
import { pngWidth, type GalleryImage } from '../../report/gallery.js';
import { gitBaseReader } from '../../report/plots/base-revision.js';
import type { PlotReadContext } from '../../report/plots/context.js';
import { collectJobs, drawJobs } from '../../report/plots/dvc-jobs.js';
import type { Compared } from './base.js';
import { treeBaseReader } from './base-ahead.js';
import type { ReportSettings } from './settings.js';

const SCALE = 2;

export interface DrawnPlots {
  readonly images: GalleryImage[];
  readonly files: OutputFile[];
  readonly notes: string[];
}

export async function drawReportPlots(settings: ReportSettings, compared: Compared, plotDirectory: string, logger: Logger): Promise<DrawnPlots> {
  const empty: DrawnPlots = { images: [], files: [], notes: [] };
  const plot = await import('../../core/plot/index.js');
  const definitions = settings.sources.plots
    ? settings.sources.plots.map((path): DvcPlot => ({ id: path, files: [{ path }] }))
    : await declaredPlots(settings.cwd, plot);
  if (definitions.length === 0) return empty;
  const context: PlotReadContext = {
    settings: { cwd: settings.cwd, base: compared.opened.oldCommit },
    baseLabel: compared.opened.oldLabel,
    headLabel: compared.opened.newLabel,
    logger,
    plot,
    readAtBase: treeBaseReader(compared, gitBaseReader()),
  };
  const { jobs, missing } = await collectJobs(definitions, settings.cwd, plotDirectory, context);
  const notes = missing.length > 0 ? [`Not plotted: ${missing.join(', ')} not found after the run.`] : [];
  if (jobs.length === 0) return { ...empty, notes };
  const bytes = await drawJobs(jobs, SCALE, context);
  const reportDirectory = settings.posting.baseDir;
  const images = jobs.map((job, index) => ({
    src: relative(reportDirectory, job.path).split('\\').join('/'),
    title: job.title,
    width: (pngWidth(bytes[index]!) ?? 600 * SCALE) / (job.kind === 'plot' ? SCALE : 1),
  }));
  return { images, files: jobs.map((job, index) => ({ path: job.path, data: bytes[index]! })), notes };
}

async function declaredPlots(cwd: string, plot: typeof import('../../core/plot/index.js')): Promise<DvcPlot[]> {
  const path = join(cwd, 'dvc.yaml');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? [] : plot.readDvcPlots(text, 'dvc.yaml');
}

/**
 * Loads the plot renderer (Vega, the fonts, sharp) in the background, so that it is ready when the
 * training command ends instead of being loaded after it. A failure is left for drawing to report.
 */
export function preloadPlotting(): void {
  import('../../core/plot/index.js').catch(() => undefined);
}
