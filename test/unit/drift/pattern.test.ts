// Drift patterns over time (--time-column): synthetic series with a known shape and change point.
// Reference: 400 rows of N(0, 1) at t = 0..399; current: 1,000 rows at t = 400..1399.

import { describe, expect, it } from 'vitest';
import { analyzeDrift } from '../../../src/core/drift/analyze.js';
import { DEFAULT_CONFIG } from '../../../src/core/drift/config.js';
import { ColumnBuilder } from '../../../src/core/drift/read/column-builder.js';
import type { Dataset } from '../../../src/core/drift/types.js';
import { generate } from './generate.js';

function dataset(path: string, t: readonly number[], x: ArrayLike<number>): Dataset {
  const time = new ColumnBuilder('t');
  const value = new ColumnBuilder('x');
  t.forEach((v, i) => {
    time.pushNumber(v);
    value.pushNumber(x[i]!);
  });
  return { path, format: 'csv', rows: t.length, columns: [time.finish(), value.finish()] };
}

const N = 1000;
const noise = generate({ kind: 'normal12', seed: 7, n: N, loc: 0, scale: 1 });
const coin = generate({ kind: 'uniform', seed: 11, n: N, loc: 0, scale: 1 });
const reference = dataset(
  'ref',
  Array.from({ length: 400 }, (_, i) => i),
  generate({ kind: 'normal12', seed: 13, n: 400, loc: 0, scale: 1 }),
);
const current = (level: (i: number) => number) =>
  dataset(
    'cur',
    Array.from({ length: N }, (_, i) => 400 + i),
    Float64Array.from(noise, (z, i) => z + level(i)),
  );
const column = (cur: Dataset) => analyzeDrift(reference, cur, { config: DEFAULT_CONFIG, timeColumn: 't' }).columns.find((c) => c.name === 'x')!;

describe('drift patterns', () => {
  it('sudden: a step to a new level that stays, with the time it starts', () => {
    const found = column(current((i) => (i >= 300 ? 3 : 0)));
    expect(found).toMatchObject({ drift: true, pattern: 'sudden' });
    // Binary segmentation places a step to within a few rows of noise.
    expect(Math.abs(Number(found.changePoint) - 700)).toBeLessThanOrEqual(3);
    expect(found.timeline!.windows).toHaveLength(10);
  });

  it('sudden at the boundary: the current data starts at the new level', () => {
    const found = column(current(() => 2));
    expect(found).toMatchObject({ pattern: 'sudden' });
    expect(Math.abs(Number(found.changePoint) - 400)).toBeLessThanOrEqual(3);
  });

  it('incremental: a steady trend through intermediate values', () => {
    expect(column(current((i) => (3 * Math.min(i, 800)) / 800))).toMatchObject({ drift: true, pattern: 'incremental' });
    expect(column(current((i) => (3 * Math.min(i, 800)) / 800)).changePoint).toBeUndefined();
  });

  it('gradual: old and new values alternate, the new ones more and more often', () => {
    expect(column(current((i) => (coin[i]! < Math.min(1, i / 800) ? 3 : 0)))).toMatchObject({ drift: true, pattern: 'gradual' });
  });

  it('recurring: the distribution leaves the reference and comes back', () => {
    expect(column(current((i) => (i >= 300 && i < 600 ? 3 : 0)))).toMatchObject({ drift: true, pattern: 'recurring' });
  });

  it('none when the column did not drift; no pattern at all without --time-column', () => {
    expect(column(current(() => 0))).toMatchObject({ drift: false, pattern: 'none' });
    const plain = analyzeDrift(
      reference,
      current(() => 3),
      { config: DEFAULT_CONFIG },
    ).columns.find((c) => c.name === 'x')!;
    expect(plain.pattern).toBeUndefined();
  });
});
