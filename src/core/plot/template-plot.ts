// Data + a DVC template -> a Vega-Lite spec.
//
// A plot draws one or more sources (a data file at a revision) and one or more y fields. As in
// `dvc plots show|diff`, every series is labelled in the `rev` field by what tells it apart from the
// others (revision, file, field), x defaults to a `step` index and y to the last field, and a field
// that is not in the data is a UserError naming the fields that are.

import { UserError } from '../../errors.js';
import { fieldsOf, type Row } from './data.js';
import { MAX_SERIES_POINTS, seriesRows } from './downsample.js';
import { confusionHeader, METRIC_FIELD, metricColourRevisionDash, SERIES_REVISION_FIELD } from './series-style.js';
import {
  REVISION_FIELD,
  builtInTemplate,
  fillTemplate,
  isConfusionTemplate,
  isTemplateName,
  quantitativeAnchors,
  type TemplateContent,
  type TemplateName,
} from './templates.js';
import { grouped } from '../../words.js';

/** The revision label of data read from the working tree (DVC's name for it). */
export const WORKSPACE = 'workspace';
/** The x field made up when the data has no `step` and no x was chosen: the row number. */
export const INDEX_FIELD = 'step';

export interface PlotSource {
  readonly rows: readonly Row[];
  /** `workspace` or a git revision. */
  readonly revision: string;
  /** The data file, as the user named it (used in labels and errors). */
  readonly file: string;
  /** Fields for this file only (dvc.yaml's `y: {file: field}`); else the plot's are used. */
  readonly x?: string | undefined;
  readonly y?: readonly string[] | undefined;
}

export interface TemplatePlot {
  /** A built-in template, or the content of a DVC template file. */
  readonly template: TemplateName | TemplateContent;
  readonly sources: readonly PlotSource[];
  readonly x?: string | undefined;
  readonly y?: readonly string[] | undefined;
  readonly title?: string | undefined;
  readonly xLabel?: string | undefined;
  readonly yLabel?: string | undefined;
  /** Where relative data URLs in a template file are read from (see SpecInput.baseDirectory). */
  readonly baseDirectory?: string | undefined;
}

export const INFERRED_X = 'x';
export const INFERRED_Y = 'value';

interface Resolved {
  readonly source: PlotSource;
  readonly x: string;
  readonly generatedX: boolean;
  readonly y: readonly string[];
}

