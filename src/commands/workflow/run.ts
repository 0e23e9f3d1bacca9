// `cml workflow rerun`: ask the forge to re-run the failed jobs of one run.

import { openRequiredForge } from '../../forges/drivers.js';
import type { Logger } from '../../logger.js';
import type { WorkflowRerunSettings } from './settings.js';

export async function runWorkflowRerun(settings: WorkflowRerunSettings, deps: { readonly logger: Logger; readonly client?: object }): Promise<void> {
  const forge = openRequiredForge(settings.connection, deps, { what: 're-run a workflow', permission: 'actions: write' });
  await forge.rerunFailedJobs(settings.runId);
  deps.logger.info(`re-running the failed jobs of run ${settings.runId} of ${forge.repositoryName}`);
}
