// The checks and tests of analyzeDrift, each with data that triggers it and data that does not,
// plus drift.yaml parsing and the automatic choice of deciding tests.

import { describe, expect, it } from 'vitest';
import { analyzeDrift } from '../../../src/core/drift/analyze.js';
import { DEFAULT_CONFIG, parseDriftConfig, type DriftConfig } from '../../../src/core/drift/config.js';
import { ColumnBuilder } from '../../../src/core/drift/read/column-builder.js';
import type { CheckResult, DriftReport } from '../../../src/core/drift/report-types.js';
import type { Dataset } from '../../../src/core/drift/types.js';
import { UserError } from '../../../src/errors.js';
import { generate } from './generate.js';

type Cell = number | string | null;

function dataset(path: string, table: Record<string, readonly Cell[]>): Dataset {
  const columns = Object.entries(table).map(([name, cells]) => {
    const builder = new ColumnBuilder(name);
    for (const cell of cells) {
      if (cell === null) builder.pushMissing();
      else if (typeof cell === 'number') builder.pushNumber(cell);
      else builder.pushText(cell);
    }
    return builder.finish();
  });
  return { path, format: 'csv', rows: columns[0]?.rows ?? 0, columns };
}

const normal = (seed: number, n: number, loc = 0, scale = 1): number[] => Array.from(generate({ kind: 'normal12', seed, n, loc, scale }));
const cycle = (values: readonly string[], n: number): string[] => Array.from({ length: n }, (_, i) => values[i % values.length]!);

function check(report: DriftReport, name: CheckResult['name'], column?: string): CheckResult {
  const found = report.checks.find((c) => c.name === name && c.column === column);
  if (!found) throw new Error(`no ${name} check for ${column}`);
  return found;
}

const run = (reference: Dataset, current: Dataset, config: DriftConfig = DEFAULT_CONFIG, extra = {}) => analyzeDrift(reference, current, { config, ...extra });

describe('distribution tests and the deciding test', () => {
  it('small samples: KS decides numeric columns, chi-square categorical ones', () => {
    const ref = dataset('ref', { x: normal(1, 300), c: cycle(['a', 'b', 'c'], 300) });
    const same = dataset('cur', { x: normal(2, 300), c: cycle(['b', 'c', 'a'], 300) });
    const report = run(ref, same);
    const x = report.columns.find((c) => c.name === 'x')!;
    expect(x.tests.filter((t) => t.decisive).map((t) => t.name)).toEqual(['ks']);
    expect(x.drift).toBe(false);
    const c = report.columns.find((col) => col.name === 'c')!;
    expect(c.tests.filter((t) => t.decisive).map((t) => t.name)).toEqual(['chi2']);
    expect(c.drift).toBe(false);
    expect(report.drift).toBe(false);

    const shifted = dataset('cur', { x: normal(2, 300, 0.6), c: [...cycle(['a'], 200), ...cycle(['b', 'c'], 100)] });
    const drifted = run(ref, shifted);
    expect(drifted.columns.map((col) => col.drift)).toEqual([true, true]);
    expect(drifted.drift).toBe(true);
    const ks = drifted.columns[0]!.tests.find((t) => t.name === 'ks')!;
    expect(ks.pValue).toBeLessThan(0.05);
    expect(ks.threshold).toBe(0.05);
  });

  it('large samples: distances decide, so a tiny shift at 20k rows is not drift even though KS rejects', () => {
    const ref = dataset('ref', { x: normal(3, 20000) });
    const cur = dataset('cur', { x: normal(4, 20000, 0.05) });
    const report = run(ref, cur);
    const x = report.columns[0]!;
    const ks = x.tests.find((t) => t.name === 'ks')!;
    const wasserstein = x.tests.find((t) => t.name === 'wasserstein')!;
    expect(ks.drift).toBe(true);
    expect(ks.decisive).toBe(false);
    expect(wasserstein.decisive).toBe(true);
    expect(wasserstein.drift).toBe(false);
    expect(x.drift).toBe(false);
    const far = run(ref, dataset('cur', { x: normal(4, 20000, 0.5) }));
    expect(far.columns[0]!.drift).toBe(true);
  });

  it('compares a numeric column with few distinct values as categories', () => {
    const ref = dataset('ref', { flag: Array.from({ length: 200 }, (_, i) => i % 2) });
    const cur = dataset('cur', { flag: Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0)) });
    const column = run(ref, cur).columns[0]!;
    expect(column.type).toBe('numeric');
    expect(column.comparedAs).toBe('categorical');
    expect(column.tests.map((t) => t.name)).toEqual(['chi2', 'jensen-shannon', 'psi', 'kl']);
    expect(column.drift).toBe(true);
  });

  it('drift.yaml chooses deciding tests and thresholds, per column', () => {
    const config = parseDriftConfig('tests:\n  numeric: [psi]\ncolumns:\n  y:\n    tests: [kl]\n    thresholds: { kl: 5 }\n', 'drift.yaml');
    const ref = dataset('ref', { x: normal(5, 500), y: normal(6, 500) });
    const cur = dataset('cur', { x: normal(7, 500, 2), y: normal(8, 500, 2) });
    const [x, y] = run(ref, cur, config).columns;
    expect(x!.tests.filter((t) => t.decisive).map((t) => t.name)).toEqual(['psi']);
    expect(x!.drift).toBe(true);
    expect(y!.tests.filter((t) => t.decisive).map((t) => t.name)).toEqual(['kl']);
    expect(y!.tests.find((t) => t.name === 'kl')!.threshold).toBe(5);
    expect(y!.drift).toBe(false);
  });

  it('skips datetime columns and columns whose type changed', () => {
    const ref = dataset('ref', { when: ['2024-01-01', '2024-01-02'], v: [1, 2] });
    const cur = dataset('cur', { when: ['2024-02-01', '2024-02-02'], v: ['one', 'two'] });
    const report = run(ref, cur);
    expect(report.columns.map((c) => [c.name, c.comparedAs, c.tests.length])).toEqual([
      ['when', 'none', 0],
      ['v', 'none', 0],
    ]);
    expect(report.columns[1]!.skipped).toContain('numeric to categorical');
  });
});

