// A field drawn on a numeric axis must hold numbers: text there draws axes and a legend around
// nothing. Which axes are numeric is each template's own business (confusion and bar charts take
// categories), read from the template itself.

import { describe, expect, it } from 'vitest';
import { templateSpec, type PlotSource } from '../../../src/core/plot/template-plot.js';
import { TEMPLATE_NAMES, builtInTemplate, quantitativeAnchors, type TemplateName } from '../../../src/core/plot/templates.js';
import { UserError } from '../../../src/errors.js';

const text: PlotSource = {
  rows: [
    { step: 0, loss: 'a' },
    { step: 1, loss: 'b' },
  ],
  revision: 'workspace',
  file: 'text.csv',
};
const categories: PlotSource = {
  rows: [
    { feature: 'age', importance: 0.5, label: 'x' },
    { feature: 'income', importance: 0.3, label: 'y' },
  ],
  revision: 'workspace',
  file: 'importance.csv',
};

/** The x and y channels a spec draws, in every layer, as `channel:field:type`. */
function channels(spec: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const encoding = (node as { encoding?: Record<string, { field?: string; type?: string }> }).encoding;
    for (const channel of ['x', 'y']) if (encoding?.[channel]?.field) found.add(`${channel}:${encoding[channel].field}:${encoding[channel].type}`);
    Object.values(node).forEach(walk);
  };
  walk(spec);
  return [...found].sort();
}

/** The rows a spec carries. */
function rows(spec: unknown): unknown[] {
  return (spec as { data: { values: unknown[] } }).data.values;
}

function failure(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('numeric axes', () => {
  it('each built-in template says which of x and y it draws on a numeric scale', () => {
    const needs = Object.fromEntries(TEMPLATE_NAMES.map((name) => [name, quantitativeAnchors(builtInTemplate(name))]));
    expect(needs).toEqual({
      linear: { x: true, y: true },
      simple: { x: true, y: true },
      scatter: { x: true, y: true },
      scatter_jitter: { x: false, y: false },
      smooth: { x: true, y: true },
      confusion: { x: false, y: false },
      confusion_normalized: { x: false, y: false },
      bar_horizontal: { x: true, y: false },
      bar_horizontal_sorted: { x: true, y: false },
    });
  });

  it.each(['linear', 'simple', 'scatter', 'smooth'] satisfies TemplateName[])('%s: a -y field of text only is a one-line UserError', (template) => {
    const error = failure(() => templateSpec({ template, sources: [text], y: ['loss'] }));
    expect(error.message).toBe('field "loss" (-y) has no numeric values in text.csv');
    expect(error.hint).toBe(`values such as "a" are not numbers; the ${template} template draws -y on a numeric axis`);
  });

  it('the default y (the last field) is checked too, and an empty field is named as such', () => {
    expect(() => templateSpec({ template: 'linear', sources: [text] })).toThrow(/field "loss" \(-y\) has no numeric values in text.csv/);
    const empty = failure(() =>
      templateSpec({
        template: 'linear',
        sources: [
          {
            ...text,
            rows: [
              { step: 0, loss: null },
              { step: 1, loss: '' },
            ],
          },
        ],
      }),
    );
    expect(empty.hint).toMatch(/^it is empty in every row;/);
  });

  it('a text -x on a numeric axis fails; the made-up row number does not', () => {
    const dated: PlotSource = { rows: [{ date: '2024-01-01', loss: 1 }], revision: 'workspace', file: 'd.csv' };
    expect(() => templateSpec({ template: 'linear', sources: [dated], x: 'date', y: ['loss'] })).toThrow(/field "date" \(-x\) has no numeric values in d.csv/);
    expect(() => templateSpec({ template: 'scatter', sources: [dated], x: 'date', y: ['loss'] })).toThrow(/field "date" \(-x\)/);
    const numbered = templateSpec({ template: 'linear', sources: [{ ...dated, rows: [{ loss: 1 }, { loss: 2 }] }] });
    expect(channels(numbered)).toEqual(['x:step:quantitative', 'y:loss:quantitative']);
    expect(rows(numbered)).toEqual([
      { step: 0, loss: 1, rev: 'workspace' },
      { step: 1, loss: 2, rev: 'workspace' },
    ]);
  });

  it('names the revision whose data has no numbers', () => {
    const workspace: PlotSource = { ...text, rows: [{ step: 0, loss: 1 }] };
    expect(() => templateSpec({ template: 'linear', sources: [{ ...text, revision: 'main' }, workspace], y: ['loss'] })).toThrow(
      /field "loss" \(-y\) has no numeric values in text.csv at main/,
    );
  });

  it('accepts what Vega places on a numeric scale: numbers, numeric text, a field with some gaps', () => {
    const mixed: PlotSource = {
      rows: [
        { step: 0, loss: 'n/a' },
        { step: 1, loss: '0.5' },
        { step: 2, loss: null },
      ],
      revision: 'workspace',
      file: 'm.json',
    };
    const spec = templateSpec({ template: 'linear', sources: [mixed], y: ['loss'] });
    expect(channels(spec)).toEqual(['x:step:quantitative', 'y:loss:quantitative']);
    // The rows go to Vega as they are: it reads '0.5' as a number and leaves the others out.
    expect(rows(spec)).toEqual(mixed.rows.map((row) => ({ ...row, rev: 'workspace' })));
  });

  it('bar templates take categories on y but need numbers on x', () => {
    for (const template of ['bar_horizontal', 'bar_horizontal_sorted'] as const) {
      expect(channels(templateSpec({ template, sources: [categories], x: 'importance', y: ['feature'] })), template).toEqual([
        'x:importance:quantitative',
        'y:feature:nominal',
      ]);
      expect(() => templateSpec({ template, sources: [categories], x: 'label', y: ['feature'] })).toThrow(
        /field "label" \(-x\) has no numeric values in importance.csv/,
      );
    }
  });

  it('confusion matrices take categories on both axes', () => {
    const classes: PlotSource = { rows: [{ actual: 'cat', predicted: 'dog' }], revision: 'workspace', file: 'c.csv' };
    for (const template of ['confusion', 'confusion_normalized'] as const) {
      expect(channels(templateSpec({ template, sources: [classes] })), template).toEqual(['x:actual:nominal', 'y:predicted:nominal']);
    }
  });

  it("a template file's own encodings decide: nominal y takes text, quantitative y does not", () => {
    const withType = (type: string) => ({
      data: { values: '<DVC_METRIC_DATA>' },
      mark: 'bar',
      encoding: { x: { field: '<DVC_METRIC_X>', type: 'nominal' }, y: { field: '<DVC_METRIC_Y>', type } },
    });
    expect(channels(templateSpec({ template: withType('nominal'), sources: [text], y: ['loss'] }))).toEqual(['x:step:nominal', 'y:loss:nominal']);
    const error = failure(() => templateSpec({ template: withType('quantitative'), sources: [text], y: ['loss'] }));
    expect(error.message).toBe('field "loss" (-y) has no numeric values in text.csv');
    expect(error.hint).toMatch(/the template draws -y on a numeric axis$/);
  });
});
