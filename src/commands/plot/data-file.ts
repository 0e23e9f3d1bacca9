// `cml plot <data file>`: one data file (and with --base, the same file at the base revision)
// drawn with a DVC template.

import type { TemplatePlot } from '../../core/plot/index.js';
import type { PlotContext } from './context.js';
import { displayPath, stem } from '../../report/plots/paths.js';
import type { DataSettings } from './settings.js';
import { readSources } from '../../report/plots/sources.js';
import { resolveTemplate } from '../../report/plots/template-file.js';
import { refuseDirectory, type PlotOutput } from './write-image.js';

export async function plotDataFile(settings: DataSettings, context: PlotContext): Promise<PlotOutput[]> {
  await refuseDirectory(settings.out, settings.cwd);
  const { chart } = settings;
  const templateName = chart.template ?? 'linear';
  const sources = await readSources(settings.dataFile, displayPath(settings.cwd, settings.dataFile), context, {
    template: templateName,
    x: chart.x,
    y: chart.y,
  });
  const { template, directory } = await resolveTemplate(templateName, settings.cwd, context.plot);
  const input: TemplatePlot = {
    template,
    sources,
    x: chart.x,
    y: chart.y,
    title: chart.title,
    xLabel: chart.xLabel,
    yLabel: chart.yLabel,
    baseDirectory: directory,
  };
  const bytes = await context.plot.renderPlot(input, { scale: settings.scale, format: settings.format });
  return [await context.write(settings.out, bytes, chart.title ?? stem(settings.dataFile))];
}
