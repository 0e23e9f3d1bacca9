// Which MLflow run `cml mlflow compare` compares with: --run, else the newest FINISHED run of the
// experiment tagged mlflow.source.git.commit = the base commit (--base-commit, else the head of
// the pull request's base branch, from git). Search pages are read until one is found (bounded).

import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Git } from '../../git/git.js';
import { resolveRevision } from '../../git/revisions.js';
import type { MlflowClient } from '../../trackers/mlflow/client.js';
import { GIT_COMMIT_TAG, type MlflowRun } from '../../trackers/mlflow/types.js';
import type { MlflowCompareSettings } from './settings.js';

const MAX_PAGES = 20;
const PAGE_SIZE = 100;

export type Baseline =
  { readonly run: MlflowRun; readonly commit: string | undefined } | { readonly run: undefined; readonly commit: string; readonly reason: string };

export async function findBaseline(settings: MlflowCompareSettings, client: MlflowClient, git: Git, logger: Logger): Promise<Baseline> {
  if (settings.runId) {
    const run = await client.getRun(settings.runId);
    return { run, commit: run.data.tags?.find((tag) => tag.key === GIT_COMMIT_TAG)?.value };
  }
  const commit = await baseCommit(settings, git, logger);
  const experiment = await client.getExperimentByName(settings.experiment);
  if (!experiment) return { run: undefined, commit, reason: `no MLflow experiment named "${settings.experiment}", so no run for commit ${commit}` };
  const filter = `tags.\`${GIT_COMMIT_TAG}\` = '${commit}'`;
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await client.searchRuns({
      experimentIds: [experiment.experiment_id],
      filter,
      orderBy: ['attributes.start_time DESC'],
      maxResults: PAGE_SIZE,
      ...(pageToken ? { pageToken } : {}),
    });
    const finished = answer.runs.find((run) => run.info.status === 'FINISHED');
    if (finished) return { run: finished, commit };
    pageToken = answer.nextPageToken;
    if (!pageToken) break;
    if (page === MAX_PAGES - 1)
      logger.warn(`looked through ${MAX_PAGES * PAGE_SIZE} runs of "${settings.experiment}" for commit ${commit} without a FINISHED one; stopping`);
  }
  return { run: undefined, commit, reason: `no FINISHED run of MLflow experiment "${settings.experiment}" is tagged ${GIT_COMMIT_TAG} = ${commit}` };
}

async function baseCommit(settings: MlflowCompareSettings, git: Git, logger: Logger): Promise<string> {
  if (settings.baseCommit) {
    // A short SHA becomes the full one MLflow stores; a commit this clone lacks is used as given.
    const full = await git.resolve(`${settings.baseCommit}^{commit}`);
    if (full) return full;
    if (/^[0-9a-f]{40}$/.test(settings.baseCommit)) return settings.baseCommit;
    throw new UserError(`--base-commit ${settings.baseCommit} is not a commit of this repository`, { hint: 'give the full 40-character SHA' });
  }
  if (!settings.baseBranch) {
    throw new UserError('no baseline: this is not a pull request, so there is no base branch', { hint: 'pass --base-commit <sha> or --run <id>' });
  }
  return resolveRevision(git, settings.baseBranch, { remote: 'origin', fetch: true }, logger);
}
