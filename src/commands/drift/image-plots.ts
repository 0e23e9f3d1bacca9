// The pictures of `cml drift --md` on image folders: the chart of both error distributions and a
// thumbnail of each of the worst outliers, made in memory and written by the caller with the report.

import { dirname, join, relative } from 'node:path';
import type { Logger } from '../../logger.js';
import type { OutputFile } from '../../output/files.js';
import type { ImagesReport } from '../../core/drift/images/compare.js';
import { imageErrorsPlotSpec, MAX_THUMBNAILS, type ImagePlots } from '../../report/drift-images.js';
import { plotDirectory } from './outputs.js';
import { loadPlotRenderer } from '../../report/drift-charts.js';

const THUMBNAIL_PIXELS = 64;

export async function drawImagePlots(
  images: ImagesReport,
  currentFolder: string,
  markdownPath: string,
  deps: { readonly logger: Logger },
): Promise<{ links: ImagePlots; files: OutputFile[] }> {
  const directory = plotDirectory(markdownPath);
  const link = (file: string): string => relative(dirname(markdownPath), file).split('\\').join('/');
  const files: OutputFile[] = [];
  let histogram: string | undefined;
  const render = await loadPlotRenderer(deps.logger);
  if (render) {
    try {
      const file = join(directory, 'image-errors.png');
      const [chart] = await render([imageErrorsPlotSpec(images)]);
      files.push({ path: file, data: chart! });
      histogram = `![reconstruction errors: reference vs current](${link(file)})`;
    } catch (error) {
      deps.logger.warn(`the error chart is unavailable: ${(error as Error).message}; the report has tables only`);
    }
  }
  const thumbnails = new Map<string, string>();
  try {
    const { thumbnailPng } = await import('../../core/drift/images/decode.js');
    for (const [index, outlier] of images.outliers.slice(0, MAX_THUMBNAILS).entries()) {
      const file = join(directory, `outlier-${String(index + 1).padStart(2, '0')}.png`);
      files.push({ path: file, data: await thumbnailPng(join(currentFolder, outlier.file), THUMBNAIL_PIXELS) });
      thumbnails.set(outlier.file, `![${outlier.file}](${link(file)})`);
    }
  } catch (error) {
    deps.logger.warn(`outlier thumbnails are unavailable: ${(error as Error).message}`);
  }
  return { links: { ...(histogram ? { histogram } : {}), thumbnails }, files };
}
