// `cml plot --spec <file>`: a complete Vega-Lite (or Vega) spec drawn as it is.

import { dirname } from 'node:path';
import { UserError } from '../../errors.js';
import type { PlotContext } from './context.js';
import { displayPath, stem } from '../../report/plots/paths.js';
import { readText } from '../../report/plots/read-files.js';
import type { SpecSettings } from './settings.js';
import { refuseDirectory, type PlotOutput } from './write-image.js';

export async function plotSpecFile(settings: SpecSettings, context: PlotContext): Promise<PlotOutput[]> {
  await refuseDirectory(settings.out, settings.cwd);
  const source = displayPath(settings.cwd, settings.specFile);
  const spec = parseSpec(await readText(settings.specFile, 'spec file'), source, settings.specFile);
  const bytes = await context.plot.renderPlot({ spec, baseDirectory: dirname(settings.specFile), source }, { scale: settings.scale, format: settings.format });
  const title = settings.title ?? (typeof spec.title === 'string' ? spec.title : stem(settings.specFile));
  return [await context.write(settings.out, bytes, title)];
}

function parseSpec(text: string, shown: string, path: string): Record<string, unknown> {
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new UserError(`spec ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new UserError(`spec ${path} must be a JSON object`);
  return spec as Record<string, unknown>;
}
