// `cml mlflow compare` run: the workspace's metrics and params against the baseline MLflow run,
// printed as tables (metrics diff layout), the "MLflow baseline" Markdown section, or JSON.

import type { Logger } from '../../logger.js';
import { diffRevisions, diffToJsonObject } from '../../core/metrics/diff.js';
import { DEFAULT_PRECISION } from '../../core/metrics/constants.js';
import { pythonJson } from '../../core/metrics/python.js';
import type { Scalar } from '../../core/metrics/value.js';
import { paramsAsText, runAsRevision } from '../../core/tracking/keys.js';
import { MlflowClient } from '../../trackers/mlflow/client.js';
import type { MlflowRun } from '../../trackers/mlflow/types.js';
import { mlflowBaselineMarkdown, mlflowTables, type MlflowComparison } from '../../report/mlflow.js';
import { findBaseline } from './baseline.js';
import type { MlflowCompareSettings } from './settings.js';
import { readWorkspace } from './workspace.js';

export interface MlflowCompareDeps {
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  readonly retryDelaysMs?: readonly number[];
}

export interface MlflowCompareOutcome {
  readonly output: string;
  /** undefined when no baseline run was found. */
  readonly comparison: MlflowComparison | undefined;
}

export async function runMlflowCompare(settings: MlflowCompareSettings, deps: MlflowCompareDeps): Promise<MlflowCompareOutcome> {
  const client = new MlflowClient(settings.connection, {
    logger: deps.logger,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
  });
  const workspace = await readWorkspace(settings.cwd, settings.targets, settings.paramsTargets);
  const baseline = await findBaseline(settings, client, workspace.git, deps.logger);
  if (!baseline.run) {
    const missing = baseline.reason;
    const output =
      settings.format === 'json'
        ? pythonJson(
            new Map([
              ['baseline', null],
              ['message', missing],
            ]),
          ) + '\n'
        : settings.format === 'markdown'
          ? mlflowBaselineMarkdown({ missing })
          : `${missing}\n`;
    return { output, comparison: undefined };
  }
  const comparison = compareWithRun(
    baseline.run,
    baseline.commit,
    settings.experiment,
    client.runUrl(baseline.run.info.experiment_id, baseline.run.info.run_id),
    workspace,
  );
  deps.logger.info(`baseline: MLflow run ${baseline.run.info.run_id}${baseline.commit ? ` (commit ${baseline.commit.slice(0, 7)})` : ''}`);
  return { output: render(comparison, baseline.run, settings.format), comparison };
}

export function compareWithRun(
  run: MlflowRun,
  commit: string | undefined,
  experiment: string,
  runUrl: string,
  workspace: { metrics: Map<string, Map<string, Scalar> | undefined>; params: Map<string, Map<string, Scalar> | undefined> },
): MlflowComparison {
  const runMetrics = new Map<string, Scalar>((run.data.metrics ?? []).map((metric) => [metric.key, Number(metric.value)]));
  const runParams = new Map<string, Scalar>((run.data.params ?? []).map((param) => [param.key, param.value]));
  const params = paramsAsText(workspace.params);
  return {
    runLabel: `mlflow:${run.info.run_name || run.info.run_id.slice(0, 8)}`,
    runUrl,
    experiment,
    commit,
    metrics: diffRevisions(runAsRevision(runMetrics, workspace.metrics), workspace.metrics, { all: true }),
    params: diffRevisions(runAsRevision(runParams, params), params, { all: true }),
    precision: DEFAULT_PRECISION,
  };
}

function render(comparison: MlflowComparison, run: MlflowRun, format: MlflowCompareSettings['format']): string {
  if (format === 'markdown') return mlflowBaselineMarkdown(comparison);
  if (format === 'json') {
    const baseline = new Map<string, unknown>([
      ['run_id', run.info.run_id],
      ['run_name', run.info.run_name ?? null],
      ['experiment_id', run.info.experiment_id],
      ['commit', comparison.commit ?? null],
      ['url', comparison.runUrl],
    ]);
    return (
      pythonJson(
        new Map<string, unknown>([
          ['baseline', baseline],
          ['metrics', diffToJsonObject(comparison.metrics)],
          ['params', diffToJsonObject(comparison.params)],
        ]),
      ) + '\n'
    );
  }
  const tables = mlflowTables(comparison, 'plain');
  return tables.params ? `${tables.metrics}\n${tables.params}` : tables.metrics;
}
