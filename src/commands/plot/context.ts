// What each of `cml plot`'s modes is given: the settings every mode shares, the logger, the plot
// core (loaded lazily, it pulls in Vega), the base-revision reader and the image writer.

import type { Logger } from '../../logger.js';
import type { ReadAtBase } from './base-revision.js';
import type { PlotSettings } from './settings.js';
import type { PlotOutput } from './write-image.js';

export type PlotModule = typeof import('../../core/plot/index.js');

export interface PlotContext {
  readonly settings: PlotSettings;
  readonly logger: Logger;
  readonly plot: PlotModule;
  readonly readAtBase: ReadAtBase;
  /** Writes one image and says how to show it. */
  readonly write: (path: string, bytes: Buffer, title: string) => Promise<PlotOutput>;
}
