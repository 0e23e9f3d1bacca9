// Image drift between two folders: learn PCA (a linear autoencoder) on most of the reference
// images, measure the reconstruction error of the held-out rest (the baseline) and of every current
// image; a current image past the baseline's quantile is an outlier, and the folders drifted when
// the current errors are distributed differently (KS) and outliers are clearly more common than
// the quantile allows (a one-sided binomial test).

import { UserError } from '../../../errors.js';
import { ksTwoSample } from '../stats/ks.js';
import { logGamma } from '../stats/special.js';
import { sortFloat64 } from '../stats/sort.js';
import { quantileSorted } from '../stats/summary.js';
import { chooseMode, type ImageMode } from './decode.js';
import { openDecoder, type ImageDecoder } from './decoder.js';
import { listImages, type ImageFile } from './files.js';
import { fitPca, reconstructionErrors } from './pca.js';

/** Every HOLDOUT_EVERY-th reference image (in sorted order) is held out for the baseline. */
const HOLDOUT_EVERY = 4;
/** PCA learns from at most this many images, spread evenly over the training part. */
const MAX_TRAINING = 2000;
export const MIN_REFERENCE_IMAGES = 20;
const HISTOGRAM_BINS = 20;

export interface ImageOutlier {
  readonly file: string;
  readonly error: number;
}

export interface ImagesReport {
  readonly reference: number;
  readonly current: number;
  readonly size: number;
  readonly mode: 'grayscale' | 'rgb';
  readonly model: string;
  readonly threshold: number;
  readonly expectedShare: number;
  readonly outlierShare: number;
  /** Current errors against the held-out reference errors. */
  readonly test: { readonly name: 'ks'; readonly statistic: number; readonly pValue: number; readonly threshold: number };
  /** Whether outliers are more common than expectedShare: the one-sided binomial test. */
  readonly shareTest: { readonly name: 'binomial'; readonly pValue: number };
  readonly drift: boolean;
  /** Every current image above the threshold, worst first. */
  readonly outliers: readonly ImageOutlier[];
  /** Counts of the held-out reference and current errors on shared bins, for the report's chart. */
  readonly histogram: { readonly edges: readonly number[]; readonly reference: readonly number[]; readonly current: readonly number[] };
}

export interface ImageSettings {
  readonly size: number;
  /** The quantile of the held-out errors above which a current image is an outlier. */
  readonly quantile: number;
  /** p-value threshold of both tests (drift.yaml's ks threshold). */
  readonly threshold: number;
  /** A fixed number of components, instead of those explaining 90% of the variance. */
  readonly components?: number;
  readonly log?: (message: string) => void;
}

export async function compareImageFolders(referenceFolder: string, currentFolder: string, settings: ImageSettings): Promise<ImagesReport> {
  const [referenceFiles, currentFiles] = await Promise.all([listImages(referenceFolder), listImages(currentFolder)]);
  if (referenceFiles.length < MIN_REFERENCE_IMAGES) {
    throw new UserError(`image drift needs at least ${MIN_REFERENCE_IMAGES} reference images; ${referenceFolder} has ${referenceFiles.length}`, {
      hint: 'a quarter of the reference is held out to measure the normal reconstruction error',
    });
  }
  const started = performance.now();
  const mode = await chooseMode(referenceFiles);
  const decoder = await openDecoder(referenceFiles.length + currentFiles.length, settings.size, mode, settings.log);
  try {
    return await compareDecoded(referenceFiles, currentFiles, decoder, mode, settings, started);
  } finally {
    await decoder.close();
  }
}

