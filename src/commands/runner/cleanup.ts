// `cml runner cleanup` (the action's mode: cleanup): orphans, expired machines, stale registrations,
// and re-runs of jobs lost to spot interruptions in this repository.

import { cleanupRunners, type CleanupOutcome } from '../../core/runner/cleanup.js';
import type { WorkflowRuns } from '../../core/runner/registry-port.js';
import { createWorkflowRuns, scopeKey } from '../../forges/github/runners.js';
import type { CleanupCommandSettings } from './settings.js';
import { wire, type RunnerDeps } from './wiring.js';

export async function runCleanup(settings: CleanupCommandSettings, deps: RunnerDeps): Promise<CleanupOutcome> {
  const { client, lifecycle } = wire(settings.target, undefined, deps);
  const repository = settings.target.scope.kind === 'repo' ? settings.target.scope : settings.target.context.repository;
  const runs: WorkflowRuns | undefined = repository ? createWorkflowRuns(client, { owner: repository.owner, repo: repository.repo }) : undefined;
  return cleanupRunners(
    { scope: scopeKey(settings.target.scope), dryRun: settings.dryRun, defaultStartupSeconds: 600 },
    { ...lifecycle, ...(runs ? { runs } : {}) },
  );
}
