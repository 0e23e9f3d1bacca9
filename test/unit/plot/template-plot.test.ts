import { describe, expect, it } from 'vitest';
import { templateSpec, type PlotSource } from '../../../src/core/plot/template-plot.js';
import { TEMPLATE_NAMES, builtInTemplate, fillTemplate, hasDataAnchor } from '../../../src/core/plot/templates.js';

const rows = [
  { step: 0, loss: 1, val_loss: 1.2, 'acc.top1': 0.1 },
  { step: 1, loss: 0.5, val_loss: 0.7, 'acc.top1': 0.4 },
];
const workspace: PlotSource = { rows, revision: 'workspace', file: 'metrics.csv' };

type Encoding = Record<string, { field?: string; title?: string; legend?: { title?: unknown } }>;
type Spec = { data: { values: Record<string, unknown>[] }; encoding: Encoding; layer: { encoding: Encoding }[]; title?: { text: string; anchor: string } };

describe('template plots', () => {
  it('every built-in template has the data, x and y anchors and no interactive selection', () => {
    for (const name of TEMPLATE_NAMES) {
      const text = JSON.stringify(builtInTemplate(name));
      expect(hasDataAnchor(builtInTemplate(name)), name).toBe(true);
      expect(text, name).toContain('<DVC_METRIC_X>');
      expect(text, name).toContain('<DVC_METRIC_Y>');
      expect(text, name).not.toContain('"selection"');
    }
  });

  it('defaults x to step and y to the last field, titles to the field names, series to the revision', () => {
    const spec = templateSpec({ template: 'linear', sources: [workspace] }) as unknown as Spec;
    expect(spec.encoding.x!.field).toBe('step');
    expect(spec.layer[0]!.encoding.y!.field).toBe('acc\\.top1');
    expect(spec.layer[0]!.encoding.y!.title).toBe('acc.top1');
    expect(spec.data.values.map((row) => row.rev)).toEqual(['workspace', 'workspace']);
    expect(spec.title).toBeUndefined();
  });

  it('makes a row-number x when the data has no step', () => {
    const spec = templateSpec({ template: 'linear', sources: [{ ...workspace, rows: [{ a: 3 }, { a: 4 }] }] }) as unknown as Spec;
    expect(spec.data.values).toEqual([
      { step: 0, a: 3, rev: 'workspace' },
      { step: 1, a: 4, rev: 'workspace' },
    ]);
  });

  it('draws several y fields as series named by field, with no "rev" legend heading', () => {
    const spec = templateSpec({ template: 'linear', sources: [workspace], y: ['loss', 'val_loss'], title: 'Loss' }) as unknown as Spec;
    expect(spec.layer[0]!.encoding.y!.field).toBe('value');
    expect(spec.layer[0]!.encoding.y!.title).toBe('loss, val_loss');
    for (const layer of spec.layer) expect(layer.encoding.color!.legend!.title).toBeNull();
    expect(spec.data.values).toEqual([
      { step: 0, value: 1, rev: 'loss' },
      { step: 0, value: 1.2, rev: 'val_loss' },
      { step: 1, value: 0.5, rev: 'loss' },
      { step: 1, value: 0.7, rev: 'val_loss' },
    ]);
    expect(spec.title).toEqual({ text: 'Loss', anchor: 'middle' });
  });

  it('labels series by revision for a base overlay, and by revision::field when both vary', () => {
    const base: PlotSource = { ...workspace, revision: 'main', rows: [{ step: 0, loss: 2, val_loss: 3 }] };
    const one = templateSpec({ template: 'linear', sources: [base, workspace], y: ['loss'] }) as unknown as Spec;
    expect(new Set(one.data.values.map((row) => row.rev))).toEqual(new Set(['main', 'workspace']));
    const two = templateSpec({ template: 'linear', sources: [base, workspace], y: ['loss', 'val_loss'] }) as unknown as Spec;
    expect(new Set(two.data.values.map((row) => row.rev))).toEqual(new Set(['main::loss', 'main::val_loss', 'workspace::loss', 'workspace::val_loss']));
  });

  it('names the missing field and the available ones', () => {
    expect(() => templateSpec({ template: 'linear', sources: [workspace], y: ['acc'] })).toThrow(/field "acc" \(-y\) is not in metrics.csv/);
    try {
      templateSpec({ template: 'linear', sources: [workspace], x: 'epoch' });
    } catch (error) {
      expect((error as { hint?: string }).hint).toBe('available fields: step, loss, val_loss, acc.top1');
    }
    expect(() => templateSpec({ template: 'linear', sources: [{ ...workspace, revision: 'main' }], y: ['acc'] })).toThrow(/metrics.csv at main/);
  });

  it('confusion matrices default to actual/predicted and keep every field', () => {
    const data = [
      { actual: 'cat', predicted: 'dog', id: 1 },
      { actual: 'dog', predicted: 'dog', id: 2 },
    ];
    const spec = templateSpec({ template: 'confusion', sources: [{ rows: data, revision: 'workspace', file: 'c.csv' }] }) as unknown as {
      data: { values: unknown[] };
      spec: { encoding: Record<string, { field: string }> };
    };
    expect(spec.spec.encoding.x!.field).toBe('actual');
    expect(spec.spec.encoding.y!.field).toBe('predicted');
    expect(spec.data.values[0]).toEqual({ actual: 'cat', predicted: 'dog', id: 1, rev: 'workspace' });
  });

  it("fills a user template's anchors anywhere in the document", () => {
    const filled = fillTemplate(
      {
        data: { values: '<DVC_METRIC_DATA>' },
        mark: 'bar',
        encoding: { x: { field: '<DVC_METRIC_X>', title: '<DVC_METRIC_X_LABEL>' } },
        title: '<DVC_METRIC_TITLE>',
      },
      { data: [{ 'a.b': 1 }], x: 'a.b', y: 'c', title: undefined, xLabel: 'A.B', yLabel: 'C' },
    );
    expect(filled).toEqual({ data: { values: [{ 'a.b': 1 }] }, mark: 'bar', encoding: { x: { field: 'a\\.b', title: 'A.B' } } });
  });
});
