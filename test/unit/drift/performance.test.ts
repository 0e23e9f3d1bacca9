// Concept drift: the same inputs, a model that got worse. Numbers from scipy:
//   chi2_contingency([[20, 180], [60, 140]], correction=False) -> chi2 25.0 (z = 5), p 5.733031437583875e-07
//   ks_2samp(|e|, |1.6 e|) with e = ((i * 37) % 101) / 100 - 0.5, i < 200 -> D 0.38, p 2.9623487356936016e-13

import { describe, expect, it } from 'vitest';
import { analyzeDrift } from '../../../src/core/drift/analyze.js';
import { DEFAULT_CONFIG } from '../../../src/core/drift/config.js';
import { ColumnBuilder } from '../../../src/core/drift/read/column-builder.js';
import type { Dataset } from '../../../src/core/drift/types.js';

function dataset(path: string, table: Record<string, readonly (number | string)[]>): Dataset {
  const columns = Object.entries(table).map(([name, cells]) => {
    const builder = new ColumnBuilder(name);
    for (const cell of cells) {
      if (typeof cell === 'number') builder.pushNumber(cell);
      else builder.pushText(cell);
    }
    return builder.finish();
  });
  return { path, format: 'csv', rows: columns[0]!.rows, columns };
}

const rows = Array.from({ length: 200 }, (_, i) => i);
const settings = { config: DEFAULT_CONFIG, target: 'y', prediction: 'p' };

describe('performance (concept drift)', () => {
  it('classification: identical features, accuracy 90% -> 70% is drift by the two-proportion test', () => {
    const feature = rows.map((i) => (i * 7) % 13);
    const y = rows.map((i) => (i % 2 === 0 ? 'cat' : 'dog'));
    const flip = (label: string) => (label === 'cat' ? 'dog' : 'cat');
    const reference = dataset('ref', { x: feature, y, p: y.map((label, i) => (i % 10 === 0 ? flip(label) : label)) });
    const current = dataset('cur', { x: feature, y, p: y.map((label, i) => (i % 10 < 3 ? flip(label) : label)) });
    const report = analyzeDrift(reference, current, settings);
    expect(report.columns.find((column) => column.name === 'x')!.drift).toBe(false);
    expect(report.performance).toMatchObject({
      task: 'classification',
      metric: 'accuracy',
      reference: 0.9,
      current: 0.7,
      drift: true,
      rows: { reference: 200, current: 200 },
    });
    expect(report.performance!.statistic).toBeCloseTo(5, 12);
    expect(report.performance!.pValue).toBeCloseTo(5.733031437583875e-7, 18);
    expect(report.drift).toBe(true);
  });

  it('classification with whole-number labels; a model that got better is not drift', () => {
    const y = rows.map((i) => i % 3);
    const reference = dataset('ref', { y, p: y.map((label, i) => (i % 10 < 3 ? (label + 1) % 3 : label)) });
    const current = dataset('cur', { y, p: y.map((label, i) => (i % 10 === 0 ? (label + 1) % 3 : label)) });
    const performance = analyzeDrift(reference, current, settings).performance!;
    expect(performance).toMatchObject({ task: 'classification', reference: 0.7, current: 0.9, drift: false });
    expect(performance.statistic).toBeCloseTo(-5, 12);
  });

  it('regression: larger absolute errors are drift by KS on them, rmse reported', () => {
    const y = rows.map((i) => i * 0.5);
    const error = rows.map((i) => ((i * 37) % 101) / 100 - 0.5);
    const reference = dataset('ref', { y, p: y.map((value, i) => value + error[i]!) });
    const current = dataset('cur', { y, p: y.map((value, i) => value + 1.6 * error[i]!) });
    const performance = analyzeDrift(reference, current, settings).performance!;
    expect(performance).toMatchObject({ task: 'regression', metric: 'rmse', drift: true });
    expect(performance.statistic).toBeCloseTo(0.38, 12);
    expect(performance.pValue / 2.9623487356936016e-13).toBeCloseTo(1, 6);
    expect(performance.reference).toBeCloseTo(0.2923824550139765, 9);
    expect(performance.current).toBeCloseTo(0.46781192802236243, 9);
  });

  it('no block without both columns in both files', () => {
    const reference = dataset('ref', { y: [1, 2, 3], p: [1, 2, 3] });
    const current = dataset('cur', { y: [1, 2, 3] });
    expect(analyzeDrift(reference, current, settings).performance).toBeUndefined();
  });
});

describe('performance in the reports', () => {
  it('one Markdown line and Prometheus gauges', async () => {
    const { renderMarkdown } = await import('../../../src/report/drift.js');
    const { renderPrometheus } = await import('../../../src/core/drift/report/prometheus.js');
    const y = rows.map((i) => i % 2);
    const reference = dataset('ref', { y, p: y.map((label, i) => (i % 10 === 0 ? 1 - label : label)) });
    const current = dataset('cur', { y, p: y.map((label, i) => (i % 10 < 3 ? 1 - label : label)) });
    const report = analyzeDrift(reference, current, settings);
    expect(renderMarkdown(report)).toMatch(
      /Model accuracy: 90\.0% → 70\.0% \(two-proportion z = 5(\.0+)?, p = [^)]+\): \*\*the model got worse \(concept drift\)\*\*\./,
    );
    const text = renderPrometheus(report);
    expect(text).toContain('cml_drift_performance{dataset="current",metric="accuracy"} 0.7\n');
    expect(text).toContain('cml_drift_performance_drift{metric="accuracy"} 1\n');
  });
});
