// Which template a plot uses: a built-in name, or a DVC template file, as given or in
// .dvc/plots/ where DVC looks for them.

import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { TemplateContent, TemplateName } from '../../core/plot/index.js';
import type { PlotModule } from './context.js';

export interface ResolvedTemplate {
  readonly template: TemplateName | TemplateContent;
  /** Where the template's relative data URLs (if any) are read from. */
  readonly directory: string;
}

/** `directory` is where a template file is looked for, and the data URL base of a built-in one. */
export async function resolveTemplate(name: string, directory: string, plot: PlotModule): Promise<ResolvedTemplate> {
  if (plot.isTemplateName(name)) return { template: name, directory };
  const candidates = [resolve(directory, name), resolve(directory, '.dvc/plots', name), resolve(directory, '.dvc/plots', `${name}.json`)];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return { template: await readTemplateFile(candidate, plot), directory: dirname(candidate) };
  }
  throw new UserError(`unknown template "${name}"`, { hint: `use one of ${plot.TEMPLATE_NAMES.join(', ')}, or a path to a DVC template .json file` });
}

async function readTemplateFile(path: string, plot: PlotModule): Promise<TemplateContent> {
  let content: unknown;
  try {
    content = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UserError(`template ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!plot.hasDataAnchor(content) || typeof content !== 'object' || content === null) {
    throw new UserError(`template ${path} has no "<DVC_METRIC_DATA>" anchor`, {
      hint: 'a DVC template puts "<DVC_METRIC_DATA>" where the data goes; for a complete spec use --spec',
    });
  }
  return content as TemplateContent;
}
