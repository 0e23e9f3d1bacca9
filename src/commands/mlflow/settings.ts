// Settings of `cml mlflow compare|log`: flags plus MLflow's and the CI's environment variables
// (handed over by the front door as an Env) -> one validated object each.

import { UserError } from '../../errors.js';
import type { Env } from '../../options/spec.js';
import { mlflowConnection } from '../../trackers/mlflow/connection.js';
import type { MlflowConnection } from '../../trackers/mlflow/types.js';
import type { MlflowCompareValues, MlflowLogValues } from './spec.js';

export const DEFAULT_EXPERIMENT = 'Default';

interface WorkspaceSettings {
  readonly cwd: string;
  readonly connection: MlflowConnection;
  readonly experiment: string;
  readonly targets: string[] | undefined;
  readonly paramsTargets: string[] | undefined;
}

export interface MlflowCompareSettings extends WorkspaceSettings {
  readonly runId: string | undefined;
  readonly baseCommit: string | undefined;
  /** The pull request's base branch (GITHUB_BASE_REF), whose head is the default baseline commit. */
  readonly baseBranch: string | undefined;
  readonly format: 'table' | 'markdown' | 'json';
}

export interface MlflowLogSettings extends WorkspaceSettings {
  readonly runName: string | undefined;
  /** The branch to tag; undefined: the checked-out branch, from git. */
  readonly branch: string | undefined;
  readonly workflowRunUrl: string | undefined;
}

function list(values: readonly string[] | undefined): string[] | undefined {
  const items = (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return items.length === 0 ? undefined : items;
}

function workspaceSettings(values: MlflowCompareValues | MlflowLogValues, cwd: string, env: Env): WorkspaceSettings {
  const experiment = values.experiment?.trim() || env.MLFLOW_EXPERIMENT_NAME?.trim() || DEFAULT_EXPERIMENT;
  return { cwd, connection: mlflowConnection(env), experiment, targets: list(values.targets), paramsTargets: list(values['params-targets']) };
}

export function buildMlflowCompareSettings(values: MlflowCompareValues, cwd: string, env: Env): MlflowCompareSettings {
  if (values.md && values.json) throw new UserError('--md and --json cannot be combined', { hint: 'pick one output format' });
  const runId = values.run?.trim() || undefined;
  const baseCommit = values['base-commit']?.trim() || undefined;
  if (runId && baseCommit) throw new UserError('--run and --base-commit cannot be combined', { hint: '--run names the baseline; --base-commit looks one up' });
  if (runId !== undefined && !/^[\w-]+$/.test(runId)) throw new UserError(`--run "${runId}" is not an MLflow run id`);
  if (baseCommit !== undefined && (baseCommit.startsWith('-') || /\s/.test(baseCommit))) throw new UserError(`--base-commit "${baseCommit}" is not a commit`);
  return {
    ...workspaceSettings(values, cwd, env),
    runId,
    baseCommit,
    baseBranch: env.GITHUB_BASE_REF?.trim() || undefined,
    format: values.json ? 'json' : values.md ? 'markdown' : 'table',
  };
}

export function buildMlflowLogSettings(values: MlflowLogValues, cwd: string, env: Env): MlflowLogSettings {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return {
    ...workspaceSettings(values, cwd, env),
    runName: values['run-name']?.trim() || undefined,
    branch: env.GITHUB_HEAD_REF?.trim() || env.GITHUB_REF_NAME?.trim() || undefined,
    workflowRunUrl: server && repository && runId ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}` : undefined,
  };
}
