// DVC's tables, cell by cell and byte by byte. The expected text is what DVC's own tests
// (tests/unit/test_compare.py) assert for `show_diff` / `show_metrics`, and DVC's documented
// rounding (--precision, default 5, round() of floats only).
import { describe, expect, it } from 'vitest';
import { diffRevisions, type DiffResult, type RevisionValues } from '../../../src/core/metrics/diff.js';
import type { FlatValues } from '../../../src/core/metrics/load.js';
import { diffTable, renderTable, showTable } from '../../../src/core/metrics/table.js';
import type { Scalar } from '../../../src/core/metrics/value.js';

function diffOf(entries: Record<string, Record<string, { old: Scalar; new: Scalar; diff?: number | bigint }>>): DiffResult {
  return new Map(Object.entries(entries).map(([path, changes]) => [path, new Map(Object.entries(changes))]));
}

/** Splits a rendered Markdown table into its cells. */
function cells(markdown: string): string[][] {
  return markdown
    .trimEnd()
    .split('\n')
    .filter((line, index) => index !== 1)
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

const DVC_EXAMPLE = diffOf({
  'metrics.yaml': {
    'a.b.c': { old: 1n, new: 2n, diff: 1n },
    'a.d.e': { old: 3n, new: 4n, diff: 1n },
    'x.b': { old: 5n, new: 6n },
  },
});

describe('diff table, as `dvc metrics diff`', () => {
  it('plain, as DVC prints to a terminal', () => {
    const table = diffTable(DVC_EXAMPLE, { title: 'Metric', oldLabel: 'HEAD', newLabel: 'workspace', precision: 5 });
    expect(renderTable(table, 'plain')).toBe(
      [
        'Path          Metric    HEAD    workspace    Change',
        'metrics.yaml  a.b.c     1       2            1',
        'metrics.yaml  a.d.e     3       4            1',
        'metrics.yaml  x.b       5       6            -',
        '',
      ].join('\n'),
    );
  });

  it('--md, byte for byte (with the trailing empty line DVC prints)', () => {
    const table = diffTable(DVC_EXAMPLE, { title: 'Metric', oldLabel: 'HEAD', newLabel: 'workspace', precision: 5 });
    expect(renderTable(table, 'markdown')).toBe(
      [
        '| Path         | Metric   | HEAD   | workspace   | Change   |',
        '|--------------|----------|--------|-------------|----------|',
        '| metrics.yaml | a.b.c    | 1      | 2           | 1        |',
        '| metrics.yaml | a.d.e    | 3      | 4           | 1        |',
        '| metrics.yaml | x.b      | 5      | 6           | -        |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('--no-path drops the Path column; params have no Change column', () => {
    const diff = diffOf({ 'metrics.json': { 'a.b.c': { old: 1n, new: 2n, diff: 3n } } });
    expect(diffTable(diff, { title: 'Metric', oldLabel: 'HEAD', newLabel: 'workspace', noPath: true })).toEqual({
      headers: ['Metric', 'HEAD', 'workspace', 'Change'],
      rows: [['a.b.c', '1', '2', '3']],
    });
    expect(diffTable(diff, { title: 'Param', oldLabel: 'HEAD', newLabel: 'workspace', showChanges: false })).toEqual({
      headers: ['Path', 'Param', 'HEAD', 'workspace'],
      rows: [['metrics.json', 'a.b.c', '1', '2']],
    });
  });

  it('rounds floats (old, new and change) to --precision; ints untouched', () => {
    const diff = diffOf({ 'metrics.json': { 'a.b.c': { old: 1.1234, new: 2.2345, diff: 3.3456 } } });
    expect(diffTable(diff, { title: 'Metric', oldLabel: 'HEAD', newLabel: 'workspace', precision: 3 }).rows).toEqual([
      ['metrics.json', 'a.b.c', '1.123', '2.235', '3.346'],
    ]);
  });

  it('missing values are "-"; 0 and 0.0 print as Python prints them', () => {
    expect(
      diffTable(diffOf({ 'param.json': { 'a.b.d': { old: null, new: 'new' } } }), { title: 'Param', oldLabel: 'HEAD', newLabel: 'workspace' }).rows,
    ).toEqual([['param.json', 'a.b.d', '-', 'new', '-']]);
    expect(
      diffTable(diffOf({ 'metrics.yaml': { 'x.b': { old: 0n, new: 0.0, diff: 0.0 } } }), {
        title: 'Metric',
        oldLabel: 'HEAD',
        newLabel: 'workspace',
        precision: 5,
      }).rows,
    ).toEqual([['metrics.yaml', 'x.b', '0', '0.0', '0.0']]);
  });

  it('headers carry the revisions as the user named them', () => {
    const table = diffTable(DVC_EXAMPLE, { title: 'Metric', oldLabel: 'main', newLabel: 'HEAD~1' });
    expect(table.headers).toEqual(['Path', 'Metric', 'main', 'HEAD~1', 'Change']);
  });

  it('an empty diff: --md still prints the header, plain prints nothing', () => {
    const table = diffTable(new Map(), { title: 'Metric', oldLabel: 'HEAD', newLabel: 'workspace' });
    expect(renderTable(table, 'plain')).toBe('');
    expect(renderTable(table, 'markdown')).toBe(
      '| Path   | Metric   | HEAD   | workspace   | Change   |\n|--------|----------|--------|-------------|----------|\n\n',
    );
  });
});

describe('diffRevisions, as dvc.utils.diff', () => {
  const old: RevisionValues = new Map<string, FlatValues | undefined>([
    [
      'metrics.json',
      new Map<string, Scalar>([
        ['acc', 0.9],
        ['loss', 0.35],
        ['epochs', 10n],
        ['same', 1n],
        ['gone', 1.5],
        ['tags', '[1, 2]'],
      ]),
    ],
    ['only-old.json', new Map<string, Scalar>([['x', 1n]])],
    ['added.json', undefined],
  ]);
  const next: RevisionValues = new Map<string, FlatValues | undefined>([
    [
      'metrics.json',
      new Map<string, Scalar>([
        ['acc', 0.91],
        ['loss', 0.3],
        ['epochs', 12n],
        ['same', 1.0],
        ['tags', '[1, 3]'],
        ['new', 'yes'],
      ]),
    ],
    ['only-old.json', undefined],
    ['added.json', new Map<string, Scalar>([['f1', 0.5]])],
  ]);

  it('computes changes, hides unchanged (1 == 1.0), marks missing sides, sorts', () => {
    const diff = diffRevisions(old, next, { all: false });
    const table = diffTable(diff, { title: 'Metric', oldLabel: 'HEAD', newLabel: 'workspace', precision: 5 });
    expect(table.rows).toEqual([
      ['added.json', 'f1', '-', '0.5', '-'],
      ['metrics.json', 'acc', '0.9', '0.91', '0.01'],
      ['metrics.json', 'epochs', '10', '12', '2'],
      ['metrics.json', 'gone', '1.5', '-', '-'],
      ['metrics.json', 'loss', '0.35', '0.3', '-0.05'],
      ['metrics.json', 'new', '-', 'yes', '-'],
      ['metrics.json', 'tags', '[1, 2]', '[1, 3]', '-'],
      ['only-old.json', 'x', '1', '-', '-'],
    ]);
    expect(cells(renderTable(table, 'markdown'))[2]).toEqual(['metrics.json', 'acc', '0.9', '0.91', '0.01']);
    // The JSON keeps the unrounded difference, as DVC's --json.
    expect(diff.get('metrics.json')?.get('acc')).toEqual({ old: 0.9, new: 0.91, diff: 0.91 - 0.9 });
  });

  it('--all keeps unchanged values', () => {
    const diff = diffRevisions(old, next, { all: true });
    expect(diff.get('metrics.json')?.get('same')).toEqual({ old: 1n, new: 1.0, diff: 0 });
  });
});

describe('show table, as `dvc metrics show`', () => {
  it('--md matches DVC (sorted columns, "-" for a key a file lacks)', () => {
    const values = new Map<string, FlatValues>([
      [
        'metrics.json',
        new Map<string, Scalar>([
          ['b.ad', 1n],
          ['b.bc', 2n],
          ['c', 4n],
        ]),
      ],
      [
        'other.json',
        new Map<string, Scalar>([
          ['a', 1n],
          ['b.ad', 3n],
          ['b.bc', 4n],
        ]),
      ],
    ]);
    expect(renderTable(showTable(values, 5), 'markdown')).toBe(
      [
        '| Path         | a   | b.ad   | b.bc   | c   |',
        '|--------------|-----|--------|--------|-----|',
        '| metrics.json | -   | 1      | 2      | 4   |',
        '| other.json   | 1   | 3      | 4      | -   |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('rounds to the precision (round_digits, as DVC passes for show)', () => {
    const values = new Map<string, FlatValues>([
      [
        'm.json',
        new Map<string, Scalar>([
          ['a', 1.098765366365355],
          ['b.ad', 1.5342673],
          ['b.bc', 2.987725527],
        ]),
      ],
    ]);
    expect(showTable(values, 4).rows).toEqual([['m.json', '1.0988', '1.5343', '2.9877']]);
  });
});

describe('Markdown safety', () => {
  it('escapes pipes so a value cannot break the table', () => {
    const diff = diffOf({ 'm.json': { note: { old: 'a|b', new: 'c' } } });
    const markdown = renderTable(diffTable(diff, { title: 'Metric', oldLabel: 'HEAD', newLabel: 'workspace' }), 'markdown');
    expect(markdown.split('\n')[2]).toBe('| m.json | note     | a\\|b   | c           | -        |');
  });
});
