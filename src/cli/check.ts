// `cml check create`: flags -> settings -> run; prints the check run's URL.

import { runCheck } from '../commands/check/run.js';
import { buildCheckSettings } from '../commands/check/settings.js';
import { checkSpec } from '../commands/check/spec.js';
import type { CliCommand } from './command.js';

export const checkCreate: CliCommand<typeof checkSpec.options> = {
  spec: checkSpec,
  async run(parsed, io) {
    const settings = buildCheckSettings(parsed.values, parsed.positionals, io.env, io.cwd);
    const result = await runCheck(settings, { logger: io.logger });
    io.stdout(`${result.url}\n`);
  },
};
