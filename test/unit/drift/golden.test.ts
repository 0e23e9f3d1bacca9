// The statistics against golden values computed once with scipy (scripts/golden/drift.py).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ksTwoSample, scanSorted } from '../../../src/core/drift/stats/ks.js';
import { kolmogorovSf } from '../../../src/core/drift/stats/kolmogorov.js';
import { chiSquareHomogeneity } from '../../../src/core/drift/stats/chi-square.js';
import { jensenShannonDistance, klDivergence, populationStabilityIndex } from '../../../src/core/drift/stats/divergence.js';
import { countSortedInBins, quantileEdges } from '../../../src/core/drift/stats/binning.js';
import { wassersteinSorted } from '../../../src/core/drift/stats/wasserstein.js';
import { summarizeSorted } from '../../../src/core/drift/stats/summary.js';
import { generate, sorted, type Recipe } from './generate.js';

interface KsCase {
  name: string;
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
  reference?: number[];
  current?: number[];
  referenceRecipe?: Recipe;
  currentRecipe?: Recipe;
}
interface Golden {
  ks: KsCase[];
  kolmogorovSf: { n: number; x: number; sf: number }[];
  chiSquare: {
    name: string;
    reference: number[];
    current: number[];
    statistic: number;
    pValue: number;
    dof: number;
    kl: number;
    psi: number;
    jensenShannon: number;
  }[];
  binned: {
    name: string;
    referenceRecipe: Recipe;
    currentRecipe: Recipe;
    bins: number;
    edges: number[];
    referenceCounts: number[];
    currentCounts: number[];
    kl: number;
    psi: number;
    jensenShannon: number;
  }[];
  wasserstein: { name: string; referenceRecipe: Recipe; currentRecipe: Recipe; distance: number; referenceStd: number }[];
  summary: { recipe: Recipe; mean: number; std: number; p25: number; median: number; p75: number }[];
}

const golden = JSON.parse(readFileSync(new URL('../../fixtures/drift/golden.json', import.meta.url), 'utf8')) as Golden;

/** |actual - expected| within a relative tolerance, or an absolute one near zero. */
function expectClose(actual: number, expected: number, relative: number, absolute = 1e-300): void {
  const tolerance = Math.max(Math.abs(expected) * relative, absolute);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('two-sample Kolmogorov–Smirnov against scipy.stats.ks_2samp', () => {
  for (const c of golden.ks) {
    it(`${c.name}`, () => {
      const a = sorted(c.reference ?? generate(c.referenceRecipe!));
      const b = sorted(c.current ?? generate(c.currentRecipe!));
      const result = ksTwoSample(a, b);
      expect(result.method).toBe(c.method);
      expect(result.statistic).toBe(c.statistic);
      expectClose(result.pValue, c.pValue, c.method === 'exact' ? 1e-12 : 1e-9, 1e-15);
    });
  }

  it('is symmetric in its arguments', () => {
    const a = sorted(generate({ kind: 'normal12', seed: 5, n: 300, loc: 0, scale: 1 }));
    const b = sorted(generate({ kind: 'normal12', seed: 6, n: 170, loc: 0.2, scale: 1 }));
    expect(ksTwoSample(a, b).pValue).toBeCloseTo(ksTwoSample(b, a).pValue, 14);
    expect(ksTwoSample(a, b).sign).toBe(-ksTwoSample(b, a).sign);
  });
});

describe('kstwo survival function', () => {
  for (const c of golden.kolmogorovSf) {
    it(`n=${c.n} x=${c.x}`, () => expectClose(kolmogorovSf(c.n, c.x), c.sf, 1e-9, 1e-15));
  }
});

describe('categorical tests against scipy', () => {
  for (const c of golden.chiSquare) {
    it(`chi-square, KL, PSI and Jensen–Shannon: ${c.name}`, () => {
      const chi = chiSquareHomogeneity(c.reference, c.current);
      expect(chi.dof).toBe(c.dof);
      expectClose(chi.statistic, c.statistic, 1e-12, 1e-12);
      expectClose(chi.pValue, c.pValue, 1e-10, 1e-15);
      expectClose(klDivergence(c.reference, c.current), c.kl, 1e-10, 1e-15);
      expectClose(populationStabilityIndex(c.reference, c.current), c.psi, 1e-10, 1e-15);
      expectClose(jensenShannonDistance(c.reference, c.current), c.jensenShannon, 1e-10, 1e-12);
    });
  }
});

describe('numeric binning and distances against numpy/scipy', () => {
  for (const c of golden.binned) {
    it(`bins and divergences: ${c.name}`, () => {
      const a = sorted(generate(c.referenceRecipe));
      const b = sorted(generate(c.currentRecipe));
      const edges = quantileEdges(a, c.bins);
      expect(Array.from(edges)).toEqual(c.edges);
      const rc = countSortedInBins(a, edges);
      const cc = countSortedInBins(b, edges);
      expect(Array.from(rc)).toEqual(c.referenceCounts);
      expect(Array.from(cc)).toEqual(c.currentCounts);
      expectClose(klDivergence(rc, cc), c.kl, 1e-10);
      expectClose(populationStabilityIndex(rc, cc), c.psi, 1e-10);
      expectClose(jensenShannonDistance(rc, cc), c.jensenShannon, 1e-10);
    });
  }
  for (const c of golden.wasserstein) {
    it(`Wasserstein distance: ${c.name}`, () => {
      const a = sorted(generate(c.referenceRecipe));
      const b = sorted(generate(c.currentRecipe));
      expectClose(wassersteinSorted(a, b), c.distance, 1e-10);
      expectClose(scanSorted(a, b).wasserstein, c.distance, 1e-10);
      expectClose(summarizeSorted(a).std, c.referenceStd, 1e-12);
    });
  }
  for (const c of golden.summary) {
    it(`summary statistics of seed ${c.recipe.seed}`, () => {
      const s = summarizeSorted(sorted(generate(c.recipe)));
      expectClose(s.mean, c.mean, 1e-12, 1e-15);
      expectClose(s.std, c.std, 1e-12);
      expect(s.p25).toBe(c.p25);
      expect(s.median).toBe(c.median);
      expect(s.p75).toBe(c.p75);
    });
  }
});