describe('checks', () => {
  const ref = dataset('ref', { a: normal(9, 200, 10), c: cycle(['x', 'y'], 200), gone: normal(10, 200) });

  it('missing and extra columns', () => {
    const cur = dataset('cur', { a: normal(11, 200, 10), c: cycle(['x', 'y'], 200), added: normal(12, 200) });
    const report = run(ref, cur);
    expect(check(report, 'missing-columns')).toMatchObject({ passed: false, details: { columns: ['gone'] } });
    expect(check(report, 'extra-columns')).toMatchObject({ passed: false, details: { columns: ['added'] } });
    expect(report.drift).toBe(true);
    const same = run(ref, dataset('cur', { a: normal(11, 200, 10), c: cycle(['x', 'y'], 200), gone: normal(13, 200) }));
    expect(check(same, 'missing-columns').passed).toBe(true);
    expect(check(same, 'extra-columns').passed).toBe(true);
  });

  it('data type', () => {
    const cur = dataset('cur', { a: cycle(['ten', 'eleven'], 200), c: cycle(['x', 'y'], 200), gone: normal(13, 200) });
    const report = run(ref, cur);
    expect(check(report, 'data-type', 'a')).toMatchObject({ passed: false, details: { reference: 'numeric', current: 'categorical' } });
    expect(check(report, 'data-type', 'c').passed).toBe(true);
  });

  it('completeness against the reference and against a minimum', () => {
    const holes = normal(14, 200, 10).map((v, i) => (i % 10 === 0 ? null : v));
    const cur = dataset('cur', { a: holes, c: cycle(['x', 'y'], 200), gone: normal(15, 200) });
    const report = run(ref, cur);
    expect(check(report, 'completeness', 'a')).toMatchObject({ passed: false, details: { reference: 1, current: 0.9 } });
    expect(check(report, 'completeness', 'c').passed).toBe(true);
    const lenient = parseDriftConfig('completeness: { max-drop: 0.2 }', 'drift.yaml');
    expect(check(run(ref, cur, lenient), 'completeness', 'a').passed).toBe(true);
    const strict = parseDriftConfig('completeness: { min: 0.95, max-drop: 1 }', 'drift.yaml');
    expect(check(run(ref, cur, strict), 'completeness', 'a').passed).toBe(false);
  });

  it('baseline drift of summary statistics and category shares', () => {
    const cur = dataset('cur', { a: normal(16, 200, 10), c: cycle(['x', 'y'], 200), gone: normal(17, 200) });
    expect(check(run(ref, cur), 'baseline-drift', 'a').passed).toBe(true);
    const moved = dataset('cur', { a: normal(16, 200, 14), c: [...cycle(['x'], 150), ...cycle(['y'], 50)], gone: normal(17, 200) });
    const report = run(ref, moved);
    const a = check(report, 'baseline-drift', 'a');
    expect(a.passed).toBe(false);
    const mean = (a.details.statistics as Record<string, { changePercent: number }>).mean!;
    expect(mean.changePercent).toBeGreaterThan(30);
    expect(mean.changePercent).toBeLessThan(50);
    const c = check(report, 'baseline-drift', 'c');
    expect(c.passed).toBe(false);
    expect(c.details.largestShareChange).toBeCloseTo(0.25, 10);
  });

  it('categorical values never seen in the reference', () => {
    const cur = dataset('cur', { a: normal(18, 200, 10), c: [...cycle(['x', 'y'], 190), ...cycle(['z'], 10)], gone: normal(19, 200) });
    const report = run(ref, cur);
    expect(check(report, 'categorical-values', 'c')).toMatchObject({ passed: false, details: { unseen: 1, unseenRows: 10, unseenShare: 0.05, values: ['z'] } });
    const tolerant = parseDriftConfig('categorical-values: { max-unseen-share: 0.1 }', 'drift.yaml');
    expect(check(run(ref, cur, tolerant), 'categorical-values', 'c').passed).toBe(true);
    // KL and PSI stay finite with a category the reference never had.
    const c = report.columns.find((col) => col.name === 'c')!;
    for (const test of c.tests) expect(Number.isFinite(test.statistic), test.name).toBe(true);
  });
});

