// `cml repo prepare` (and CML's `cml ci`): flags -> settings -> run.

import { runRepoPrepare } from '../commands/repo/run.js';
import { buildRepoPrepareSettings } from '../commands/repo/settings.js';
import { repoPrepareSpec } from '../commands/repo/spec.js';
import type { CliCommand } from './command.js';

export const repoPrepare: CliCommand<typeof repoPrepareSpec.options> = {
  spec: repoPrepareSpec,
  async run(parsed, io) {
    await runRepoPrepare(buildRepoPrepareSettings(parsed.values, io.env, io.cwd), { logger: io.logger });
  },
};
