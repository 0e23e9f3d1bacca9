// `cml plot --dvc`: every plot of dvc.yaml, one image each, named after the plot. Every plot's
// data is read first, then the charts are drawn as one batch (layout and rasterising overlap);
// only a run that draws nothing at all fails.

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../errors.js';
import type { DvcPlot } from '../../core/plot/index.js';
import type { PlotContext } from './context.js';
import { collectJobs, drawJobs } from '../../report/plots/dvc-jobs.js';
import { displayPath } from '../../report/plots/paths.js';
import type { DvcSettings } from './settings.js';
import type { PlotOutput } from './write-image.js';

export async function plotDvcProject(settings: DvcSettings, context: PlotContext): Promise<PlotOutput[]> {
  const dvcFile = displayPath(settings.cwd, settings.dvcFile);
  const definitions = await readDefinitions(settings, dvcFile, context);
  const { jobs, missing } = await collectJobs(definitions, dirname(settings.dvcFile), settings.outDirectory, context);
  if (jobs.length === 0) {
    if (missing.length === 0) throw new UserError(`no plot of ${dvcFile} could be drawn: its plot directories hold no data or image files`);
    throw new UserError(`no plot of ${dvcFile} could be drawn: ${missing.join(', ')} not found`, {
      hint: 'run the pipeline that writes them first: dvc repro',
    });
  }
  const images = await drawJobs(jobs, settings.scale, context);
  const outputs: PlotOutput[] = [];
  for (const [index, job] of jobs.entries()) outputs.push(await context.write(job.path, images[index]!, job.title));
  return outputs;
}

async function readDefinitions(settings: DvcSettings, dvcFile: string, context: PlotContext): Promise<DvcPlot[]> {
  let text: string;
  try {
    text = await readFile(settings.dvcFile, 'utf8');
  } catch {
    throw new UserError(`no dvc.yaml in ${settings.cwd}`, { hint: 'run in the DVC project root, or pass a data file' });
  }
  const definitions = context.plot.readDvcPlots(text, dvcFile);
  if (definitions.length === 0) throw new UserError(`${dvcFile} declares no plots`, { hint: 'add a top-level `plots:` list' });
  return definitions;
}