describe('selection, roles and bad input', () => {
  const ref = dataset('ref', { a: normal(20, 100), b: normal(21, 100), label: cycle(['yes', 'no'], 100), empty: Array(100).fill(null) });
  const cur = dataset('cur', { a: normal(22, 100), b: normal(23, 100), label: cycle(['yes', 'no', 'no'], 100), empty: Array(100).fill(null) });

  it('--columns restricts the comparison; target and prediction get their role', () => {
    const report = run(ref, cur, DEFAULT_CONFIG, { columns: ['a'], target: 'label' });
    expect(report.columns.map((c) => [c.name, c.role])).toEqual([
      ['a', 'feature'],
      ['label', 'target'],
    ]);
  });

  it('a column with no values is one clear error; an unknown column too', () => {
    expect(() => run(ref, cur)).toThrow(UserError);
    expect(() => run(ref, cur)).toThrow('column "empty" in ref has no values: all 100 rows are missing');
    expect(() => run(ref, cur, DEFAULT_CONFIG, { columns: ['nope'] })).toThrow('--columns names "nope", which is in neither ref nor cur');
    expect(() => run(ref, cur, DEFAULT_CONFIG, { columns: ['a'], target: 'nope' })).toThrow('--target names column "nope"');
    const ignoring = parseDriftConfig('columns:\n  empty: { ignore: true }\n', 'drift.yaml');
    expect(run(ref, cur, ignoring).columns.map((c) => c.name)).toEqual(['a', 'b', 'label']);
  });
});

