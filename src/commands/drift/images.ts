// `cml drift` on two image folders: the image comparison (core/drift/images) wrapped in the drift
// report every renderer reads, with no columns and no checks of its own.

import { stat } from 'node:fs/promises';
import { UsageError, UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { DriftConfig } from '../../core/drift/config.js';
import { compareImageFolders } from '../../core/drift/images/compare.js';
import type { DriftReport } from '../../core/drift/report-types.js';
import type { DriftSettings } from './settings.js';

/** Whether --reference and --current are image folders; a folder and a file together is a mistake. */
export async function areFolders(settings: DriftSettings): Promise<boolean> {
  const folder = async (path: string): Promise<boolean> => {
    try {
      return (await stat(path)).isDirectory();
    } catch {
      return false; // the readers report a missing file in their own words
    }
  };
  const [reference, current] = await Promise.all([folder(settings.reference), folder(settings.current)]);
  if (reference !== current) {
    const [isFolder, isFile] = reference ? ['--reference', '--current'] : ['--current', '--reference'];
    throw new UserError(`${isFolder} is a folder but ${isFile} is a file`, { hint: 'compare two image folders, or two data files' });
  }
  return reference;
}

export async function imageDriftReport(settings: DriftSettings, config: DriftConfig, logger: Logger): Promise<DriftReport> {
  const tabular = (
    [
      ['--columns', settings.columns],
      ['--target', settings.target],
      ['--prediction', settings.prediction],
      ['--time-column', settings.timeColumn],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (tabular.length > 0) {
    throw new UsageError(`${tabular.map(([flag]) => flag).join(', ')} name${tabular.length === 1 ? 's' : ''} columns, and image folders have none`, {
      hint: 'leave it out when --reference and --current are image folders',
    });
  }
  const images = await compareImageFolders(settings.reference, settings.current, {
    size: settings.images.size,
    quantile: settings.images.quantile,
    threshold: config.thresholds.ks,
    log: (message) => logger.debug(message),
  });
  const dataset = (path: string, rows: number) => ({ path, format: 'images' as const, rows, columns: 0 });
  return {
    drift: images.drift,
    summary: { columns: 0, driftedColumns: 0, failedChecks: 0 },
    reference: dataset(settings.referenceLabel, images.reference),
    current: dataset(settings.currentLabel, images.current),
    columns: [],
    checks: [],
    images,
  };
}
