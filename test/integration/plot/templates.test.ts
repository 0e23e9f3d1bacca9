// Every DVC template, the base-revision overlay, and Vega-Lite / Vega specs, rendered through the
// real pipeline (Vega View -> SVG -> sharp -> PNG) and compared with golden images.

import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseData, renderPlot, renderPlots, toSpecInput, type PlotSource, type TemplatePlot } from '../../../src/core/plot/index.js';
import { expectMatchesGolden, fixtures, readFixture } from './golden.js';
import { inkFraction } from './pixels.js';

function source(file: string, revision = 'workspace'): PlotSource {
  const format = file.endsWith('.csv') ? 'csv' : file.endsWith('.tsv') ? 'tsv' : file.endsWith('.json') ? 'json' : 'yaml';
  return { rows: parseData(readFixture(file), format, file), revision, file: revision === 'workspace' ? file : file.replace('-base', '') };
}

const cases: Record<string, TemplatePlot> = {
  linear: { template: 'linear', sources: [source('metrics.csv')], y: ['loss', 'val_loss'], title: 'Training loss' },
  simple: { template: 'simple', sources: [source('metrics.csv')], y: ['accuracy'], title: 'Accuracy', yLabel: 'accuracy (validation)' },
  scatter: { template: 'scatter', sources: [source('scatter.yaml')], x: 'pred', y: ['target'], title: 'Predicted vs target' },
  smooth: { template: 'smooth', sources: [source('noisy.tsv')], x: 'epoch', y: ['auc'], title: 'AUC (LOESS)' },
  confusion: { template: 'confusion', sources: [source('confusion.csv')], title: 'Confusion matrix' },
  confusion_normalized: { template: 'confusion_normalized', sources: [source('confusion.csv')] },
  bar_horizontal: { template: 'bar_horizontal', sources: [source('importance.json')], x: 'importance', y: ['feature'], title: 'Feature importance' },
  bar_horizontal_sorted: { template: 'bar_horizontal_sorted', sources: [source('importance.json')], x: 'importance', y: ['feature'] },
  'base-overlay': {
    template: 'linear',
    sources: [{ ...source('metrics-base.csv', 'main'), file: 'metrics.csv' }, source('metrics.csv')],
    y: ['val_loss'],
    title: 'val_loss: this PR vs main',
  },
};

describe('plot templates render as in the golden images', () => {
  it.each(Object.keys(cases))('%s', async (name) => {
    const png = await renderPlot(cases[name]!, { format: 'png', scale: 2 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await inkFraction(png)).toBeGreaterThan(0.01);
    await expectMatchesGolden(png, name);
  });

  it('the base overlay differs from the workspace-only chart (both revisions are drawn)', async () => {
    const overlay = await renderPlot(cases['base-overlay']!);
    const single = await renderPlot({ ...cases['base-overlay']!, sources: [source('metrics.csv')] });
    expect(overlay.equals(single)).toBe(false);
    // Two revisions: the legend names both, in the template's colours.
    const svg = (await renderPlot(cases['base-overlay']!, { format: 'svg' })).toString('utf8');
    expect(svg).toContain('>main</text>');
    expect(svg).toContain('>workspace</text>');
    expect(svg).toContain('#4c78a8');
    expect(svg).toContain('#f58518');
  });
});

describe('batches and reuse', () => {
  it('renderPlots draws a batch in order, each as renderPlot would', async () => {
    const names = ['confusion', 'linear', 'bar_horizontal', 'simple', 'scatter', 'smooth'];
    const images = await renderPlots(names.map((name) => cases[name]!));
    expect(images).toHaveLength(names.length);
    for (const [index, name] of names.entries()) await expectMatchesGolden(images[index]!, name);
    const svgs = await renderPlots([cases.simple!], { format: 'svg' });
    expect(svgs[0]!.toString('utf8')).toMatch(/^<svg /);
  });

  it('a chart redrawn with other data and title shows them (the compiled chart is reused, not its data)', async () => {
    const original = cases.simple!;
    await expectMatchesGolden(await renderPlot(original), 'simple');
    const halved = original.sources.map((entry) => ({ ...entry, rows: entry.rows.map((row) => ({ ...row, accuracy: Number(row.accuracy) / 2 })) }));
    const changed = (await renderPlot({ ...original, sources: halved, title: 'Another title' }, { format: 'svg' })).toString('utf8');
    expect(changed).toContain('>Another title</text>');
    expect(changed).not.toContain('>Accuracy</text>');
    const before = (await renderPlot(original, { format: 'svg' })).toString('utf8');
    expect(before).toContain('>Accuracy</text>');
    expect(changed).not.toBe(before);
    await expectMatchesGolden(await renderPlot(original), 'simple');
  });
});

describe('specs', () => {
  it('renders a Vega-Lite spec whose data URL is relative to the spec file', async () => {
    const png = await renderPlot({ spec: JSON.parse(readFixture('area.vl.json')) as Record<string, unknown>, baseDirectory: fixtures, source: 'area.vl.json' });
    await expectMatchesGolden(png, 'spec-vega-lite');
  });

  it('renders a Vega spec', async () => {
    const png = await renderPlot({ spec: JSON.parse(readFixture('splits.vg.json')) as Record<string, unknown> });
    await expectMatchesGolden(png, 'spec-vega');
  });

  it('reads a relative data URL only from the directory it is given, never the working directory', async () => {
    // The path exists relative to the test's working directory, which must not be consulted.
    const spec = { data: { url: 'test/fixtures/plot/metrics.csv' }, mark: 'line', encoding: { x: { field: 'step', type: 'quantitative' } } };
    await expect(renderPlot({ spec, source: 'rel.json' })).rejects.toThrow(
      /rel.json loads data from the relative path test\/fixtures\/plot\/metrics.csv, and no directory was given/,
    );
    const absolute = { ...spec, data: { url: join(fixtures, 'metrics.csv') } };
    expect((await renderPlot({ spec: absolute }, { format: 'svg' })).toString('utf8')).toMatch(/^<svg /);
    // A template plot passes its directory on to the spec it becomes.
    expect(toSpecInput({ ...cases.simple!, baseDirectory: fixtures }).baseDirectory).toBe(fixtures);
  });

  it('refuses to fetch remote data and names the URL', async () => {
    const spec = { data: { url: 'https://example.com/data.csv' }, mark: 'point' };
    await expect(renderPlot({ spec, baseDirectory: dirname(fixtures) })).rejects.toThrow(/loads data from https:\/\/example.com\/data.csv: only local files/);
  });

  it('reports a broken Vega-Lite spec as a user error', async () => {
    await expect(renderPlot({ spec: { mark: 'nonsense', data: { values: [] } }, kind: 'vega-lite', source: 'x.json' })).rejects.toThrow(/x.json/);
  });
});

describe('output', () => {
  it('scale multiplies the pixel size; SVG is text', async () => {
    const plot = cases.simple!;
    const one = await sharp(await renderPlot(plot, { scale: 1 })).metadata();
    const two = await sharp(await renderPlot(plot, { scale: 2 })).metadata();
    expect(two.width).toBe(one.width! * 2);
    expect(two.height).toBe(one.height! * 2);
    const svg = (await renderPlot(plot, { format: 'svg' })).toString('utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(join(fixtures, 'x')).toContain('fixtures/plot');
  });

  it('rejects a scale outside (0, 10]', async () => {
    await expect(renderPlot(cases.simple!, { scale: 0 })).rejects.toThrow(/scale must be/);
    await expect(renderPlot(cases.simple!, { scale: 11 })).rejects.toThrow(/scale must be/);
  });
});
