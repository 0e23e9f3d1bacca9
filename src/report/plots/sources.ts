// A data file's series: the working tree's, and with --base the same file at the base revision
// first (drawn in its own colour, as `dvc plots diff` does). CSV and TSV files are read in chunks
// keeping only the columns the plot draws, so a large file is never one string in memory.

import { createReadStream } from 'node:fs';
import { isUserError } from '../../errors.js';
import { FileNotAtRevision } from '../../git/show-file.js';
import type { DataFormat, PlotSource, Row } from '../../core/plot/index.js';
import type { PlotReadContext as PlotContext } from './context.js';
import { readFailure, readText } from './read-files.js';

/** What the plot draws of the file: the template's name (or file) and the fields asked for. */
export interface PlottedFields {
  readonly template: string;
  readonly x?: string | undefined;
  readonly y?: readonly string[] | undefined;
}

/** `label` is the file as shown to the user. */
export async function readSources(dataFile: string, label: string, context: PlotContext, fields: PlottedFields): Promise<PlotSource[]> {
  const { plot } = context;
  const base = context.settings.base;
  const format = plot.dataFormatOf(dataFile);
  if (context.rehearsal && base) {
    const rows = await parseRows((await context.readAtBase(dataFile, base)).toString('utf8'), format, label, context, fields);
    return [
      { rows, revision: context.baseLabel ?? base, file: label },
      { rows, revision: context.headLabel ?? plot.WORKSPACE, file: label },
    ];
  }
  const rows = await readRows(dataFile, format, label, context, fields);
  const sources: PlotSource[] = [];
  if (base) {
    try {
      const text = (await context.readAtBase(dataFile, base)).toString('utf8');
      sources.push({ rows: await parseRows(text, format, `${label} at ${base}`, context, fields), revision: context.baseLabel ?? base, file: label });
    } catch (error) {
      // A file this change adds has no base to compare with; `dvc plots diff` then draws the workspace alone.
      if (!(error instanceof FileNotAtRevision)) throw error;
      context.logger.warn(`${label} is not in ${base}: plotting the working tree only`);
    }
  }
  sources.push({ rows, revision: context.headLabel ?? plot.WORKSPACE, file: label });
  return sources;
}

async function readRows(path: string, format: DataFormat, label: string, context: PlotContext, fields: PlottedFields): Promise<Row[]> {
  if (format !== 'csv' && format !== 'tsv') return context.plot.parseData(await readText(path, 'data file'), format, label);
  try {
    return await context.plot.readDelimitedRows(
      createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }),
      format,
      label,
      keepColumns(context, fields),
    );
  } catch (error) {
    throw isUserError(error) ? error : readFailure(error, path, 'data file');
  }
}

async function parseRows(text: string, format: DataFormat, label: string, context: PlotContext, fields: PlottedFields): Promise<Row[]> {
  if (format !== 'csv' && format !== 'tsv') return context.plot.parseData(text, format, label);
  return context.plot.readDelimitedRows([text], format, label, keepColumns(context, fields));
}

function keepColumns(context: PlotContext, fields: PlottedFields): (header: readonly string[]) => readonly string[] | undefined {
  return (header) => context.plot.plottedColumns(header, fields);
}
