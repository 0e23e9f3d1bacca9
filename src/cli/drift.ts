// `cml drift`: flags -> settings -> run; the report goes to files and/or standard output.

import { driftSpec } from '../commands/drift/spec.js';
import { buildDriftSettings } from '../commands/drift/settings.js';
import { runDrift } from '../commands/drift/run.js';
import type { CliCommand, CliIo } from './command.js';

export const drift: CliCommand<typeof driftSpec.options> = {
  spec: driftSpec,
  async run(parsed, io: CliIo) {
    const settings = buildDriftSettings(parsed.values, io.cwd, undefined, io.env);
    const outcome = await runDrift(settings, { logger: io.logger });
    if (outcome.stdout !== undefined) io.stdout(outcome.stdout);
    return outcome.exitCode;
  },
};
