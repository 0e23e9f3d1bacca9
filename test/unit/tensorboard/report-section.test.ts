// The TensorBoard report section: number formatting, the Markdown, and charts overlaying runs and
// the base branch's runs.

import { describe, expect, it } from 'vitest';
import { formatScalar, scalarPlotSpec, scalarsMarkdown } from '../../../src/report/tensorboard.js';
import type { ScalarSeries } from '../../../src/core/tensorboard/scalars.js';

const series = (run: string, tag: string, values: number[]): ScalarSeries => ({
  run,
  tag,
  points: values.map((value, step) => ({ step, wallTime: 0, value })),
});

describe('TensorBoard report section', () => {
  it('formats scalars in six significant digits', () => {
    expect([0.1 + 0.2, 1 / 3, 2 ** 40, -1, Number.NaN, Number.POSITIVE_INFINITY].map(formatScalar)).toEqual([
      '0.3',
      '0.333333',
      '1099511627776',
      '-1',
      'NaN',
      'inf',
    ]);
  });

  it("overlays every run of a tag, and the base branch's runs dashed", () => {
    const spec = scalarPlotSpec(
      'loss',
      [series('train', 'loss', [2, 1]), series('eval', 'loss', [3]), series('train', 'acc', [0.5])],
      [series('train', 'loss', [4])],
    );
    const values = (spec.data as { values: { run: string; base: boolean }[] }).values;
    expect(values.map((value) => `${value.run}:${value.base}`)).toEqual(['train:false', 'train:false', 'eval:false', 'train (base):true']);
    expect(spec.encoding).toMatchObject({ color: { field: 'run' }, strokeDash: { field: 'base' } });
  });

  it('says so when there are no scalars', () => {
    expect(scalarsMarkdown([])).toBe('## TensorBoard scalars\n\nNo scalars found.\n');
  });
});
