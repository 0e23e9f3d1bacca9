// The image part of the drift report section: the verdict with its two tests, a chart of the
// reconstruction errors of the held-out reference and the current images, and the worst images.

import type { ImagesReport } from '../core/drift/images/compare.js';
import { cell, formatNumber, formatPValue, formatShare } from './drift-format.js';
import { grouped } from '../words.js';

/** Thumbnails shown at most; the JSON lists every outlier. */
export const MAX_THUMBNAILS = 8;

export interface ImagePlots {
  /** Image link of the error histogram. */
  readonly histogram?: string;
  /** Thumbnail image links of the worst outliers, by file. */
  readonly thumbnails?: ReadonlyMap<string, string>;
}

export function renderImagesSection(images: ImagesReport, plots: ImagePlots = {}): string[] {
  const lines = ['### Images', ''];
  lines.push(
    `${grouped(images.reference)} reference and ${grouped(images.current)} current images, ${images.size}×${images.size} ${images.mode}. ` +
      `Model: ${images.model}.`,
    '',
    '| Measure | Value |',
    '|---|---:|',
    `| Outlier threshold (reconstruction error) | ${formatNumber(images.threshold)} |`,
    `| Outliers among current images | ${formatShare(images.outlierShare)} (expected ${formatShare(images.expectedShare)}; binomial p = ${formatPValue(images.shareTest.pValue)}) |`,
    `| Kolmogorov–Smirnov on the errors | ${formatNumber(images.test.statistic)} (p = ${formatPValue(images.test.pValue)}, drift when p < ${images.test.threshold}) |`,
    `| Verdict | ${images.drift ? '**drift**' : 'no drift'} |`,
    '',
  );
  if (plots.histogram) lines.push(plots.histogram, '');
  const worst = images.outliers.slice(0, MAX_THUMBNAILS);
  if (worst.length > 0) {
    lines.push(
      `Worst ${worst.length === images.outliers.length ? '' : `${worst.length} of ${images.outliers.length} `}outliers:`,
      '',
      '| Image | File | Error |',
      '|---|---|---:|',
    );
    for (const outlier of worst) lines.push(`| ${plots.thumbnails?.get(outlier.file) ?? ''} | \`${cell(outlier.file)}\` | ${formatNumber(outlier.error)} |`);
    lines.push('');
  }
  return lines;
}

/** A Vega-Lite chart of both error distributions on the report's shared bins, as shares. */
export function imageErrorsPlotSpec(images: ImagesReport): Record<string, unknown> {
  const { edges, reference, current } = images.histogram;
  const total = (counts: readonly number[]): number =>
    Math.max(
      1,
      counts.reduce((a, b) => a + b, 0),
    );
  const values = reference.flatMap((count, i) => [
    { from: edges[i], to: edges[i + 1], dataset: 'reference (held out)', share: count / total(reference) },
    { from: edges[i], to: edges[i + 1], dataset: 'current', share: current[i]! / total(current) },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'reconstruction error: reference vs current',
    width: 420,
    height: 160,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
        encoding: {
          x: { field: 'from', type: 'quantitative', bin: { binned: true }, title: 'reconstruction error (mean squared, pixels in [0, 1])' },
          x2: { field: 'to' },
          y: { field: 'share', type: 'quantitative', stack: null, title: 'share of images', axis: { format: '%' } },
          color: { field: 'dataset', type: 'nominal', sort: ['reference (held out)', 'current'], scale: { range: ['#4c78a8', '#f58518'] }, title: null },
        },
      },
      { mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] }, encoding: { x: { datum: images.threshold } } },
    ],
  };
}
