// Where the KS statistic is and which way it points, on samples small enough to follow by hand
// (ECDF gaps i/n1 - j/n2 after each value); scipy 1.10's statistic_location and statistic_sign agree
// on each of these. The golden test covers the statistic and p-value against scipy.

import { describe, expect, it } from 'vitest';
import { ksTwoSample, scanSorted } from '../../../src/core/drift/stats/ks.js';

const sample = (...values: number[]): Float64Array => Float64Array.from(values);

describe('KS statistic location and sign', () => {
  it('when the largest gap above equals the largest below, the one above (+1) is reported', () => {
    // Gaps after 1, 2, 3, 4: +1/2, 0, -1/2, 0.
    expect(ksTwoSample(sample(1, 4), sample(2, 3))).toMatchObject({ statistic: 0.5, location: 1, sign: 1 });
  });

  it('a gap reached twice is reported where it is first reached', () => {
    // Gaps +1/2, 0, +1/2, 0: reference above at 1 and again at 3.
    expect(ksTwoSample(sample(1, 3), sample(2, 4))).toMatchObject({ statistic: 0.5, location: 1, sign: 1 });
    // Gaps -1/2, 0, -1/2, 0: current above at 1 and again at 3.
    expect(ksTwoSample(sample(2, 4), sample(1, 3))).toMatchObject({ statistic: 0.5, location: 1, sign: -1 });
  });

  it('a gap below reached again at a reference value is reported there, as scipy does', () => {
    // scipy looks for the extreme in [sorted reference, sorted current], so a reference value that
    // reaches it comes first. Gaps after 1, 2, 3: -1/2 (current only), -1/2 (both), 0.
    // scipy.stats.ks_2samp([2, 3], [1, 2]): statistic 0.5, statistic_location 2, statistic_sign -1.
    expect(ksTwoSample(sample(2, 3), sample(1, 2))).toMatchObject({ statistic: 0.5, location: 2, sign: -1 });
    // scipy.stats.ks_2samp([0, 1, 3, 4, 4], [0, 0, 0, 2, 3]): statistic 0.4, location 3, sign -1.
    expect(ksTwoSample(sample(0, 1, 3, 4, 4), sample(0, 0, 0, 2, 3))).toMatchObject({ statistic: 0.4, location: 3, sign: -1 });
    // scipy.stats.ks_2samp([2, 4], [1, 2, 2, 4]): statistic 0.25, location 2, sign -1.
    expect(ksTwoSample(sample(2, 4), sample(1, 2, 2, 4))).toMatchObject({ statistic: 0.25, location: 2, sign: -1 });
  });

  it('the one-pass scan gives the same gap with the Wasserstein area beside it', () => {
    // |F_ref - F_cur| is 1/2 on [1, 2) and on [3, 4): area 1.
    expect(scanSorted(sample(1, 3), sample(2, 4))).toEqual({ gap: { statistic: 0.5, location: 1, sign: 1 }, wasserstein: 1 });
  });

  it('the area runs to the last value of either sample, and an infinite value makes it infinite', () => {
    // The reference goes on past the current's last value: |gap| is 1/2 on [1, 2) and [3, 4).
    expect(scanSorted(sample(1, 4), sample(2, 3)).wasserstein).toBe(1);
    expect(scanSorted(sample(2, 3), sample(1, 4)).wasserstein).toBe(1);
    // scipy.stats.wasserstein_distance([1], [inf]) is inf as well.
    expect(scanSorted(sample(1), sample(Infinity)).wasserstein).toBe(Infinity);
  });

  it('uses a gap the caller already has instead of scanning again', () => {
    const known = { statistic: 0.5, location: 7, sign: -1 as const };
    expect(ksTwoSample(sample(1, 3), sample(2, 4), known)).toMatchObject({ statistic: 0.5, location: 7, sign: -1 });
  });

  it('refuses an empty sample on either side', () => {
    expect(() => ksTwoSample(sample(), sample(1))).toThrow(new RangeError('the KS test needs two non-empty samples'));
    expect(() => ksTwoSample(sample(1), sample())).toThrow(new RangeError('the KS test needs two non-empty samples'));
  });
});
