// Plots as images: the API other parts of continuous-ml (and `cml plot`) draw charts with.
//
//   renderPlot({ spec }, { format: 'png', scale: 2 })                         any Vega-Lite or Vega spec
//   renderPlot({ template: 'linear', sources: [{ rows, revision, file }] })   a DVC template over data
//
// Pipeline: template + data -> Vega-Lite -> Vega View (no canvas) -> SVG -> sharp -> PNG.

import { availableParallelism } from 'node:os';
import { layoutWorkerScript, startLayoutWorker, type LayoutWorker } from './layout-pool.js';
import { estimatedArea, layoutQueue, type QueuedLayout } from './layout-queue.js';
import { svgToPng } from './png.js';
import { renderSvg, type LayoutTally, type SpecInput } from './svg.js';
import { templateSpec, type TemplatePlot } from './template-plot.js';

export type PlotFormat = 'png' | 'svg';

export interface RenderOptions {
  /** Default: png. */
  readonly format?: PlotFormat;
  /** Device pixels per chart pixel for PNG; default 2. */
  readonly scale?: number;
  /** Fonts to draw PNG text with (tests); default: the shipped DejaVu fonts. */
  readonly fontDirectory?: string;
}

export type PlotInput = SpecInput | TemplatePlot;

export const DEFAULT_SCALE = 2;

/** Renders a plot to PNG or SVG bytes. Bad data, fields or specs are UserErrors. */
export async function renderPlot(input: PlotInput, options: RenderOptions = {}): Promise<Buffer> {
  const svg = await renderSvg(toSpecInput(input));
  if ((options.format ?? 'png') === 'svg') return Buffer.from(svg, 'utf8');
  return svgToPng(svg, { scale: options.scale ?? DEFAULT_SCALE, ...(options.fontDirectory ? { fontDirectory: options.fontDirectory } : {}) });
}

/** PNGs being rasterised at once while further charts are laid out. */
const RASTER_IN_FLIGHT = 8;
/** Below this many charts, starting a worker (its own Vega, ~0.2 s) costs more than it saves. */
const MIN_BATCH_FOR_WORKERS = 4;
const MAX_LAYOUT_WORKERS = 3;

export interface BatchOptions extends RenderOptions {
  /**
   * Worker threads laying charts out beside the main thread. Default: the cores less two (one for
   * this thread, one for rasterising), at most 3, so none on a 2-core machine, where measured a
   * worker costs more (its own Vega to load) than it saves. 0 = none.
   */
  readonly layoutWorkers?: number;
  /** Counts this batch's layouts on this thread (worker threads compile their own charts). */
  readonly tally?: LayoutTally;
}

/**
 * Renders several plots; the result is in the order of `inputs`. Charts are laid out (Vega) on
 * this thread, costliest to rasterise first and together with any other batch under way (see
 * layout-queue.ts), and for larger batches on worker threads at the same time, while sharp
 * rasterises finished ones on libuv's pool. If some charts fail, the error of the first of them
 * in input order is thrown.
 */
export async function renderPlots(inputs: readonly PlotInput[], options: BatchOptions = {}): Promise<Buffer[]> {
  // Template plots are validated (fields, data) up front, in order, before any work starts.
  const specs = inputs.map(toSpecInput);
  const script = specs.length >= MIN_BATCH_FOR_WORKERS ? layoutWorkerScript() : undefined;
  const workerCount = script ? Math.max(0, Math.min(options.layoutWorkers ?? availableParallelism() - 2, MAX_LAYOUT_WORKERS, specs.length - 1)) : 0;
  const workers = Array.from({ length: workerCount }, () => startLayoutWorker(script!));

  const results: Promise<Buffer>[] = new Array<Promise<Buffer>>(specs.length);
  const errors = new Map<number, unknown>();
  const rasters = new Set<Promise<unknown>>();
  /** Starts rasterising (after waiting for room); the PNG is awaited at the end, not here. */
  const rasterize = async (svg: string): Promise<{ png: Promise<Buffer> }> => {
    if ((options.format ?? 'png') === 'svg') return { png: Promise.resolve(Buffer.from(svg, 'utf8')) };
    while (rasters.size >= RASTER_IN_FLIGHT) await Promise.race(rasters);
    const png = svgToPng(svg, { scale: options.scale ?? DEFAULT_SCALE, ...(options.fontDirectory ? { fontDirectory: options.fontDirectory } : {}) });
    const settle = (): void => {
      rasters.delete(tracked);
    };
    const tracked: Promise<void> = png.then(settle, settle);
    rasters.add(tracked);
    return { png };
  };
  const batch = {};
  const draw = async (job: Chart, layout: (input: SpecInput) => Promise<string>): Promise<void> => {
    try {
      results[job.index] = (await rasterize(await layout(specs[job.index]!))).png;
    } catch (error) {
      errors.set(job.index, error);
      // Charts after it in input order can no longer be the first to fail; those before it still can.
      layoutQueue.drop<Chart>(batch, (other) => other.index > job.index);
    }
  };
  const charts: Chart[] = specs.map((spec, index) => ({ owner: batch, index, cost: estimatedArea(spec) }));
  // Two lanes per worker, so it always has the next chart queued while it answers one.
  const workerLane = async (worker: LayoutWorker): Promise<void> => {
    for (let chart = layoutQueue.take<Chart>(batch); chart; chart = layoutQueue.take<Chart>(batch)) await draw(chart, (input) => worker.layout(input));
  };
  try {
    await Promise.all([
      layoutQueue.add(charts, (chart) => draw(chart, (input) => renderSvg(input, options.tally))),
      ...workers.flatMap((worker) => [workerLane(worker), workerLane(worker)]),
    ]);
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
  const settled = await Promise.allSettled(results);
  settled.forEach((outcome, index) => {
    if (outcome.status === 'rejected' && !errors.has(index)) errors.set(index, outcome.reason);
  });
  if (errors.size > 0) throw errors.get(Math.min(...errors.keys()));
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<Buffer>).value);
}

/** A chart of a batch waiting for layout. */
interface Chart extends QueuedLayout {
  readonly index: number;
}

/** The Vega-Lite spec a plot input stands for (a template plot is filled in first). */
export function toSpecInput(input: PlotInput): SpecInput {
  return 'spec' in input ? input : { spec: templateSpec(input), kind: 'vega-lite', baseDirectory: input.baseDirectory };
}

export { renderSvg, layoutCounts, detectSpecKind, toVegaSpec, type LayoutTally, type SpecInput, type SpecKind } from './svg.js';
export { svgToPng, imageLibrary, MAX_SCALE, type RasterOptions } from './png.js';
export { templateSpec, plottedColumns, WORKSPACE, INDEX_FIELD, type PlotSource, type TemplatePlot } from './template-plot.js';
export { TEMPLATE_NAMES, isTemplateName, builtInTemplate, hasDataAnchor, REVISION_FIELD, type TemplateName, type TemplateContent } from './templates.js';
export { parseData, readDelimitedRows, dataFormatOf, fieldsOf, type DataFormat, type Row } from './data.js';
export { readDvcPlots, type DvcPlot, type DvcPlotFile } from './dvc-yaml.js';
export { FONT_FAMILY, defaultFontDirectory } from './fonts.js';
