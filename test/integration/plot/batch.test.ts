// renderPlots with layout worker threads, run from a bundle laid out like dist/ (the worker script
// in workers/, found relative to the code): the images match those drawn on one thread, and a
// failing chart is reported as its own one-line error, the first failing one in input order.

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundle as bundleSources } from '../../../scripts/bundle.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseData, type PlotInput, type Row } from '../../../src/core/plot/index.js';
import { tempDir } from '../../helpers/temp.js';
import { expectMatchesGolden, readFixture } from './golden.js';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const bundle = join(root, 'node_modules/.cache/cml-plot-test/batch');
const dir = tempDir('cml-plot-batch-');

beforeAll(async () => {
  await bundleSources({
    outdir: bundle,
    entryPoints: {
      'test/batch-child': join(root, 'test/integration/plot/batch-child.ts'),
      'workers/plot-layout': join(root, 'src/core/plot/layout-worker.ts'),
    },
    minify: false,
  });
  writeFileSync(join(bundle, 'package.json'), '{"type":"module"}\n');
}, 60_000);

const metrics = parseData(readFixture('metrics.csv'), 'csv', 'metrics.csv');
const confusion = parseData(readFixture('confusion.csv'), 'csv', 'confusion.csv');
const source = (rows: Row[], file: string) => ({ rows, revision: 'workspace', file });
const plots: [string, PlotInput][] = [
  ['linear', { template: 'linear', sources: [source(metrics, 'metrics.csv')], y: ['loss', 'val_loss'], title: 'Training loss' }],
  ['confusion', { template: 'confusion', sources: [source(confusion, 'confusion.csv')], title: 'Confusion matrix' }],
  ['simple', { template: 'simple', sources: [source(metrics, 'metrics.csv')], y: ['accuracy'], title: 'Accuracy', yLabel: 'accuracy (validation)' }],
  ['confusion_normalized', { template: 'confusion_normalized', sources: [source(confusion, 'confusion.csv')] }],
  ['spec-vega', { spec: JSON.parse(readFixture('splits.vg.json')) as Record<string, unknown> }],
  ['linear', { template: 'linear', sources: [source(metrics, 'metrics.csv')], y: ['loss', 'val_loss'], title: 'Training loss' }],
];

async function renderBatch(name: string, inputs: PlotInput[], workers: number): Promise<{ ok?: number; error?: string; user?: boolean; out: string }> {
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(inputs));
  const { stdout } = await run(process.execPath, [join(bundle, 'test/batch-child.js'), file, out, String(workers)], { timeout: 60_000 });
  return { ...(JSON.parse(stdout) as { ok?: number; error?: string; user?: boolean }), out };
}

describe('renderPlots with layout workers', () => {
  it.each([0, 2])('with %i workers every image matches its golden, in input order', async (workers) => {
    const result = await renderBatch(
      `ok-${workers}`,
      plots.map(([, plot]) => plot),
      workers,
    );
    expect(result.ok).toBe(plots.length);
    for (const [index, [golden]] of plots.entries()) await expectMatchesGolden(readFileSync(join(result.out, `${index}.png`)), golden);
  });

  it('reports the first failing chart in input order, as a user error', async () => {
    const broken = (mark: string): PlotInput => ({
      spec: { data: { values: [{ a: 1 }] }, mark, encoding: { x: { field: 'a', type: 'quantitative' } } },
      kind: 'vega-lite',
      source: `${mark}.json`,
    });
    // The lanes take charts in turn: the worker lanes start first, so chart 2 is laid out in a
    // worker (its error crosses the thread boundary) and chart 4 on the main thread.
    const inputs = [plots[0]![1], plots[1]![1], broken('no-such-mark'), plots[2]![1], broken('another-bad-mark'), plots[3]![1]];
    const result = await renderBatch('failing', inputs, 2);
    expect(result.user).toBe(true);
    expect(result.error).toMatch(/^no-such-mark.json is not a valid Vega-Lite spec/);
  });
});
