// Chi-square of homogeneity where scipy has no answer: chi2_contingency raises on a table with an
// empty row (an expected frequency of zero), so these are our own rules, worked by hand: with one
// side empty (or no counts at all) there is nothing to compare, so no evidence of drift.

import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity } from '../../../src/core/drift/stats/chi-square.js';

describe('chi-square of homogeneity without two non-empty samples', () => {
  it('an empty reference or current sample is no evidence of drift, and keeps its degrees of freedom', () => {
    expect(chiSquareHomogeneity([0, 0], [5, 5])).toEqual({ statistic: 0, pValue: 1, dof: 1 });
    expect(chiSquareHomogeneity([3, 4, 5], [0, 0, 0])).toEqual({ statistic: 0, pValue: 1, dof: 2 });
  });

  it('no counts at all: no categories, dof 0 rather than -1', () => {
    expect(chiSquareHomogeneity([0, 0, 0], [0, 0, 0])).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    expect(chiSquareHomogeneity([], [])).toEqual({ statistic: 0, pValue: 1, dof: 0 });
  });
});
