// The charts of the drift report section (`cml drift --md`, `cml report`): per drifted column a
// PNG of its distribution (and, with --time-column, one of it over time), drawn in memory (the plot renderer is
// loaded only when a chart is wanted) and written by the caller together with the report.

import { dirname, join, relative } from 'node:path';
import type { Logger } from '../logger.js';
import type { OutputFile } from '../output/files.js';
import type { DriftReport } from '../core/drift/report-types.js';
import { driftPlotSpec, driftTimelineSpec } from './drift-plot.js';

export type RenderPlot = (spec: Record<string, unknown>) => Promise<Buffer>;

const MAX_PLOTS = 20;

/** Draws a chart of each drifted column (in memory); the caller writes the files with the report. */
export async function drawPlots(
  report: DriftReport,
  markdownPath: string,
  directory: string,
  deps: { readonly logger: Logger; readonly renderPlot?: RenderPlot },
): Promise<{ links: Map<string, string>; files: OutputFile[] } | undefined> {
  const drifted = report.columns.filter((column) => column.drift && column.distribution);
  if (drifted.length === 0) return undefined;
  const render = deps.renderPlot ?? (await loadPlotRenderer(deps.logger));
  if (!render) return undefined;
  const links = new Map<string, string>();
  const files: OutputFile[] = [];
  for (const [index, column] of drifted.slice(0, MAX_PLOTS).entries()) {
    const base = join(directory, `${String(index + 1).padStart(2, '0')}-${column.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}`);
    const charts: [Record<string, unknown> | undefined, string, string][] = [
      [driftPlotSpec(column), `${base}.png`, `${column.name}: reference vs current`],
      [driftTimelineSpec(column), `${base}-time.png`, `${column.name} over time`],
    ];
    const images: string[] = [];
    for (const [spec, file, title] of charts) {
      if (!spec) continue;
      try {
        files.push({ path: file, data: await render(spec) });
      } catch (error) {
        // The same cause (fonts, the native image library) would fail every other plot too.
        deps.logger.warn(`drift plots are unavailable: ${(error as Error).message}; the report has tables only`);
        return { links, files };
      }
      images.push(`![${title}](${relative(dirname(markdownPath), file).split('\\').join('/')})`);
    }
    if (images.length > 0) links.set(column.name, images.join(' '));
  }
  return { links, files };
}

export async function loadPlotRenderer(logger: Logger): Promise<RenderPlot | undefined> {
  try {
    const plot = await import('../core/plot/index.js');
    return (spec) => plot.renderPlot({ spec, kind: 'vega-lite' }, { format: 'png' });
  } catch (error) {
    logger.warn(`plots are unavailable (${(error as Error).message}); the report has tables only`);
    return undefined;
  }
}
