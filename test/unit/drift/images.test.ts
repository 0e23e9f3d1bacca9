// Image drift on real images: 8x8 handwritten digits from scikit-learn's bundled copy of the UCI
// set (test/fixtures/drift/images/generate.py). Reconstruction errors, thresholds and KS are checked
// against Pillow + scikit-learn's exact PCA + scipy (golden.py -> golden.json); the cases follow
// what the literature expects an image drift detector to catch.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binomialUpperTail, compareImageFolders, type ImageSettings } from '../../../src/core/drift/images/compare.js';
import { combineRows, timesRows } from '../../../src/core/drift/images/matrix.js';
import { fitPca, reconstructionErrors } from '../../../src/core/drift/images/pca.js';

const folder = join(import.meta.dirname, '../../fixtures/drift/images');
const golden = JSON.parse(readFileSync(join(folder, 'golden.json'), 'utf8')) as Record<
  string,
  { components: number; explained: number; threshold: number; cases: Record<string, { ks: [number, number]; outlierShare: number; top: [string, number][] }> }
>;
const settings: ImageSettings = { size: 8, quantile: 0.99, threshold: 0.05 };
const compare = (current: string, extra: Partial<ImageSettings> = {}) =>
  compareImageFolders(join(folder, 'reference'), join(folder, current), { ...settings, ...extra });

describe('image drift against scikit-learn', () => {
  for (const [key, components] of [
    ['0.9', undefined],
    ['12', 12],
  ] as const) {
    it(`PCA ${components === undefined ? 'to 90% of the variance' : 'with 12 components'}: same components, threshold, errors and KS`, async () => {
      const expected = golden[key]!;
      for (const current of ['inverted', 'new-classes']) {
        const report = await compare(current, components === undefined ? {} : { components });
        expect(report.model).toContain(`pca: ${expected.components} components (${(expected.explained * 100).toFixed(1)}% of the variance)`);
        expect(report.threshold / expected.threshold).toBeCloseTo(1, 4); // randomized SVD: within 5e-5 of the exact one
        const want = expected.cases[current]!;
        expect(report.outlierShare).toBe(want.outlierShare);
        expect(report.test.statistic).toBeCloseTo(want.ks[0], 12);
        expect(report.test.pValue / want.ks[1]).toBeCloseTo(1, 4);
        const top = report.outliers.slice(0, 5);
        for (const [index, [file, error]] of want.top.slice(0, 5).entries()) {
          expect(top[index]!.file).toBe(file);
          expect(top[index]!.error / error).toBeCloseTo(1, 3);
        }
      }
    });
  }
});

