// Metrics along a branch's history: one row per commit and file (the layout of
// `dvc metrics show --all-commits`, with the commit date), and a Vega-Lite trend spec.

import { compareText } from './diff.js';
import type { RevisionValues } from './diff.js';
import { pythonJson, toNumber } from './python.js';
import { formatCell, type Table } from './table.js';

export interface HistoryPoint {
  readonly sha: string;
  /** ISO 8601 committer date. */
  readonly date: string;
  readonly subject: string;
  readonly values: RevisionValues;
}

/** Newest first, as git log lists them. */
export function historyTable(points: readonly HistoryPoint[], precision: number): Table {
  const keys = new Set<string>();
  for (const point of points) for (const flat of point.values.values()) for (const key of flat?.keys() ?? []) keys.add(key);
  const columns = [...keys].sort(compareText);
  const rows: string[][] = [];
  for (const point of points) {
    for (const [path, flat] of point.values) {
      if (flat === undefined) continue;
      rows.push([point.sha.slice(0, 7), point.date.slice(0, 10), path, ...columns.map((key) => (flat.has(key) ? formatCell(flat.get(key), precision) : '-'))]);
    }
  }
  return { headers: ['Revision', 'Date', 'Path', ...columns], rows };
}

export interface HistoryJsonEntry {
  readonly rev: string;
  readonly date: string;
  readonly subject: string;
  readonly data: Map<string, unknown>;
}

export function historyJson(points: readonly HistoryPoint[]): string {
  return pythonJson(
    points.map((point) => ({
      rev: point.sha,
      date: point.date,
      subject: point.subject,
      data: new Map([...point.values].filter(([, flat]) => flat !== undefined).map(([path, flat]) => [path, new Map(flat)])),
    })),
  );
}

export interface TrendSeries {
  readonly key: string;
  readonly path: string;
}

/** The numeric series a trend plot can show: every (path, key) with a number in some commit. */
export function numericSeries(points: readonly HistoryPoint[]): TrendSeries[] {
  const seen = new Map<string, TrendSeries>();
  for (const point of points) {
    for (const [path, flat] of point.values) {
      for (const [key, value] of flat ?? []) {
        const number = toNumber(value);
        if (number === undefined || !Number.isFinite(number)) continue;
        const id = `${path}\0${key}`;
        if (!seen.has(id)) seen.set(id, { key, path });
      }
    }
  }
  return [...seen.values()].sort((a, b) => compareText(a.path, b.path) || compareText(a.key, b.key));
}

/**
 * A Vega-Lite v5 spec: x = commit (oldest left, in commit order, labelled by short sha), y = value,
 * one line per metric. Several files with the same key are told apart as `path:key`.
 */
export function trendSpec(points: readonly HistoryPoint[], series: readonly TrendSeries[], title: string): Record<string, unknown> {
  const keyCount = new Map<string, number>();
  for (const item of series) keyCount.set(item.key, (keyCount.get(item.key) ?? 0) + 1);
  const wanted = new Set(series.map((item) => `${item.path}\0${item.key}`));
  const ordered = [...points].reverse();
  const values: Record<string, unknown>[] = [];
  ordered.forEach((point, index) => {
    for (const [path, flat] of point.values) {
      for (const [key, value] of flat ?? []) {
        if (!wanted.has(`${path}\0${key}`)) continue;
        const number = toNumber(value);
        if (number === undefined || !Number.isFinite(number)) continue;
        const name = (keyCount.get(key) ?? 0) > 1 ? `${path}:${key}` : key === '' ? path : key;
        values.push({ step: index, rev: point.sha.slice(0, 7), date: point.date, subject: point.subject, metric: name, value: number });
      }
    }
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 600,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'rev', type: 'ordinal', title: 'commit', sort: { field: 'step' } },
      y: { field: 'value', type: 'quantitative', title: 'value', scale: { zero: false } },
      color: { field: 'metric', type: 'nominal', title: 'metric' },
      tooltip: [
        { field: 'metric', type: 'nominal' },
        { field: 'value', type: 'quantitative' },
        { field: 'rev', type: 'nominal' },
        { field: 'date', type: 'temporal' },
        { field: 'subject', type: 'nominal' },
      ],
    },
  };
}
