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
      x: { field: 'bin', type: 'nominal', sort: { field: 'order' }, title: column.comparedAs === 'numeric' ? 'reference quantile bin' : 'category', axis: { labelAngle: -45, labelLimit: 90 } },
      xOffset: { field: 'dataset', sort: ['reference', 'current'] },
      y: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '%' } },
      color: { field: 'dataset', type: 'nominal', sort: ['reference', 'current'], scale: { range: ['#4c78a8', '#f58518'] }, title: null },
    },
  };
}
