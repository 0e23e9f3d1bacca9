// What each of `cml plot`'s modes is given: the reading context of src/report/plots with this
// command's settings, and the image writer.

import type { PlotReadContext } from '../../report/plots/context.js';
import type { PlotSettings } from './settings.js';
import type { PlotOutput } from './write-image.js';

export type { PlotModule } from '../../report/plots/context.js';

export interface PlotContext extends PlotReadContext {
  readonly settings: PlotSettings;
  /** Writes one image and says how to show it. */
  readonly write: (path: string, bytes: Buffer, title: string) => Promise<PlotOutput>;
}
