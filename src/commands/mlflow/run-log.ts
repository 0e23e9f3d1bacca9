// `cml mlflow log` run: the workspace's metrics and params as a new MLflow run, tagged with the
// commit (HEAD), the branch and the workflow run URL, then marked FINISHED; returns the run's URL.

import type { Logger } from '../../logger.js';
import { trackedMetrics, trackedParams } from '../../core/tracking/keys.js';
import { MlflowClient } from '../../trackers/mlflow/client.js';
import { GIT_BRANCH_TAG, GIT_COMMIT_TAG, WORKFLOW_RUN_TAG, type MlflowKeyValue, type MlflowMetric } from '../../trackers/mlflow/types.js';
import type { MlflowLogSettings } from './settings.js';
import { readWorkspace } from './workspace.js';

export interface MlflowLogDeps {
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch, for the run's times and metric timestamps. */
  readonly now?: () => number;
}

// MLflow's log-batch limits: 1000 metrics, 100 params, 1000 items in all per request.
const PARAMS_PER_BATCH = 100;
const METRICS_PER_BATCH = 900;

export async function runMlflowLog(settings: MlflowLogSettings, deps: MlflowLogDeps): Promise<{ runId: string; url: string }> {
  const now = deps.now ?? Date.now;
  const client = new MlflowClient(settings.connection, { logger: deps.logger, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const workspace = await readWorkspace(settings.cwd, settings.targets, settings.paramsTargets);
  const commit = (await workspace.git.run(['rev-parse', 'HEAD'])).stdout.toString().trim();
  const branch = settings.branch ?? ((await workspace.git.run(['branch', '--show-current'], { allowFailure: true })).stdout.toString().trim() || undefined);

  let experimentId = (await client.getExperimentByName(settings.experiment))?.experiment_id;
  if (experimentId === undefined) {
    experimentId = await client.createExperiment(settings.experiment);
    deps.logger.info(`created MLflow experiment "${settings.experiment}"`);
  }
  const tags: MlflowKeyValue[] = [{ key: GIT_COMMIT_TAG, value: commit }];
  if (branch) tags.push({ key: GIT_BRANCH_TAG, value: branch });
  if (settings.workflowRunUrl) tags.push({ key: WORKFLOW_RUN_TAG, value: settings.workflowRunUrl });
  const started = now();
  const run = await client.createRun({ experimentId, startTime: started, tags, ...(settings.runName ? { runName: settings.runName } : {}) });
  const runId = run.info.run_id;
  try {
    const metrics: MlflowMetric[] = trackedMetrics(workspace.metrics).map(({ name, value }) => ({ key: name, value, timestamp: started, step: 0 }));
    const params: MlflowKeyValue[] = trackedParams(workspace.params).map(({ name, value }) => ({ key: name, value }));
    for (let index = 0; index === 0 || index * METRICS_PER_BATCH < metrics.length || index * PARAMS_PER_BATCH < params.length; index += 1) {
      await client.logBatch(runId, {
        metrics: metrics.slice(index * METRICS_PER_BATCH, (index + 1) * METRICS_PER_BATCH),
        params: params.slice(index * PARAMS_PER_BATCH, (index + 1) * PARAMS_PER_BATCH),
      });
    }
    await client.updateRun(runId, 'FINISHED', now());
    deps.logger.info(`logged ${metrics.length} metrics and ${params.length} params to MLflow run ${runId} (commit ${commit.slice(0, 7)})`);
  } catch (error) {
    // The run exists: mark it FAILED so it is never taken as a baseline, then report the cause.
    await client
      .updateRun(runId, 'FAILED', now())
      .catch((cause: unknown) => deps.logger.debug(`could not mark run ${runId} FAILED: ${(cause as Error).message}`));
    throw error;
  }
  return { runId, url: client.runUrl(experimentId, runId) };
}
