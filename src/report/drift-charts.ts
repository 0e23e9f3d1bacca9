// The charts of the drift report section (`cml drift --md`, `cml report`): per drifted column a
// PNG of its distribution (and, with --time-column, one of it over time), drawn in memory (the plot renderer is
// loaded only when a chart is wanted) and written by the caller together with the report.

import { dirname, join, relative } from 'node:path';
import type { Logger } from '../logger.js';
import type { OutputFile } from '../output/files.js';
import type { DriftReport } from '../core/drift/report-types.js';
import { driftPlotSpec, driftTimelineSpec } from './drift-plot.js';

const MAX_PLOTS = 20;

/** Draws several charts at once (one batch), each to PNG bytes, in order. */
export type RenderPlots = (specs: readonly Record<string, unknown>[]) => Promise<Buffer[]>;

/** Draws a chart of each drifted column (in memory, as one batch); the caller writes the files with the report. */
export async function drawPlots(
  report: DriftReport,
  markdownPath: string,
  directory: string,
  deps: { readonly logger: Logger },
): Promise<{ links: Map<string, string>; files: OutputFile[] } | undefined> {
  const drifted = report.columns.filter((column) => column.drift && column.distribution);
  if (drifted.length === 0) return undefined;
  const charts: { column: string; spec: Record<string, unknown>; file: string; title: string }[] = [];
  for (const [index, column] of drifted.slice(0, MAX_PLOTS).entries()) {
    const base = join(directory, `${String(index + 1).padStart(2, '0')}-${column.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}`);
    const candidates: [Record<string, unknown> | undefined, string, string][] = [
      [driftPlotSpec(column), `${base}.png`, `${column.name}: reference vs current`],
      [driftTimelineSpec(column), `${base}-time.png`, `${column.name} over time`],
    ];
    for (const [spec, file, title] of candidates) if (spec) charts.push({ column: column.name, spec, file, title });
  }
  const render = await loadPlotRenderer(deps.logger);
  if (!render) return undefined;
  let drawn: Buffer[];
  try {
    drawn = await render(charts.map((chart) => chart.spec));
  } catch (error) {
    // The same cause (fonts, the native image library) fails every plot alike.
    deps.logger.warn(`drift plots are unavailable: ${(error as Error).message}; the report has tables only`);
    return { links: new Map(), files: [] };
  }
  const links = new Map<string, string>();
  const files: OutputFile[] = [];
  charts.forEach((chart, index) => {
    files.push({ path: chart.file, data: drawn[index]! });
    const image = `![${chart.title}](${relative(dirname(markdownPath), chart.file).split('\\').join('/')})`;
    links.set(chart.column, links.has(chart.column) ? `${links.get(chart.column)!} ${image}` : image);
  });
  return { links, files };
}

/** The plot renderer, loaded now, drawing Vega-Lite specs as one batch; undefined (with a warning) when it cannot load. */
export async function loadPlotRenderer(logger: Logger): Promise<RenderPlots | undefined> {
  try {
    const plot = await import('../core/plot/index.js');
    return (specs) =>
      plot.renderPlots(
        specs.map((spec) => ({ spec, kind: 'vega-lite' as const })),
        { format: 'png' },
      );
  } catch (error) {
    logger.warn(`plots are unavailable (${(error as Error).message}); the report has tables only`);
    return undefined;
  }
}
