// `cml pr create` (and CML's `cml pr`): flags -> settings -> run; prints the pull request's URL.

import { runPr } from '../commands/pr/run.js';
import { buildPrSettings } from '../commands/pr/settings.js';
import { prSpec } from '../commands/pr/spec.js';
import type { CliCommand } from './command.js';

export const prCreate: CliCommand<typeof prSpec.options> = {
  spec: prSpec,
  async run(parsed, io) {
    const settings = buildPrSettings(parsed.values, parsed.positionals, io.env, io.cwd);
    const { pull } = await runPr(settings, { logger: io.logger });
    if (pull) io.stdout(settings.md ? `[${pull.title.replace(/[[\]]/g, '\\$&')}](${pull.url})\n` : `${pull.url}\n`);
  },
};
