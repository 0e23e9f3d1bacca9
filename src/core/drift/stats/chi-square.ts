// Pearson's chi-square test of homogeneity on the 2 × k table (reference counts, current counts),
// as scipy.stats.chi2_contingency(table, correction=False). Both datasets are samples, so this is
// the right test (a goodness-of-fit test against the reference's shares would ignore the
// reference's own sampling error and be infinite for a category the reference never saw). For two
// categories it equals the squared pooled two-proportion z-test.

import { chiSquareSf } from './special.js';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
}

export function chiSquareHomogeneity(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): ChiSquareResult {
  let referenceTotal = 0;
  let currentTotal = 0;
  let categories = 0;
  for (let i = 0; i < referenceCounts.length; i += 1) {
    referenceTotal += referenceCounts[i]!;
    currentTotal += currentCounts[i]!;
    if (referenceCounts[i]! + currentCounts[i]! > 0) categories += 1;
  }
  const total = referenceTotal + currentTotal;
  const dof = categories - 1;
  if (dof <= 0 || referenceTotal === 0 || currentTotal === 0) return { statistic: 0, pValue: 1, dof: Math.max(dof, 0) };
  let statistic = 0;
  for (let i = 0; i < referenceCounts.length; i += 1) {
    const column = referenceCounts[i]! + currentCounts[i]!;
    if (column === 0) continue;
    const expectedReference = (referenceTotal * column) / total;
    const expectedCurrent = (currentTotal * column) / total;
    statistic += (referenceCounts[i]! - expectedReference) ** 2 / expectedReference + (currentCounts[i]! - expectedCurrent) ** 2 / expectedCurrent;
  }
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
