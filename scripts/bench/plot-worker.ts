// Measures plot rendering inside one process, for scripts/bench/plot.mjs (which bundles this file
// and runs it as a child process). Prints one JSON line of timings in milliseconds.
//   plot-worker <fixtures directory> <output directory> twenty|warm

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseData, renderPlot, renderPlots, renderSvg, svgToPng, toSpecInput, type PlotSource, type TemplatePlot } from '../../src/core/plot/index.js';

const [fixtures, out, mode] = process.argv.slice(2) as [string, string, string];

function source(file: string, format: 'csv' | 'tsv' | 'json' | 'yaml'): PlotSource {
  return { rows: parseData(readFileSync(join(fixtures, file), 'utf8'), format, file), revision: 'workspace', file };
}

function charts(): TemplatePlot[] {
  const metrics = source('metrics.csv', 'csv');
  return [
    { template: 'linear', sources: [metrics], y: ['loss', 'val_loss'], title: 'Training loss' },
    { template: 'simple', sources: [metrics], y: ['accuracy'] },
    { template: 'scatter', sources: [source('scatter.yaml', 'yaml')], x: 'pred', y: ['target'] },
    { template: 'smooth', sources: [source('noisy.tsv', 'tsv')], x: 'epoch', y: ['auc'] },
    { template: 'confusion', sources: [source('confusion.csv', 'csv')] },
    { template: 'confusion_normalized', sources: [source('confusion.csv', 'csv')] },
    { template: 'bar_horizontal', sources: [source('importance.json', 'json')], x: 'importance', y: ['feature'] },
    { template: 'bar_horizontal_sorted', sources: [source('importance.json', 'json')], x: 'importance', y: ['feature'] },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The same chart with its numbers moved a little: new data, same shape. */
function withNewData(chart: TemplatePlot, round: number): TemplatePlot {
  const nudge = (row: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' && key !== 'step' ? value * (1 + round / 1000) : value]));
  return { ...chart, sources: chart.sources.map((entry) => ({ ...entry, rows: entry.rows.map(nudge) })) };
}

if (mode === 'twenty') {
  // Twenty different charts (the eight templates in turn, each with its own title, so no two
  // compile alike), drawn as one batch the way `cml plot --dvc` draws dvc.yaml's plots.
  const startedRendering = performance.now();
  const list = charts();
  const batch = Array.from({ length: 20 }, (_, index) => ({ ...withNewData(list[index % list.length]!, index), title: `Chart ${index + 1}` }));
  const images = await renderPlots(batch);
  images.forEach((png, index) => writeFileSync(join(out, `chart-${index}.png`), png));
  const cpu = process.cpuUsage();
  process.stdout.write(
    JSON.stringify({ sinceProcessStart: performance.now(), rendering: performance.now() - startedRendering, cpu: (cpu.user + cpu.system) / 1000 }) + '\n',
  );
} else {
  const chart = charts()[0]!;
  for (let index = 0; index < 3; index += 1) await renderPlot(withNewData(chart, index)); // warm-up: modules, fonts, JIT
  const svg = await renderSvg(toSpecInput(chart));
  const warm: number[] = [];
  const uncached: number[] = [];
  const floor: number[] = [];
  const vegaOnly: number[] = [];
  for (let index = 0; index < 15; index += 1) {
    // Redrawn with new data (the compiled chart is reused).
    let started = performance.now();
    writeFileSync(join(out, 'warm.png'), await renderPlot(withNewData(chart, index + 10), { scale: 2 }));
    warm.push(performance.now() - started);
    // A chart never drawn before in this process (compiled from scratch).
    started = performance.now();
    writeFileSync(join(out, 'uncached.png'), await renderPlot({ ...chart, yLabel: `loss (run ${index})` }, { scale: 2 }));
    uncached.push(performance.now() - started);
    started = performance.now();
    await renderSvg(toSpecInput(withNewData(chart, index + 100)));
    vegaOnly.push(performance.now() - started);
    started = performance.now();
    writeFileSync(join(out, 'floor.png'), await svgToPng(svg, { scale: 2 }));
    floor.push(performance.now() - started);
  }
  process.stdout.write(JSON.stringify({ warm: median(warm), uncached: median(uncached), floor: median(floor), vega: median(vegaOnly) }) + '\n');
}
