// Building the report after the run: compare with the base, draw the plots, check drift, and
// assemble the Markdown (src/report/assemble.ts) with its images, to be written together. A
// section that cannot be built (a plot or drift file the run did not write) becomes a note in the
// report instead of losing the whole report.

import { join } from 'node:path';
import { lowerIsBetterFor } from '../../core/metrics/direction.js';
import { layoutQueue } from '../../core/plot/layout-queue.js';
import type { GateOutcome } from '../../core/metrics/gates.js';
import { isUserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { OutputFile } from '../../output/files.js';
import { assembleReport } from '../../report/assemble.js';
import type { Compared } from './base.js';
import { driftAfterRun, type DriftAhead, type DriftSection } from './drift.js';
import type { RunFacts } from './execute.js';
import { drawReportPlots, type DrawnPlots } from './plots.js';
import { metricSections } from './sections.js';
import type { ReportSettings } from './settings.js';
import { imageDirectory } from './paths.js';

export interface BuiltReport {
  readonly markdown: string;
  /** The images (and the Markdown file), written at once. */
  readonly files: OutputFile[];
  readonly gates: readonly GateOutcome[];
}

export async function buildReport(
  settings: ReportSettings,
  compared: Compared,
  run: RunFacts | undefined,
  runUrl: string | undefined,
  logger: Logger,
  ahead?: { readonly drift?: Promise<DriftAhead | undefined> },
): Promise<BuiltReport> {
  const { opened } = compared;
  const images = imageDirectory(settings.markdownFile);
  const started = performance.now();
  const timed = async <T>(what: string, work: Promise<T>): Promise<T> => {
    const value = await work;
    logger.debug(`${what} ready after ${(performance.now() - started).toFixed(0)} ms`);
    return value;
  };
  // The plots' charts are laid out before the drift charts, which are smaller: a chart's
  // rasterising runs beside the layout of the charts after it, so a small one should come last
  // (src/core/plot/layout-queue.ts). The drift charts are usually ready first; they wait, while
  // the plots' data is read, until the plots are queued.
  const plotsQueued = layoutQueue.hold();
  // Independent sections are built side by side: git reads, chart layout and the drift read overlap.
  const [sections, plots, drift] = await Promise.all([
    timed('metrics and params', metricSections(settings, compared, logger)),
    timed(
      'plots',
      orNote('plots', () => drawReportPlots(settings, compared, images, logger, plotsQueued), logger),
    ),
    timed(
      'drift',
      orNote('drift', () => driftAfterRun(settings, join(images, 'drift'), logger, ahead?.drift), logger),
    ),
  ]).finally(plotsQueued);
  const drawn: DrawnPlots = typeof plots === 'string' ? { images: [], files: [], notes: [plots] } : plots;
  const driftPart: DriftSection | undefined = typeof drift === 'string' ? undefined : drift;
  const markdown = assembleReport({
    title: settings.title,
    oldLabel: opened.oldLabel,
    newLabel: opened.newLabel,
    run: run && {
      command: run.display,
      exitCode: run.exitCode,
      signal: run.signal,
      wallMs: run.wallMs,
      peakMemoryBytes: run.peakMemoryBytes,
      gpu: run.gpu,
      tail: run.tail,
    },
    metrics: sections.metrics,
    params: sections.params,
    gates: sections.gates,
    precision: settings.precision,
    lowerIsBetter: lowerIsBetterFor(settings),
    plots: drawn.images,
    plotNotes: [...drawn.notes, ...(typeof drift === 'string' ? [drift] : [])],
    drift: driftPart,
    context: { base: opened.oldLabel, head: opened.newLabel, commit: compared.headCommit, runUrl },
  });
  return { markdown, files: [...drawn.files, ...(driftPart?.files ?? [])], gates: sections.gates };
}

/** The section, or one line saying why it is missing (for mistakes in the user's files, not for bugs). */
async function orNote<T>(what: string, build: () => Promise<T>, logger: Logger): Promise<T | string> {
  try {
    return await build();
  } catch (error) {
    if (!isUserError(error)) throw error;
    const note = `No ${what}: ${(error as Error).message}`;
    logger.warn(note);
    return note;
  }
}
