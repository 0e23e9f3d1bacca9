// The per-column `outliers` check: current values outside the reference's [Q1 - 3 IQR, Q3 + 3 IQR].
// Fences and shares checked against numpy (np.percentile, linear method).

import { describe, expect, it } from 'vitest';
import { analyzeDrift } from '../../../src/core/drift/analyze.js';
import { DEFAULT_CONFIG, parseDriftConfig } from '../../../src/core/drift/config.js';
import { ColumnBuilder } from '../../../src/core/drift/read/column-builder.js';
import type { Dataset } from '../../../src/core/drift/types.js';

function dataset(path: string, values: readonly number[]): Dataset {
  const builder = new ColumnBuilder('x');
  for (const value of values) builder.pushNumber(value);
  return { path, format: 'csv', rows: values.length, columns: [builder.finish()] };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('outliers check', () => {
  it('fails when more than max-share of the current values are far out, listing the farthest first', () => {
    // numpy: percentile(arange(100), [25, 75]) = 24.75, 74.25 -> fences -123.75, 222.75;
    // 3 of 104 values are outside (222.75 itself is on the fence, inside).
    const report = analyzeDrift(dataset('ref', range(100)), dataset('cur', [...range(100), 300, -200, 500, 222.75]), { config: DEFAULT_CONFIG });
    const check = report.checks.find((c) => c.name === 'outliers');
    expect(check).toMatchObject({ column: 'x', passed: false, details: { outside: 3, fence: [-123.75, 222.75], maxShare: 0.01, examples: [500, 300, -200] } });
    expect(check!.details.share).toBeCloseTo(3 / 104, 15);
  });

  it('passes at or under max-share, which drift.yaml sets', () => {
    const config = parseDriftConfig('outliers: { max-share: 0.05 }', 'drift.yaml');
    const report = analyzeDrift(dataset('ref', range(100)), dataset('cur', [...range(100), 300, -200, 500]), { config });
    expect(report.checks.find((c) => c.name === 'outliers')).toMatchObject({ passed: true, details: { maxShare: 0.05 } });
    const clean = analyzeDrift(dataset('ref', range(100)), dataset('cur', range(100)), { config: DEFAULT_CONFIG });
    expect(clean.checks.find((c) => c.name === 'outliers')).toMatchObject({ passed: true, details: { share: 0, outside: 0, examples: [] } });
  });

  it('rejects a share outside [0, 1] in drift.yaml', () => {
    expect(() => parseDriftConfig('outliers: { max-share: 2 }', 'drift.yaml')).toThrow(/outliers.max-share must be between 0 and 1/);
  });
});
