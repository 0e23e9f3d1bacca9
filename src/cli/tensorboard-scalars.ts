// `cml tensorboard scalars`: flags -> settings -> run -> the table, JSON or Markdown on stdout.

import { buildTensorboardScalarsSettings } from '../commands/tensorboard/scalars-settings.js';
import { runTensorboardScalars } from '../commands/tensorboard/scalars-run.js';
import { tensorboardScalarsSpec } from '../commands/tensorboard/scalars-spec.js';
import type { CliCommand } from './command.js';

export const tensorboardScalars: CliCommand<typeof tensorboardScalarsSpec.options> = {
  spec: tensorboardScalarsSpec,
  async run(parsed, io) {
    const settings = buildTensorboardScalarsSettings(parsed.values, parsed.positionals, io.cwd);
    io.stdout((await runTensorboardScalars(settings, { logger: io.logger })).output);
  },
};