/** Builds the Vega-Lite spec for a template plot; validates fields against the data. */
export function templateSpec(plot: TemplatePlot): Record<string, unknown> {
  if (plot.sources.length === 0) throw new UserError('nothing to plot: no data');
  const templateName = typeof plot.template === 'string' ? plot.template : undefined;
  const confusion = isConfusionTemplate(templateName);
  const template = typeof plot.template === 'string' ? builtInTemplate(plot.template) : plot.template;
  const numeric = quantitativeAnchors(template);
  const resolved = plot.sources.map((source) => resolveFields(source, plot, confusion));
  for (const entry of resolved) checkNumeric(entry, numeric, templateName);

  const xNames = unique(resolved.map((entry) => entry.x));
  const yNames = unique(resolved.flatMap((entry) => entry.y));
  const revisions = unique(plot.sources.map((source) => source.revision));
  const files = unique(plot.sources.map((source) => source.file));
  const seriesCount = resolved.reduce((count, entry) => count + entry.y.length, 0);

  const label = (source: PlotSource, field: string): string => {
    const parts: string[] = [];
    if (revisions.length > 1) parts.push(source.revision);
    if (files.length > 1) parts.push(source.file);
    if (yNames.length > 1 || (seriesCount > 1 && parts.length === 0)) parts.push(field);
    return parts.length > 0 ? parts.join('::') : source.revision;
  };

  const wide = xNames.length === 1 && yNames.length === 1 && !resolved.some((entry) => entry.generatedX);
  const builtIn = typeof plot.template === 'string' ? plot.template : undefined;
  // Several metrics of several revisions: colour says the metric, the stroke the revision.
  const metricsApart = builtIn !== undefined && LINE_TEMPLATES.has(builtIn) && yNames.length > 1 && revisions.length > 1 && files.length === 1;
  const xField = xNames.length === 1 ? xNames[0]! : INFERRED_X;
  const yField = yNames.length === 1 ? yNames[0]! : INFERRED_Y;
  const data: Row[] = [];
  const downsample = typeof plot.template === 'string' && LINE_TEMPLATES.has(plot.template);
  let longest = 0;
  for (const entry of resolved) {
    const add = (row: Row, index: number, field: string): void => {
      if (wide) {
        // Keep every field: custom templates and confusion matrices may use the others.
        data.push({ ...row, [REVISION_FIELD]: label(entry.source, field) });
      } else {
        data.push({
          [xField]: entry.generatedX ? index : row[entry.x],
          [yField]: row[field],
          [REVISION_FIELD]: label(entry.source, field),
          ...(metricsApart ? { [METRIC_FIELD]: field, [SERIES_REVISION_FIELD]: entry.source.revision } : {}),
        });
      }
    };
    const kept = entry.y.map((field) => (downsample ? seriesRows(entry.source.rows, entry.x, entry.generatedX, field) : undefined));
    if (kept.every((rows) => rows === undefined)) {
      entry.source.rows.forEach((row, index) => entry.y.forEach((field) => add(row, index, field)));
      continue;
    }
    longest = Math.max(longest, entry.source.rows.length);
    entry.y.forEach((field, position) => {
      for (const index of kept[position] ?? entry.source.rows.keys()) add(entry.source.rows[index]!, index, field);
    });
  }

  if (typeof plot.template === 'string' && !confusion && (files.length > 1 || yNames.length > 1 || revisions.length > 1)) {
    // The legend then lists files, fields or revisions by name: a "rev" heading adds nothing.
    // (A confusion matrix's colour legend is its scale, which keeps its title.)
    untitleLegend(template);
  }
  const spec = fillTemplate(template, {
    data,
    x: xField,
    y: yField,
    title: plot.title,
    xLabel: plot.xLabel ?? xNames.join(', '),
    yLabel: plot.yLabel ?? yNames.join(', '),
  });
  if (metricsApart) metricColourRevisionDash(spec, revisions);
  if (confusion) confusionHeader(spec, revisions.length);
  if (longest > 0) stateDownsampling(spec, longest);
  return spec;
}

/** Templates that draw each series as a line over x, where a long series is downsampled (LTTB). */
const LINE_TEMPLATES: ReadonlySet<string> = new Set(['linear', 'simple', 'smooth']);

/** Says on the chart, under its title, that long series were downsampled and to how many points. */
function stateDownsampling(spec: Record<string, unknown>, longest: number): void {
  const subtitle = `series of up to ${grouped(longest)} points drawn as ${grouped(MAX_SERIES_POINTS)} (LTTB downsampling)`;
  const title = spec.title;
  spec.title =
    typeof title === 'object' && title !== null ? { ...title, subtitle } : { text: typeof title === 'string' ? title : '', anchor: 'middle', subtitle };
}

/**
 * The columns of a data file with this header that a built-in template draws (x, or `step`, and
 * the y fields, by the same defaults as the plot), so a wide file need not be held whole; undefined
 * (every column) for a template file, which may use any field, for confusion matrices, whose
 * defaults look at the data, and when a field is not in the header, so the error lists them all.
 */
export function plottedColumns(
  header: readonly string[],
  plot: { readonly template: string; readonly x?: string | undefined; readonly y?: readonly string[] | undefined },
): string[] | undefined {
  if (!isTemplateName(plot.template) || isConfusionTemplate(plot.template)) return undefined;
  const x = plot.x ?? INDEX_FIELD;
  const y =
    plot.y && plot.y.length > 0
      ? plot.y
      : [...header]
          .reverse()
          .filter((field) => field !== x)
          .slice(0, 1);
  if (plot.x !== undefined && !header.includes(plot.x)) return undefined;
  if (y.length === 0 || y.some((field) => !header.includes(field))) return undefined;
  return [x, ...y];
}

