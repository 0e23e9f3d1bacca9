// `cml tensorboard scalars` run: read the logdir's scalars (src/core/tensorboard), warn once per
// damaged file, draw one chart per tag when asked, and render the table, JSON or Markdown.

import { join, relative } from 'node:path';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { writeOutputs, type OutputFile } from '../../output/files.js';
import { describeIssue, readLogdirScalars } from '../../core/tensorboard/logdir.js';
import { selectTags, type ScalarSeries } from '../../core/tensorboard/scalars.js';
import { scalarPlotSpec, scalarsJson, scalarsMarkdown, scalarsText, tagsOf } from '../../report/tensorboard.js';
import type { TensorboardScalarsSettings } from './scalars-settings.js';

export type RenderPlot = (spec: Record<string, unknown>) => Promise<Buffer>;

export interface TensorboardScalarsDeps {
  readonly logger: Logger;
  /** Draws a Vega-Lite spec to PNG bytes; default: the plot code in src/core/plot. */
  readonly renderPlot?: RenderPlot;
}

export interface TensorboardScalarsOutcome {
  readonly series: readonly ScalarSeries[];
  readonly output: string;
  /** The charts written, tag -> path. */
  readonly plots: ReadonlyMap<string, string>;
}

export async function runTensorboardScalars(settings: TensorboardScalarsSettings, deps: TensorboardScalarsDeps): Promise<TensorboardScalarsOutcome> {
  const { logger } = deps;
  const read = await readLogdirScalars(settings.logdir);
  if (read.files === 0) {
    throw new UserError(`no TensorBoard event files (events.out.tfevents.*) under ${settings.logdir}`, {
      hint: 'pass the folder your training wrote its logs to (SummaryWriter(log_dir=...))',
    });
  }
  for (const issue of read.issues) logger.warn(describeIssue(issue));
  const series = selectTags(read.series, settings.tags);
  if (settings.tags.length > 0) {
    const found = new Set(series.map((item) => item.tag));
    const missing = settings.tags.filter((tag) => !found.has(tag));
    if (missing.length > 0) logger.warn(`no scalars tagged ${missing.join(', ')}; the logdir has ${tagsOf(read.series).join(', ') || 'no scalars'}`);
  }
  logger.debug(`read ${read.files} event files: ${series.length} scalar series`);
  const plots = settings.plots ? await drawPlots(series, settings.plots, deps) : new Map<string, string>();
  let output: string;
  if (settings.format === 'json') output = JSON.stringify(scalarsJson(series)) + '\n';
  else if (settings.format === 'markdown') {
    const images = new Map([...plots].map(([tag, path]) => [tag, relative(settings.cwd, path).split('\\').join('/')]));
    output = scalarsMarkdown(series, { images });
  } else output = scalarsText(series);
  return { series, output, plots };
}

async function drawPlots(series: readonly ScalarSeries[], directory: string, deps: TensorboardScalarsDeps): Promise<Map<string, string>> {
  const render = deps.renderPlot ?? (await defaultRenderer());
  const files: OutputFile[] = [];
  const paths = new Map<string, string>();
  const used = new Set<string>();
  for (const tag of tagsOf(series)) {
    let name =
      tag
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .replace(/^\.+/, '_')
        .slice(0, 80) || 'tag';
    for (let index = 2; used.has(name.toLowerCase()); index += 1) name = `${name.replace(/-\d+$/, '')}-${index}`;
    used.add(name.toLowerCase());
    const path = join(directory, `${name}.png`);
    files.push({ path, data: await render(scalarPlotSpec(tag, series)) });
    paths.set(tag, path);
  }
  await writeOutputs(files);
  return paths;
}

async function defaultRenderer(): Promise<RenderPlot> {
  const plot = await import('../../core/plot/index.js');
  return (spec) => plot.renderPlot({ spec, kind: 'vega-lite' }, { format: 'png' });
}
