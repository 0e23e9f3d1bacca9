// `cml plot`: runs the mode the settings name (a data file, a --spec file or dvc.yaml) and returns
// the images written. The CLI and the action print or output them.

import type { Logger } from '../../logger.js';
import { gitBaseReader, type ReadAtBase } from '../../report/plots/base-revision.js';
import type { PlotContext } from './context.js';
import { plotDataFile } from './data-file.js';
import { plotDvcProject } from './dvc-project.js';
import type { PlotSettings } from './settings.js';
import { plotSpecFile } from './spec-file.js';
import { writeImage, type PlotOutput } from './write-image.js';
import { grouped } from '../../words.js';

export type { PlotOutput } from './write-image.js';

export interface PlotOutcome {
  readonly outputs: readonly PlotOutput[];
}

export interface PlotDeps {
  readonly logger: Logger;
  /** Reads a data file at the --base revision; production asks git. */
  readonly readAtBase?: ReadAtBase;
}

export async function runPlot(settings: PlotSettings, deps: PlotDeps): Promise<PlotOutcome> {
  const context: PlotContext = {
    settings,
    logger: deps.logger,
    plot: await import('../../core/plot/index.js'),
    readAtBase: deps.readAtBase ?? gitBaseReader(),
    write: async (path, bytes, title) => {
      const output = await writeImage(path, bytes, title, settings.cwd);
      deps.logger.debug(`wrote ${output.path} (${grouped(bytes.length)} bytes)`);
      return output;
    },
  };
  if (settings.mode === 'spec') return { outputs: await plotSpecFile(settings, context) };
  if (settings.mode === 'data') return { outputs: await plotDataFile(settings, context) };
  return { outputs: await plotDvcProject(settings, context) };
}
