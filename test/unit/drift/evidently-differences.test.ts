// Our side of the worked examples in docs/drift.md, "Differences from Evidently" (both sides were
// computed with test/fixtures/drift/evidently-differences.py): the page stays true to the code.

import { describe, expect, it } from 'vitest';
import { analyzeDrift } from '../../../src/core/drift/analyze.js';
import { DEFAULT_CONFIG } from '../../../src/core/drift/config.js';
import { chiSquareHomogeneity } from '../../../src/core/drift/stats/chi-square.js';
import { jensenShannonDistance, klDivergence, populationStabilityIndex } from '../../../src/core/drift/stats/divergence.js';
import type { NumericColumnData } from '../../../src/core/drift/types.js';
import { sorted } from './generate.js';

const round = (value: number, digits: number): number => Number(value.toPrecision(digits));

describe('docs/drift.md: differences from Evidently, our numbers', () => {
  it('chi-square of homogeneity', () => {
    const first = chiSquareHomogeneity([60, 30, 10], [45, 35, 20]);
    expect([round(first.statistic, 3), round(first.pValue, 2)]).toEqual([5.86, 0.053]);
    const small = chiSquareHomogeneity([30, 20], [540, 460]);
    expect([round(small.statistic, 2), round(small.pValue, 2)]).toEqual([0.69, 0.41]);
    const unseen = chiSquareHomogeneity([500, 500, 0], [490, 490, 20]);
    expect([round(unseen.statistic, 3), round(unseen.pValue, 2)]).toEqual([20.2, 4.1e-5]);
  });

  it('smoothed PSI and KL for a category the reference never had', () => {
    expect(round(populationStabilityIndex([500, 500, 0], [490, 490, 20]), 3)).toBe(0.0746);
    expect(round(klDivergence([500, 500, 0], [490, 490, 20]), 3)).toBe(0.0183);
  });

  it('Jensen–Shannon in nats', () => {
    const js = jensenShannonDistance([500, 500], [380, 620]);
    expect(round(js, 3)).toBe(0.0856);
    expect(round(js / Math.sqrt(Math.LN2), 4)).toBe(0.1028);
  });

  it('a normed Wasserstein distance equal to the threshold is not drift', () => {
    const column = (values: number[]): NumericColumnData => ({
      name: 'x',
      kind: 'numeric',
      rows: 2,
      missing: 0,
      values: Float64Array.from(values),
      sorted: sorted(values),
    });
    const report = analyzeDrift(
      { path: 'reference.csv', format: 'csv', rows: 2, columns: [column([0, 20])] },
      { path: 'current.csv', format: 'csv', rows: 2, columns: [column([1, 21])] },
      { config: { ...DEFAULT_CONFIG, discreteMaxUnique: 0 } },
    );
    const wasserstein = report.columns[0]!.tests.find((test) => test.name === 'wasserstein')!;
    expect(wasserstein.statistic).toBe(0.1);
    expect(wasserstein.drift).toBe(false);
  });
});
