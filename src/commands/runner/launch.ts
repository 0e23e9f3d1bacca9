// `cml runner launch` (the action's mode: start): settings -> the lifecycle's launch, with this
// workflow job recorded so a spot interruption can be re-run; and ending a launch that did not
// finish (the action's post step).

import type { LaunchOutcome } from '../../core/runner/launch.js';
import { launchRunners } from '../../core/runner/launch-many.js';
import { undoLaunch } from '../../core/runner/lifecycle.js';
import type { MachineFacts } from '../../core/runner/provider.js';
import { parseRepository } from '../../forges/github/context.js';
import { createWorkflowRuns, findCurrentJobId, scopeKey } from '../../forges/github/runners.js';
import type { LaunchCommandSettings, RunnerTarget } from './settings.js';
import { wire, type RunnerDeps } from './wiring.js';

/** Launches one runner (the settings' count must be 1). */
export async function runLaunch(settings: LaunchCommandSettings, deps: RunnerDeps): Promise<LaunchOutcome> {
  if (settings.count !== 1) throw new Error('runLaunch launches one runner; use runLaunches for --count');
  return (await runLaunches(settings, deps))[0]!;
}

/** One outcome per runner: `--count` of them (one by default). */
export async function runLaunches(settings: LaunchCommandSettings, deps: RunnerDeps): Promise<LaunchOutcome[]> {
  const { target, provider, workflow: job, count, warnings, ...launch } = settings;
  for (const warning of warnings) deps.logger.warn(warning);
  const { client, lifecycle } = wire(target, provider, deps);
  let workflow: MachineFacts['workflow'];
  if (job) {
    const { repository, runId, runAttempt, runnerName } = job;
    workflow = { repository, runId, runAttempt };
    if (runnerName) {
      try {
        const jobId = await findCurrentJobId(
          createWorkflowRuns(client, parseRepository(repository, 'GITHUB_REPOSITORY')),
          runId,
          Number(runAttempt),
          runnerName,
        );
        if (jobId !== undefined) workflow = { ...workflow, jobId };
      } catch (error) {
        deps.logger.debug(`could not find this job's id (${(error as Error).message}); a spot interruption will need a manual re-run`);
      }
    }
  }
  // Poll often enough to notice the runner within a tenth of the timeout, never more than every 5 s.
  const pollIntervalMs = deps.pollIntervalMs ?? Math.min(5000, Math.max(250, Math.floor((settings.startupTimeoutSeconds * 1000) / 10)));
  return launchRunners({ ...launch, scope: scopeKey(target.scope), workflow, pollIntervalMs }, count, lifecycle);
}

/** Ends a launch that did not finish (the action's post step after a cancelled or failed start). */
export async function runAbandon(target: RunnerTarget, machineId: string, runnerId: number, runnerName: string, deps: RunnerDeps): Promise<void> {
  const { lifecycle } = wire(target, undefined, deps);
  await undoLaunch(machineId, runnerId, runnerName, lifecycle);
}