async function compareDecoded(
  referenceFiles: readonly ImageFile[],
  currentFiles: readonly ImageFile[],
  decoder: ImageDecoder,
  mode: ImageMode,
  settings: ImageSettings,
  started: number,
): Promise<ImagesReport> {
  const reference = await decoder.decode(referenceFiles);
  const training = reference.filter((_, i) => i % HOLDOUT_EVERY !== HOLDOUT_EVERY - 1);
  const holdout = reference.filter((_, i) => i % HOLDOUT_EVERY === HOLDOUT_EVERY - 1);
  const stride = Math.max(1, training.length / MAX_TRAINING);
  const sample = training.length <= MAX_TRAINING ? training : Array.from({ length: MAX_TRAINING }, (_, i) => training[Math.floor(i * stride)]!);
  settings.log?.(`decoded ${reference.length} reference images (${mode}, ${settings.size} px) in ${(performance.now() - started).toFixed(0)} ms`);
  // The current images are decoded and scored in chunks, so only one chunk is held at a time. The
  // first chunk is decoded on the second thread (when there is one) while PCA is fitted here.
  const chunk = 1000;
  const firstChunk = decoder.decodeAhead(currentFiles.slice(0, chunk));
  const model = fitPca(sample, settings.components !== undefined ? { components: settings.components } : {});
  settings.log?.(`PCA: ${model.components} components in ${(performance.now() - started).toFixed(0)} ms`);
  const baseline = sortFloat64(reconstructionErrors(model, holdout));
  const currentErrors = new Float64Array(currentFiles.length);
  for (let start = 0; start < currentFiles.length; start += chunk) {
    const images = start === 0 ? await firstChunk() : await decoder.decode(currentFiles.slice(start, start + chunk));
    currentErrors.set(reconstructionErrors(model, images), start);
  }
  settings.log?.(`scored ${currentFiles.length} current images in ${(performance.now() - started).toFixed(0)} ms`);

  const threshold = quantileSorted(baseline, settings.quantile);
  const outliers = Array.from(currentErrors, (error, i) => ({ file: currentFiles[i]!.name, error }))
    .filter((image) => image.error > threshold)
    .sort((a, b) => b.error - a.error || (a.file < b.file ? -1 : 1));
  const expectedShare = 1 - settings.quantile;
  const outlierShare = outliers.length / currentFiles.length;
  const sortedCurrent = sortFloat64(Float64Array.from(currentErrors));
  const ks = ksTwoSample(baseline, sortedCurrent);
  const shareP = binomialUpperTail(outliers.length, currentFiles.length, expectedShare);
  const trainingNote = sample.length < training.length ? `, ${sample.length} of ${training.length} used` : '';
  return {
    reference: referenceFiles.length,
    current: currentFiles.length,
    size: settings.size,
    mode,
    model:
      `pca: ${model.components} components (${(model.explained * 100).toFixed(1)}% of the variance) of ${settings.size}x${settings.size} ${mode} pixels, ` +
      `trained on ${training.length} reference images${trainingNote}, baseline from ${holdout.length} held out`,
    threshold,
    expectedShare,
    outlierShare,
    test: { name: 'ks', statistic: ks.statistic, pValue: ks.pValue, threshold: settings.threshold },
    shareTest: { name: 'binomial', pValue: shareP },
    drift: ks.pValue < settings.threshold && shareP < settings.threshold && outlierShare > expectedShare,
    outliers,
    histogram: histogram(baseline, sortedCurrent),
  };
}

/** P(X >= k) for X ~ Binomial(n, p), summed in log space. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logChoose = (i: number): number => logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1);
  let sum = 0;
  for (let i = k; i <= n; i += 1) {
    const term = Math.exp(logChoose(i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
    sum += term;
    if (term < sum * 1e-17 && i > n * p) break;
  }
  return Math.min(1, sum);
}

/** Shared equal-width bins from 0 to the 99th percentile of both samples (the rest in the last bin). */
function histogram(reference: Float64Array, current: Float64Array): ImagesReport['histogram'] {
  const top = Math.max(quantileSorted(reference, 0.99), quantileSorted(current, 0.99), Number.MIN_VALUE);
  const width = top / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => i * width);
  const count = (sorted: Float64Array): number[] => {
    const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const value of sorted) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor(value / width))]! += 1;
    return counts;
  };
  return { edges, reference: count(reference), current: count(current) };
}
