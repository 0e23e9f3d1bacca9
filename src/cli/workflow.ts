// `cml workflow rerun` (and CML's `cml rerun-workflow`): flags -> settings -> run.

import { runWorkflowRerun } from '../commands/workflow/run.js';
import { buildWorkflowRerunSettings } from '../commands/workflow/settings.js';
import { workflowRerunSpec } from '../commands/workflow/spec.js';
import type { CliCommand } from './command.js';

export const workflowRerun: CliCommand<typeof workflowRerunSpec.options> = {
  spec: workflowRerunSpec,
  async run(parsed, io) {
    await runWorkflowRerun(buildWorkflowRerunSettings(parsed.values, io.env), { logger: io.logger });
  },
};
