// `metrics history --plot`: the trend of every numeric metric along the commits, written as a
// Vega-Lite spec (.json) or drawn to .png/.svg by the plot engine, which is loaded only here.

import { UsageError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { numericSeries, trendSpec, type HistoryPoint } from '../../core/metrics/history.js';
import { writeOutputs } from '../../output/files.js';

const MAX_PLOT_SERIES = 20;

export async function writeTrend(file: string, points: readonly HistoryPoint[], range: string, logger: Logger): Promise<string> {
  let series = numericSeries(points);
  if (series.length > MAX_PLOT_SERIES) {
    logger.warn(`${series.length} numeric metrics; the trend plot shows the first ${MAX_PLOT_SERIES} (narrow it with --targets)`);
    series = series.slice(0, MAX_PLOT_SERIES);
  }
  const spec = trendSpec(points, series, `Metrics along ${range}`);
  const format = plotFormat(file);
  if (format === 'json') {
    await writeOutputs([{ path: file, data: JSON.stringify(spec, null, 2) + '\n' }]);
    logger.info(`wrote the Vega-Lite trend spec to ${file}`);
    return file;
  }
  // Loaded only here: the plot engine (vega, sharp) is large and most runs do not draw.
  const { renderPlot } = await import('../../core/plot/index.js');
  await writeOutputs([{ path: file, data: await renderPlot({ spec, kind: 'vega-lite', source: 'trend plot' }, { format }) }]);
  logger.info(`wrote the trend plot to ${file}`);
  return file;
}

export function plotFormat(file: string): 'png' | 'svg' | 'json' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.png')) return 'png';
  if (lower.endsWith('.svg')) return 'svg';
  if (lower.endsWith('.json')) return 'json';
  throw new UsageError(`--plot ${file}: the file name must end with .png, .svg or .json (a Vega-Lite spec, e.g. trend.vl.json)`);
}
