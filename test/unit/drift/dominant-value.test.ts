// PSI, KL and Jensen–Shannon when one value dominates the reference (92 % zeros), or when a
// column has few distinct values, against numbers computed once with numpy/scipy
// (test/fixtures/drift/dominant-value.py -> dominant-value.json).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeDrift } from '../../../src/core/drift/analyze.js';
import { DEFAULT_CONFIG } from '../../../src/core/drift/config.js';
import { driftBins } from '../../../src/core/drift/stats/binning.js';
import type { NumericColumnData } from '../../../src/core/drift/types.js';
import { generate, sorted, type Recipe } from './generate.js';

type Part = Recipe | { value: number; n: number };
interface Case {
  name: string;
  reference: Part[];
  current: Part[];
  bins: number;
  edges: number[];
  referenceCounts: number[];
  currentCounts: number[];
  kl: number;
  psi: number;
  jensenShannon: number;
}

const golden = JSON.parse(readFileSync(new URL('../../fixtures/drift/dominant-value.json', import.meta.url), 'utf8')) as { cases: Case[] };

function build(parts: Part[]): Float64Array {
  const values: number[] = [];
  for (const part of parts) {
    if ('value' in part) for (let i = 0; i < part.n; i += 1) values.push(part.value);
    else values.push(...generate(part));
  }
  return Float64Array.from(values);
}

function column(values: Float64Array): NumericColumnData {
  return { name: 'x', kind: 'numeric', rows: values.length, missing: 0, values, sorted: sorted(values) };
}

function expectClose(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(Math.abs(expected) * relative);
}

describe('binned distances when values repeat', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const reference = column(build(c.reference));
      const current = column(build(c.current));
      const report = analyzeDrift(
        { path: 'reference.csv', format: 'csv', rows: reference.rows, columns: [reference] },
        { path: 'current.csv', format: 'csv', rows: current.rows, columns: [current] },
        { config: { ...DEFAULT_CONFIG, bins: c.bins } },
      );
      const tests = report.columns[0]!.tests;
      const statistic = (name: string): number => tests.find((test) => test.name === name)!.statistic;
      expectClose(statistic('psi'), c.psi, 1e-10);
      expectClose(statistic('kl'), c.kl, 1e-10);
      expectClose(statistic('jensen-shannon'), c.jensenShannon, 1e-10);
      expect(Array.from(driftBins(reference.sorted, current.sorted, c.bins).edges)).toEqual(c.edges);
      const bins = c.referenceCounts.length;
      expect(tests.find((test) => test.name === 'psi')!.details).toEqual({ bins });
      const distribution = report.columns[0]!.distribution!;
      expect(distribution.labels).toHaveLength(bins);
      expect(distribution.reference).toEqual(c.referenceCounts.map((count) => count / reference.rows));
      expect(distribution.current).toEqual(c.currentCounts.map((count) => count / current.rows));
    });
  }

  it('92 % zeros against 50 %: PSI, KL and Jensen–Shannon see the drift KS sees', () => {
    const c = golden.cases[0]!;
    const report = analyzeDrift(
      { path: 'reference.csv', format: 'csv', rows: 500, columns: [column(build(c.reference))] },
      { path: 'current.csv', format: 'csv', rows: 500, columns: [column(build(c.current))] },
      { config: DEFAULT_CONFIG },
    );
    const tests = report.columns[0]!.tests;
    expect(tests.find((test) => test.name === 'ks')!.statistic).toBeCloseTo(0.42, 12);
    for (const name of ['psi', 'kl', 'jensen-shannon']) expect(tests.find((test) => test.name === name)!.drift, name).toBe(true);
    // The zeros have a bin of their own, labelled by the value.
    expect(report.columns[0]!.distribution!.labels[0]).toBe('0');
  });
});
