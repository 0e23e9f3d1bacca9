// `cml drift`: flags -> settings -> run; the report goes to files and/or standard output.

import { buildDriftSettings, driftSpec, runDrift } from '../commands/drift.js';
import type { CliCommand, CliIo } from './command.js';

export const drift: CliCommand<typeof driftSpec.options> = {
  spec: driftSpec,
  async run(parsed, io: CliIo) {
    const settings = buildDriftSettings(parsed.values, io.cwd);
    const outcome = await runDrift(settings, { logger: io.logger });
    if (outcome.stdout !== undefined) io.stdout(outcome.stdout);
    return outcome.exitCode;
  },
};
