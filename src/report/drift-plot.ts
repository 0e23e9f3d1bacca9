// A small Vega-Lite chart of a drifted column: reference and current shares side by side per
// quantile bin (numeric) or category. Part of the drift report section: its image sits under the
// column's table, so whatever composes the section draws the same charts.

import type { ColumnReport } from '../core/drift/report-types.js';

export function driftPlotSpec(column: ColumnReport): Record<string, unknown> | undefined {
  const distribution = column.distribution;
  if (!distribution || distribution.labels.length === 0) return undefined;
  const values = distribution.labels.flatMap((label, index) => [
    { bin: label, order: index, dataset: 'reference', share: distribution.reference[index] ?? 0 },
    { bin: label, order: index, dataset: 'current', share: distribution.current[index] ?? 0 },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${column.name}: reference vs current`,
    width: Math.min(480, 24 * distribution.labels.length + 60),
    height: 160,
    data: { values },
    mark: 'bar',
    encoding: {
      x: {
        field: 'bin',
        type: 'nominal',
        sort: { field: 'order' },
        title: column.comparedAs === 'numeric' ? 'reference quantile bin' : 'category',
        axis: { labelAngle: -45, labelLimit: 90 },
      },
      xOffset: { field: 'dataset', sort: ['reference', 'current'] },
      y: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '%' } },
      color: { field: 'dataset', type: 'nominal', sort: ['reference', 'current'], scale: { range: ['#4c78a8', '#f58518'] }, title: null },
    },
  };
}

/** A drifted column over time (--time-column): each window's mean and 10–90% band against the reference's. */
export function driftTimelineSpec(column: ColumnReport): Record<string, unknown> | undefined {
  const timeline = column.timeline;
  if (!timeline || timeline.windows.length === 0) return undefined;
  const values = timeline.windows.map((window, order) => ({ from: window.from, order, mean: window.mean, p10: window.p10, p90: window.p90 }));
  const x = { field: 'from', type: 'ordinal', sort: { field: 'order' }, title: 'window of current data, from', axis: { labelAngle: -45, labelLimit: 90 } };
  const { reference } = timeline;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${column.name} over time: ${column.pattern ?? ''}${column.changePoint !== undefined ? ` from ${column.changePoint}` : ''}`,
    width: Math.min(480, 40 * values.length + 60),
    height: 160,
    data: { values },
    layer: [
      // One datum each, or the band would be drawn once per window and lose its transparency.
      {
        data: { values: [{}] },
        mark: { type: 'rect', color: '#4c78a8', opacity: 0.15 },
        encoding: { y: { datum: reference.p10 }, y2: { datum: reference.p90 } },
      },
      { data: { values: [{}] }, mark: { type: 'rule', color: '#4c78a8' }, encoding: { y: { datum: reference.mean } } },
      {
        mark: { type: 'area', color: '#f58518', opacity: 0.25 },
        encoding: { x, y: { field: 'p10', type: 'quantitative', title: column.name }, y2: { field: 'p90' } },
      },
      { mark: { type: 'line', color: '#f58518', point: { color: '#f58518' } }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } },
    ],
  };
}
