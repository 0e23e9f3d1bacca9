// `cml workflow rerun --id <run id>` (CML's `cml rerun-workflow`): flags and help. Light on purpose.

import { connectionOptions } from '../../options/groups.js';
import { defineCommand } from '../../options/spec.js';

export const workflowRerunOptions = {
  id: { type: 'string', valueName: 'run-id', description: 'The workflow run whose failed jobs to re-run (GITHUB_RUN_ID of that run).' },
  ...connectionOptions({ token: 'GitHub token with actions: write (default: REPO_TOKEN, then GITHUB_TOKEN).' }),
  driver: { type: 'string', hidden: true, valueName: 'forge', description: 'CML: forge to use; only github is supported.' },
} as const;

export const workflowRerunSpec = defineCommand({
  name: 'workflow rerun',
  summary: 'Re-run the failed jobs of a workflow run',
  aliases: ['rerun-workflow'],
  positionals: [],
  options: workflowRerunOptions,
  envPrefix: 'CML_WORKFLOW_',
  examples: ['cml workflow rerun --id 1234567890'],
});
