// What reading a plot's data is given: the folder paths are shown relative to, the --base revision,
// how the working tree's series is named, the logger, the plot core (loaded lazily, it pulls in
// Vega) and the base-revision reader. `cml plot` and `cml report` both read plots through it.

import type { Logger } from '../../logger.js';
import type { ReadAtBase } from './base-revision.js';

export type PlotModule = typeof import('../../core/plot/index.js');

export interface PlotReadContext {
  readonly settings: { readonly cwd: string; readonly base: string | undefined };
  /** The name of the working tree's series (default: `workspace`, as DVC names it). */
  readonly headLabel?: string | undefined;
  /** The name of the base revision's series (default: the revision as given). */
  readonly baseLabel?: string | undefined;
  readonly logger: Logger;
  readonly plot: PlotModule;
  readonly readAtBase: ReadAtBase;
  /**
   * Drawing ahead, while a command is still writing the working tree's files: the base's data
   * stands in for them (same fields, so the same chart shapes), and they need not exist yet.
   */
  readonly rehearsal?: boolean;
}
