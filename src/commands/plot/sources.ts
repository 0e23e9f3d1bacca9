// A data file's series: the working tree's, and with --base the same file at the base revision
// first (drawn in its own colour, as `dvc plots diff` does).

import { FileNotAtRevision } from '../../git/show-file.js';
import type { PlotSource } from '../../core/plot/index.js';
import type { PlotContext } from './context.js';
import { readText } from './read-files.js';

/** `label` is the file as shown to the user. */
export async function readSources(dataFile: string, label: string, context: PlotContext): Promise<PlotSource[]> {
  const { plot } = context;
  const base = context.settings.base;
  const format = plot.dataFormatOf(dataFile);
  const text = await readText(dataFile, 'data file');
  const sources: PlotSource[] = [];
  if (base) {
    try {
      const bytes = await context.readAtBase(dataFile, base);
      sources.push({ rows: plot.parseData(bytes.toString('utf8'), format, `${label} at ${base}`), revision: base, file: label });
    } catch (error) {
      // A file this change adds has no base to compare with; `dvc plots diff` then draws the workspace alone.
      if (!(error instanceof FileNotAtRevision)) throw error;
      context.logger.warn(`${label} is not in ${base}: plotting the working tree only`);
    }
  }
  sources.push({ rows: plot.parseData(text, format, label), revision: plot.WORKSPACE, file: label });
  return sources;
}