describe('ADWIN over --time-column', () => {
  it('finds the change where the level shifts, and nothing in a stationary series', () => {
    const n = 3000;
    const t = Array.from({ length: n }, (_, i) => i);
    const steady = normal(30, n);
    const ref = dataset('ref', { t, v: steady });
    const cur = dataset('cur', { t: t.map((x) => x + n), v: normal(31, n, 1.5) });
    const report = run(ref, cur, DEFAULT_CONFIG, { timeColumn: 't' });
    const adwin = report.columns[0]!.tests.find((test) => test.name === 'adwin')!;
    expect(adwin.decisive).toBe(true);
    expect(adwin.drift).toBe(true);
    const changes = adwin.details!.changes as { at: string; dataset: string; meanBefore: number; meanAfter: number }[];
    const first = changes[0]!;
    expect(first.dataset).toBe('current');
    expect(Number(first.at)).toBeGreaterThanOrEqual(n);
    expect(Number(first.at)).toBeLessThan(n + 30);
    expect(changes).toHaveLength(1);
    expect(first.meanAfter - first.meanBefore).toBeGreaterThan(0.5);

    // Rows out of time order are put in order first: the same change is found.
    const shuffled = run(
      dataset('ref', { t: [...t].reverse(), v: [...steady].reverse() }),
      dataset('cur', { t: t.map((x) => x + n).reverse(), v: normal(31, n, 1.5).reverse() }),
      DEFAULT_CONFIG,
      { timeColumn: 't' },
    );
    expect(shuffled.columns[0]!.tests.find((test) => test.name === 'adwin')!.details).toEqual(adwin.details);

    const calm = run(ref, dataset('cur', { t: t.map((x) => x + n), v: normal(32, n) }), DEFAULT_CONFIG, { timeColumn: 't' });
    expect(calm.columns[0]!.tests.find((test) => test.name === 'adwin')!.statistic).toBe(0);
  });
});

describe('drift.yaml', () => {
  it('fills defaults and reads every section', () => {
    const config = parseDriftConfig(
      [
        'thresholds: { ks: 0.01, psi: 0.25 }',
        'bins: 20',
        'large-sample: 5000',
        'discrete-max-unique: 3',
        'baseline-drift: { max-percent: 5, max-share-change: 0.05 }',
      ].join('\n'),
      'drift.yaml',
    );
    expect(config.thresholds).toMatchObject({ ks: 0.01, psi: 0.25, chi2: 0.05 });
    expect(config).toMatchObject({ bins: 20, largeSample: 5000, discreteMaxUnique: 3, baselineDrift: { maxPercent: 5, maxShareChange: 0.05 } });
    expect(parseDriftConfig('', 'drift.yaml')).toEqual(DEFAULT_CONFIG);
  });
  it('names the key of every mistake', () => {
    expect(() => parseDriftConfig('treshold: 1', 'drift.yaml')).toThrow('drift.yaml: treshold is not a known setting');
    expect(() => parseDriftConfig('tests: { numeric: [anova] }', 'drift.yaml')).toThrow('drift.yaml: tests.numeric[0] must be one of');
    expect(() => parseDriftConfig('bins: 1', 'drift.yaml')).toThrow('drift.yaml: bins must be between 2 and 1000, got 1');
    expect(() => parseDriftConfig('columns:\n  age: { type: text }', 'drift.yaml')).toThrow('columns.age.type must be numeric or categorical');
    expect(() => parseDriftConfig('a: [', 'drift.yaml')).toThrow('drift.yaml: invalid YAML at line 1, column 5: ');
  });
  it('reports YAML syntax errors as one complete line, without the code frame', () => {
    const message = (text: string): string => {
      try {
        parseDriftConfig(text, 'drift.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(message('thresholds:\n  ks: [0.01\nbins: 20\n')).toBe(
      'drift.yaml: invalid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(message('bins: 10\r\nbins: 20\r\n')).toBe('drift.yaml: invalid YAML at line 2, column 1: Map keys must be unique');
    expect(message('bins: 10\n---\nbins: 20\n')).toBe(
      'drift.yaml: invalid YAML at line 2, column 1: more than one YAML document (a `---` or `...` line ends the first)',
    );
    expect(message('bins: *size\n')).toBe('drift.yaml: invalid YAML: Unresolved alias (the anchor must be set before the alias): size');
    for (const text of ['a: [', 'thresholds:\n  ks: [0.01\nbins: 20\n', 'a: "x\n', '\tbins: 1\n']) {
      expect(message(text)).not.toMatch(/[:\n]\s*$|\n/);
    }
  });
});