describe('image drift: the cases', () => {
  it('the same distribution does not drift', async () => {
    const report = await compare('same');
    expect(report).toMatchObject({ reference: 400, current: 200, size: 8, mode: 'grayscale', expectedShare: expect.closeTo(0.01, 12), drift: false });
    // The held-out quarter is small: KS alone may call chance (p 0.03 here, as scipy finds on the
    // same split); outliers are no more common than the quantile allows, so no drift.
    expect(report.outlierShare).toBeLessThanOrEqual(0.02);
    expect(report.shareTest.pValue).toBeGreaterThan(0.05);
  });

  it('new classes, rotated and noisy images drift', async () => {
    for (const current of ['new-classes', 'rotated', 'noisy']) {
      const report = await compare(current);
      expect(report.drift, current).toBe(true);
      expect(report.outlierShare, current).toBeGreaterThan(0.3);
      expect(report.shareTest.pValue, current).toBeLessThan(1e-10);
    }
  });

  it('a few inverted images among normal ones are exactly the top outliers', async () => {
    const report = await compare('inverted');
    expect(
      report.outliers
        .slice(0, 5)
        .map((outlier) => outlier.file)
        .sort(),
    ).toEqual(['inverted-0013.png', 'inverted-0235.png', 'inverted-0747.png', 'inverted-1559.png', 'inverted-1715.png']);
    expect(report.outliers[5]!.error).toBeLessThan(report.outliers[4]!.error / 10);
  });

  it('resizes to --image-size and keeps the histogram of both samples', async () => {
    const report = await compare('same', { size: 16 });
    expect(report.size).toBe(16);
    expect(report.histogram.reference.reduce((a, b) => a + b, 0)).toBe(100);
    expect(report.histogram.current.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('refuses too few reference images, and folders without images', async () => {
    const few = mkdtempSync(join(tmpdir(), 'cml-images-'));
    try {
      for (const name of readdirSync(join(folder, 'reference/0')).slice(0, 5)) copyFileSync(join(folder, 'reference/0', name), join(few, name));
      await expect(compareImageFolders(few, join(folder, 'same'), settings)).rejects.toThrow(/needs at least 20 reference images; .* has 5/);
      await expect(compareImageFolders(join(folder, 'same'), import.meta.dirname, settings)).rejects.toThrow(/no images in/);
    } finally {
      rmSync(few, { recursive: true, force: true });
    }
  });
});

describe('the pieces', () => {
  it('randomized PCA recovers an exact low-rank structure', () => {
    // Images on a 3-dimensional affine subspace reconstruct exactly with 3 components.
    const images = Array.from({ length: 60 }, (_, i) =>
      Uint8Array.from({ length: 64 }, (_, j) => 40 + ((i % 5) * 7 * (j % 8)) / 4 + ((i % 7) * 3 * Math.floor(j / 8)) / 3 + (i % 3) * (j % 2) * 10),
    );
    const model = fitPca(images, { components: 3 });
    const errors = reconstructionErrors(model, images);
    expect(Math.max(...errors)).toBeLessThan(1e-4);
  });

  it('the matrix products give the plain sums, in the same order, for sizes that leave remainders', () => {
    const values = (length: number, seed: number): Float64Array => Float64Array.from({ length }, (_, i) => Math.sin(i * 12.9898 + seed) * 43.7);
    for (const [n, d, l] of [
      [7, 5, 3],
      [9, 13, 6],
      [12, 8, 8],
      [1, 4, 1],
    ] as const) {
      const x = values(n * d, 1);
      // (X Mᵀ)ᵀ: each entry the dot product of two rows, summed along them.
      const m = values(l * d, 2);
      const dots = new Float64Array(l * n);
      for (let k = 0; k < l; k += 1)
        for (let i = 0; i < n; i += 1) {
          let sum = 0;
          for (let j = 0; j < d; j += 1) sum += x[i * d + j]! * m[k * d + j]!;
          dots[k * n + i] = sum;
        }
      expect(timesRows(x, n, d, m, l), `${n}x${d}, ${l} rows`).toEqual(dots);
      // W X: rows of X weighted and added four at a time, then one at a time.
      const w = values(l * n, 3);
      const sums = new Float64Array(l * d);
      for (let k = 0; k < l; k += 1)
        for (let j = 0; j < d; j += 1) {
          let i = 0;
          for (; i + 3 < n; i += 4) {
            const group = [0, 1, 2, 3].map((o) => w[k * n + i + o]! * x[(i + o) * d + j]!);
            sums[k * d + j]! += group[0]! + group[1]! + group[2]! + group[3]!;
          }
          for (; i < n; i += 1) sums[k * d + j]! += w[k * n + i]! * x[i * d + j]!;
        }
      expect(combineRows(x, n, d, w, l), `${n}x${d}, ${l} rows`).toEqual(sums);
    }
  });

  it('binomial upper tail as scipy.stats.binom.sf(k - 1, n, p)', () => {
    // scipy: binom.sf(5, 200, 0.01) = 0.01602290690917754
    expect(binomialUpperTail(6, 200, 0.01)).toBeCloseTo(0.01602290690917754, 14);
    expect(binomialUpperTail(0, 10, 0.5)).toBe(1);
  });
});