function resolveFields(source: PlotSource, plot: TemplatePlot, confusion: boolean): Resolved {
  const available = fieldsOf(source.rows);
  const where = source.revision === WORKSPACE ? source.file : `${source.file} at ${source.revision}`;
  if (source.rows.length === 0) throw new UserError(`${where} has no rows to plot`);
  const check = (field: string, flag: string): void => {
    if (!available.includes(field)) {
      throw new UserError(`field "${field}" (${flag}) is not in ${where}`, { hint: `available fields: ${available.join(', ')}` });
    }
  };

  let x = source.x ?? plot.x;
  let y = source.y ?? plot.y;
  if (confusion) {
    // DVC's confusion templates want the true and the predicted class; these names are its examples'.
    x ??= available.includes('actual') ? 'actual' : available[0];
    y ??= [available.includes('predicted') ? 'predicted' : (available.find((field) => field !== x) ?? '')];
  }
  let generatedX = false;
  if (x === undefined) {
    x = INDEX_FIELD;
    generatedX = !available.includes(INDEX_FIELD);
  } else {
    check(x, '-x');
  }
  if (y === undefined || y.length === 0) {
    const last = [...available].reverse().find((field) => field !== x);
    if (last === undefined) throw new UserError(`${where} has only the field "${x}": nothing to plot against it`);
    y = [last];
  }
  for (const field of y) check(field, '-y');
  if (confusion && y.length > 1) throw new UserError('a confusion matrix takes one -y field (the predicted class)');
  return { source, x, generatedX, y };
}

/**
 * A field the template draws on a numeric axis must hold at least one value that axis can place:
 * with none, Vega draws the axes and the legend around nothing, which is worse than an error.
 * (Categorical axes, as in the confusion and bar templates, take text and are not checked.)
 */
function checkNumeric(entry: Resolved, numeric: { readonly x: boolean; readonly y: boolean }, templateName: string | undefined): void {
  const { source } = entry;
  const where = source.revision === WORKSPACE ? source.file : `${source.file} at ${source.revision}`;
  const check = (field: string, flag: string): void => {
    if (source.rows.some((row) => isNumeric(row[field]))) return;
    const sample = source.rows.map((row) => row[field]).find((value) => value !== undefined && value !== null && value !== '');
    const shown = sample === undefined ? 'it is empty in every row' : `values such as ${JSON.stringify(sample)} are not numbers`;
    const template = templateName === undefined ? 'the template' : `the ${templateName} template`;
    throw new UserError(`field "${field}" (${flag}) has no numeric values in ${where}`, { hint: `${shown}; ${template} draws ${flag} on a numeric axis` });
  };
  if (numeric.x && !entry.generatedX) check(entry.x, '-x');
  if (numeric.y) for (const field of entry.y) check(field, '-y');
}

/** Whether Vega places the value on a quantitative scale (it reads numbers, numeric text and booleans). */
function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  if (typeof value === 'string') return value.trim() !== '' && Number.isFinite(Number(value));
  return false;
}

/** Sets `legend.title: null` on every colour encoding (top level and in layers). */
function untitleLegend(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(untitleLegend);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const encoding = record.encoding as Record<string, unknown> | undefined;
  const color = encoding?.color;
  if (color && typeof color === 'object' && !Array.isArray(color)) {
    const legend = (color as Record<string, unknown>).legend;
    (color as Record<string, unknown>).legend = legend && typeof legend === 'object' ? { ...legend, title: null } : { title: null };
  }
  for (const key of ['layer', 'spec']) if (key in record) untitleLegend(record[key]);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
