// The TensorBoard scalars report section: a table per run (tag, points, first, last, min, max), one
// line chart per tag with every run overlaid (the base branch's runs too, when given), the JSON
// form, and the Markdown that `cml tensorboard scalars --md` prints and `cml report` composes.

import { summarize, type ScalarSeries } from '../core/tensorboard/scalars.js';
import { renderTable, type Table } from '../core/metrics/table.js';
import { escapeInline } from './markdown.js';

/** What `--json` prints. */
export function scalarsJson(series: readonly ScalarSeries[]): {
  scalars: { run: string; tag: string; points: { step: number; wallTime: number; value: number }[] }[];
} {
  return { scalars: series.map(({ run, tag, points }) => ({ run, tag, points: points.map(({ step, wallTime, value }) => ({ step, wallTime, value })) })) };
}

/** A scalar in six significant digits; whole numbers as they are. */
export function formatScalar(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** Run -> its table of tags. */
export function runTables(series: readonly ScalarSeries[]): Map<string, Table> {
  const tables = new Map<string, string[][]>();
  for (const item of series) {
    const summary = summarize(item);
    if (!summary) continue;
    const rows = tables.get(item.run) ?? [];
    rows.push([item.tag, String(summary.points), ...[summary.first, summary.last, summary.min, summary.max].map(formatScalar)]);
    tables.set(item.run, rows);
  }
  const headers = ['Tag', 'Points', 'First', 'Last', 'Min', 'Max'];
  return new Map([...tables].map(([run, rows]) => [run, { headers, rows }]));
}

/** The terminal form: `run <name>` and its table, per run. */
export function scalarsText(series: readonly ScalarSeries[]): string {
  const blocks = [...runTables(series)].map(([run, table]) => `run ${run}\n${renderTable(table, 'plain')}`);
  return blocks.length === 0 ? 'no scalars\n' : blocks.join('\n');
}

/** Label of a base-branch run in overlaid charts. */
export function baseRunLabel(run: string): string {
  return `${run} (base)`;
}

/** A line chart of one tag: step on x, value on y, one line per run (and per base run, dashed). */
export function scalarPlotSpec(tag: string, series: readonly ScalarSeries[], base: readonly ScalarSeries[] = []): Record<string, unknown> {
  const values = [
    ...series
      .filter((item) => item.tag === tag)
      .flatMap((item) => item.points.map((point) => ({ run: item.run, step: point.step, value: point.value, base: false }))),
    ...base
      .filter((item) => item.tag === tag)
      .flatMap((item) => item.points.map((point) => ({ run: baseRunLabel(item.run), step: point.step, value: point.value, base: true }))),
  ].filter((point) => Number.isFinite(point.value));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: tag,
    width: 420,
    height: 220,
    data: { values },
    mark: { type: 'line', point: values.length <= 60 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative', title: tag, scale: { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run' },
      strokeDash: { field: 'base', type: 'nominal', legend: null },
    },
  };
}

/** The tags of the series, in first-seen order. */
export function tagsOf(series: readonly ScalarSeries[]): string[] {
  return [...new Set(series.map((item) => item.tag))];
}

export interface ScalarsMarkdownOptions {
  /** Heading of the section. */
  readonly title?: string;
  /** Tag -> image path or URL, shown above the tables. */
  readonly images?: ReadonlyMap<string, string>;
}

/** The Markdown section: charts (when drawn), then a table per run. */
export function scalarsMarkdown(series: readonly ScalarSeries[], options: ScalarsMarkdownOptions = {}): string {
  const lines = [`## ${escapeInline(options.title ?? 'TensorBoard scalars')}`, ''];
  if (series.length === 0) return [...lines, 'No scalars found.', ''].join('\n');
  for (const [tag, image] of options.images ?? []) lines.push(`![${escapeInline(tag)}](${image.replace(/[ ()]/g, encodeURIComponent)})`, '');
  for (const [run, table] of runTables(series)) {
    lines.push(
      `**Run \`${run.replace(/`/g, "'")}\`**`,
      '',
      renderTable({ headers: table.headers, rows: table.rows.map((row) => [escapeInline(row[0]!), ...row.slice(1)]) }, 'markdown').trimEnd(),
      '',
    );
  }
  return lines.join('\n');
}
