// DVC template files as `dvc plots templates` writes them, today (dvc-render 1.0.2, with its
// optional colour, size, group-by, tooltip, zoom and pivot placeholders) and in 2023 (0.7.0):
// each draws its data, full size, in DVC's colours where the template asks for them.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseData, renderPlot, type PlotSource, type TemplateContent, type TemplatePlot } from '../../../src/core/plot/index.js';
import { fixtures, readFixture } from './golden.js';

function source(file: string, revision = 'workspace'): PlotSource {
  const format = file.endsWith('.csv') ? 'csv' : 'json';
  return { rows: parseData(readFixture(file), format, file), revision, file: 'data' };
}

function template(version: string, name: string): TemplateContent {
  return JSON.parse(readFixture(`dvc-render-${version}/${name}.json`)) as TemplateContent;
}

/** The data and fields each template is meant for. */
function plotFor(name: string, content: TemplateContent): TemplatePlot {
  if (name.startsWith('confusion') || name === 'scatter_jitter')
    return { template: content, sources: [source('confusion.csv')], x: 'actual', y: ['predicted'], title: name };
  if (name.startsWith('bar_horizontal')) return { template: content, sources: [source('importance.json')], x: 'importance', y: ['feature'], title: name };
  return { template: content, sources: [source('metrics-base.csv', 'main'), source('metrics.csv')], y: ['val_loss'], title: name };
}

/** The chart's size as the SVG states it. */
function size(svg: string): { width: number; height: number } {
  const match = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  return { width: Number(match?.[1]), height: Number(match?.[2]) };
}

/** Items drawn by data marks (lines, points, bars, cells), not axes or legends. */
function drawnItems(svg: string): number {
  let count = 0;
  for (const group of svg.matchAll(/<g class="mark-(?:line|symbol|rect|area) role-mark [^"]*"[^>]*>(.*?)<\/g>/g)) {
    count += [...group[1]!.matchAll(/<path [^>]*d="M[^"]*[1-9][^"]*"/g)].length;
  }
  return count;
}

const versions = ['1.0.2', '0.7.0'];
const names = readdirSync(join(fixtures, 'dvc-render-1.0.2'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

describe('DVC template files', () => {
  it("are all nine of dvc-render's templates", () => {
    expect(names).toEqual([
      'bar_horizontal',
      'bar_horizontal_sorted',
      'confusion',
      'confusion_normalized',
      'linear',
      'scatter',
      'scatter_jitter',
      'simple',
      'smooth',
    ]);
  });

  for (const version of versions) {
    it.each(names)(`dvc-render ${version}: %s draws its data at full size`, async (name) => {
      const svg = (await renderPlot(plotFor(name, template(version, name)), { format: 'svg' })).toString('utf8');
      const { width, height } = size(svg);
      expect(width).toBeGreaterThan(300);
      expect(height).toBeGreaterThan(300);
      expect(drawnItems(svg)).toBeGreaterThan(1);
      expect(svg).toContain(`>${name}</text>`);
    });
  }

  it.each(['linear', 'smooth', 'simple'])("dvc-render 1.0.2: %s colours each revision with DVC's palette", async (name) => {
    const svg = (await renderPlot(plotFor(name, template('1.0.2', name)), { format: 'svg' })).toString('utf8');
    expect(svg).toContain('>main</text>');
    expect(svg).toContain('>workspace</text>');
    expect(svg).toContain('#945dd6');
    expect(svg).toContain('#13adc7');
  });

  it('a placeholder inside a longer text is filled too, as dvc-render does', async () => {
    const content = template('1.0.2', 'simple');
    const svg = (
      await renderPlot({ ...plotFor('simple', { ...content, title: { text: 'Run: <DVC_METRIC_TITLE>', anchor: 'middle' } }) }, { format: 'svg' })
    ).toString('utf8');
    expect(svg).toContain('>Run: simple</text>');
  });
});

describe('the built-in scatter_jitter template', () => {
  it('draws categories with jittered points, the same way every time', async () => {
    const plot: TemplatePlot = { template: 'scatter_jitter', sources: [source('confusion.csv')], x: 'actual', y: ['predicted'] };
    const first = (await renderPlot(plot, { format: 'svg' })).toString('utf8');
    expect(drawnItems(first)).toBeGreaterThan(10);
    expect((await renderPlot(plot, { format: 'svg' })).toString('utf8')).toBe(first);
  });
});
