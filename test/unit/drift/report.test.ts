// Markdown and Prometheus renderings of a drift report, and the radix sort the readers use.

import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/report/drift.js';
import { renderPrometheus } from '../../../src/core/drift/report/prometheus.js';
import type { DriftReport } from '../../../src/core/drift/report-types.js';
import { sortFloat64 } from '../../../src/core/drift/stats/sort.js';

const report: DriftReport = {
  drift: true,
  summary: { columns: 2, driftedColumns: 1, failedChecks: 1 },
  reference: { path: 'ref.csv', format: 'csv', rows: 1000, columns: 2 },
  current: { path: 'cur.csv', format: 'csv', rows: 1200, columns: 2 },
  columns: [
    {
      name: 'calm',
      type: 'numeric',
      referenceType: 'numeric',
      comparedAs: 'numeric',
      role: 'feature',
      drift: false,
      tests: [{ name: 'ks', statistic: 0.01, pValue: 0.9, threshold: 0.05, drift: false, decisive: true }],
    },
    {
      name: 'city "name"|x',
      type: 'categorical',
      referenceType: 'categorical',
      comparedAs: 'categorical',
      role: 'target',
      drift: true,
      tests: [
        { name: 'psi', statistic: 0.5, threshold: 0.1, drift: true, decisive: false },
        { name: 'chi2', statistic: 42.5, pValue: 1e-9, threshold: 0.05, drift: true, decisive: true },
      ],
    },
  ],
  checks: [
    { name: 'missing-columns', passed: true, details: { columns: [] } },
    {
      name: 'categorical-values',
      column: 'city "name"|x',
      passed: false,
      details: { unseen: 1, unseenRows: 5, unseenShare: 0.05, maxUnseenShare: 0, values: ['d'] },
    },
  ],
};

describe('Markdown report', () => {
  const markdown = renderMarkdown(report, { plots: new Map([['city "name"|x', '![plot](drift-plots/01-city.png)']]) });
  it('leads with the verdict and the failed checks', () => {
    expect(markdown.startsWith('## Data drift: 🔴 drift detected\n')).toBe(true);
    expect(markdown).toContain('**1 of 2 columns drifted**, 1 of 2 checks failed');
    expect(markdown.indexOf('### Failed checks')).toBeLessThan(markdown.indexOf('### Columns'));
    expect(markdown).toContain('Target `city "name"\\|x`: **drift**.');
    expect(markdown).toContain('| categorical-values | `city "name"\\|x` | 1 values never seen in the reference (5.0% of rows): "d" |');
  });
  it('puts drifted columns first and the deciding test first in each table', () => {
    expect(markdown.indexOf('city')).toBeLessThan(markdown.indexOf('`calm`'));
    const table = markdown.slice(markdown.indexOf('#### 🔴'));
    expect(table.indexOf('◆ chi-square')).toBeLessThan(table.indexOf('PSI'));
    expect(table).toContain('| ◆ chi-square | 42.5 | 1.0e-9 | p < 0.05 | **drift** |');
    expect(table).toContain('| PSI | 0.5 | – | > 0.1 | drift |');
    expect(markdown).toContain('![plot](drift-plots/01-city.png)');
  });
  it('says so when nothing drifted', () => {
    const calm = renderMarkdown({
      ...report,
      drift: false,
      summary: { columns: 1, driftedColumns: 0, failedChecks: 0 },
      columns: [report.columns[0]!],
      checks: [],
    });
    expect(calm).toContain('## Data drift: 🟢 no drift');
    expect(calm).not.toContain('### Failed checks');
  });
});

describe('Prometheus exposition', () => {
  const text = renderPrometheus(report);
  it('declares each family once, with HELP and TYPE before its samples', () => {
    const lines = text.trimEnd().split('\n');
    const declared = lines.filter((line) => line.startsWith('# TYPE')).map((line) => line.split(' ')[2]);
    expect(new Set(declared).size).toBe(declared.length);
    for (const line of lines.filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/);
      const name = line.split(/[{ ]/)[0]!;
      expect(lines.indexOf(`# TYPE ${name} gauge`)).toBeLessThan(lines.indexOf(line));
    }
  });
  it('labels statistics by column and test, escaping quotes', () => {
    expect(text).toContain('cml_drift_detected 1\n');
    expect(text).toContain('cml_drift_test_p_value{column="city \\"name\\"|x",test="chi2"} 1e-9\n');
    expect(text).toContain('cml_drift_test_drift{column="calm",test="ks",decisive="true"} 0\n');
    expect(text).toContain('cml_drift_check_passed{check="categorical-values",column="city \\"name\\"|x"} 0\n');
  });
});

describe('sortFloat64', () => {
  it('orders like TypedArray sort, with negatives, zeros and infinities', () => {
    let state = 7;
    const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
    for (const make of [() => next() * 3, () => (next() - 0.5) * 1e12, () => Math.round(next() * 8) - 4, () => -next() * 1e-300]) {
      const values = Float64Array.from({ length: 20000 }, make);
      values[3] = Number.POSITIVE_INFINITY;
      values[4] = Number.NEGATIVE_INFINITY;
      values[5] = 0;
      const expected = values.slice().sort();
      expect(Array.from(sortFloat64(values.slice()))).toEqual(Array.from(expected));
    }
  });
});
