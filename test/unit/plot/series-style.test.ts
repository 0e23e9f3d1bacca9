// What a reviewer sees on a chart that compares revisions: one colour per metric with the base
// dashed and the head solid, no `rev` heading, and confusion matrices without a facet header for
// a single revision, with level class labels and a titled colour scale.

import { describe, expect, it } from 'vitest';
import { templateSpec, type PlotSource } from '../../../src/core/plot/template-plot.js';

const rows = [
  { step: 0, loss: 1, val_loss: 1.2 },
  { step: 1, loss: 0.5, val_loss: 0.7 },
];
const base: PlotSource = { rows, revision: 'main', file: 'metrics.csv' };
const head: PlotSource = { rows, revision: 'feature', file: 'metrics.csv' };
const classes = [
  { actual: 'cat', predicted: 'cat' },
  { actual: 'dog', predicted: 'cat' },
];

type Node = Record<string, unknown> & {
  encoding?: Record<string, Record<string, unknown>>;
  layer?: Node[];
  spec?: Node;
  facet?: { column: Record<string, unknown> };
};

describe('series style', () => {
  it('several metrics of two revisions: colour by metric, base dashed, head solid', () => {
    const spec = templateSpec({ template: 'linear', sources: [base, head], y: ['loss', 'val_loss'] }) as Node;
    const [line, last] = spec.layer!;
    expect(line!.encoding!.color).toMatchObject({ field: 'metric', legend: { title: null } });
    expect(line!.encoding!.strokeDash).toMatchObject({
      field: 'revision',
      sort: ['main', 'feature'],
      scale: {
        domain: ['main', 'feature'],
        range: [
          [6, 4],
          [1, 0],
        ],
      },
    });
    // The end-of-series dots keep the two revisions apart.
    expect(last!.encoding!.detail).toMatchObject({ field: 'revision' });
    const values = (spec.data as { values: Record<string, unknown>[] }).values;
    expect(new Set(values.map((row) => `${String(row.metric)}@${String(row.revision)}`))).toEqual(
      new Set(['loss@main', 'val_loss@main', 'loss@feature', 'val_loss@feature']),
    );
  });

  it('smooth keeps the metric and revision through LOESS', () => {
    const spec = templateSpec({ template: 'smooth', sources: [base, head], y: ['loss', 'val_loss'] }) as Node;
    expect(JSON.stringify(spec)).toMatch(/"groupby":\["rev","metric","revision"\]/);
  });

  it('one metric of two revisions: coloured by revision, with no "rev" legend heading', () => {
    const spec = templateSpec({ template: 'linear', sources: [base, head], y: ['loss'] }) as Node;
    const color = spec.layer![0]!.encoding!.color!;
    expect(color.field).toBe('rev');
    expect(color.legend).toEqual({ title: null });
    expect(spec.layer![0]!.encoding!.strokeDash).toBeUndefined();
  });

  it('a confusion matrix of one revision has no facet header; of two, the revision names without "rev"', () => {
    const one = templateSpec({ template: 'confusion', sources: [{ rows: classes, revision: 'feature', file: 'p.csv' }] }) as Node;
    expect(one.facet!.column.header).toEqual({ title: null, labels: false });
    const x = one.spec!.encoding!.x!;
    expect(x.axis).toEqual({ labelAngle: 0, labelLimit: 80 });
    expect(one.spec!.layer![0]!.encoding!.color!.title).toBe('count');
    const two = templateSpec({
      template: 'confusion_normalized',
      sources: [
        { rows: classes, revision: 'main', file: 'p.csv' },
        { rows: classes, revision: 'feature', file: 'p.csv' },
      ],
    }) as Node;
    expect(two.facet!.column.header).toMatchObject({ title: null });
    expect(two.spec!.layer![0]!.encoding!.color!.title).toBe('share');
  });
});
