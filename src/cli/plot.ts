// `cml plot`: flags -> settings -> run; prints each image's path (or a Markdown line with --md).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runPlot } from '../commands/plot/run.js';
import { buildPlotSettings } from '../commands/plot/settings.js';
import { plotSpec } from '../commands/plot/spec.js';
import type { CliCommand } from './command.js';

export const plot: CliCommand<typeof plotSpec.options> = {
  spec: plotSpec,
  async run(parsed, io) {
    const settings = buildPlotSettings(parsed.values, parsed.positionals, io.cwd, existsSync(join(io.cwd, 'dvc.yaml')));
    const outcome = await runPlot(settings, { logger: io.logger });
    for (const output of outcome.outputs) io.stdout(`${settings.markdown ? output.markdown : output.path}\n`);
  },
};
