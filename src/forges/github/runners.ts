// GitHub's self-hosted runner API for a repository or an organization — just-in-time registration,
// listing and deleting runners — and the workflow-run calls that re-run a job lost to a spot
// interruption. Implements the ports in src/core/runner/registry-port.ts.
//
// Writes are sent once (NO_AUTOMATIC_RETRY): a registration that timed out may exist, and the
// lifecycle removes it by id.

import { NO_AUTOMATIC_RETRY, type GitHubClient } from './client.js';
import { GitHubApiError, wrapGitHubError } from './errors.js';
import type { JitRunner, RegisteredRunner, RunnerRegistry, WorkflowJob, WorkflowRun, WorkflowRuns } from '../../core/runner/registry-port.js';
import type { RepositoryRef } from './context.js';

export type RunnerScope = { readonly kind: 'repo'; readonly owner: string; readonly repo: string } | { readonly kind: 'org'; readonly org: string };

export function scopeKey(scope: RunnerScope): string {
  return scope.kind === 'repo' ? `repo:${scope.owner}/${scope.repo}` : `org:${scope.org}`;
}

export function describeScope(scope: RunnerScope): string {
  return scope.kind === 'repo' ? `repository ${scope.owner}/${scope.repo}` : `organization ${scope.org}`;
}

interface ApiRunner {
  id: number;
  name: string;
  status: string;
  busy: boolean;
  labels: { name: string }[];
}

function toRunner(runner: ApiRunner): RegisteredRunner {
  return {
    id: runner.id,
    name: runner.name,
    status: runner.status === 'online' ? 'online' : 'offline',
    busy: Boolean(runner.busy),
    labels: runner.labels.map((label) => label.name),
  };
}

/** Pages read at most (of 100 items each): a bound on every listing, however large the account. */
const MAX_PAGES = 50;

/** `client.paginate` for a route built at run time (repository or organization prefix). */
type Paginate = <T>(route: string, parameters: Record<string, unknown>, mapFn: (response: { data: unknown }, done: () => void) => T[]) => Promise<T[]>;

/** A paginate map function that reads `key` of each page and stops after MAX_PAGES pages. */
function boundedPages<T>(key: string): (response: { data: unknown }, done: () => void) => T[] {
  let pages = 0;
  return (response, done) => {
    pages += 1;
    if (pages >= MAX_PAGES) done();
    const data = response.data as Record<string, unknown> | unknown[];
    // plugin-paginate-rest already unwraps `{ total_count, <key>: [...] }` into the array.
    return (Array.isArray(data) ? data : ((data[key] as T[] | undefined) ?? [])) as T[];
  };
}

export function createRunnerRegistry(client: GitHubClient, scope: RunnerScope, options: { runnerGroupId?: number } = {}): RunnerRegistry {
  const base =
    scope.kind === 'repo'
      ? `/repos/${encodeURIComponent(scope.owner)}/${encodeURIComponent(scope.repo)}/actions/runners`
      : `/orgs/${encodeURIComponent(scope.org)}/actions/runners`;
  const where = describeScope(scope);
  const permission =
    scope.kind === 'repo'
      ? 'administration: write (a fine-grained token or GitHub App; GITHUB_TOKEN cannot manage runners)'
      : 'organization_self_hosted_runners: write (a fine-grained token or GitHub App)';
  return {
    description: where,
    async createJitRunner(name: string, labels: readonly string[]): Promise<JitRunner> {
      try {
        const response = await client.request(`POST ${base}/generate-jitconfig`, {
          name,
          labels: [...labels],
          runner_group_id: options.runnerGroupId ?? 1,
          work_folder: '_work',
          ...NO_AUTOMATIC_RETRY,
        });
        const data = response.data as { runner: ApiRunner; encoded_jit_config: string };
        return { id: data.runner.id, name: data.runner.name, encodedJitConfig: data.encoded_jit_config };
      } catch (error) {
        const wrapped = wrapGitHubError(error, { action: `register runner ${name} for ${where}`, permission });
        if (wrapped.status === 409) {
          throw new GitHubApiError(
            `cannot register runner ${name} for ${where}: a runner with that name already exists`,
            409,
            'choose another --name, or stop the existing runner with `cml runner stop --name ' + name + '`',
            error,
          );
        }
        throw wrapped;
      }
    },
    async getRunner(id: number): Promise<RegisteredRunner | undefined> {
      try {
        const response = await client.request(`GET ${base}/{runner_id}`, { runner_id: id });
        return toRunner(response.data as ApiRunner);
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw wrapGitHubError(error, { action: `read runner ${id} of ${where}`, permission });
      }
    },
    async listRunners(): Promise<RegisteredRunner[]> {
      try {
        const runners = await (client.paginate as unknown as Paginate)(`GET ${base}`, { per_page: 100 }, boundedPages<ApiRunner>('runners'));
        return runners.map(toRunner);
      } catch (error) {
        throw wrapGitHubError(error, { action: `list the runners of ${where}`, permission });
      }
    },
    async deleteRunner(id: number): Promise<boolean> {
      try {
        await client.request(`DELETE ${base}/{runner_id}`, { runner_id: id, ...NO_AUTOMATIC_RETRY });
        return true;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return false;
        throw wrapGitHubError(error, { action: `remove runner ${id} from ${where}`, permission });
      }
    },
  };
}

export function createWorkflowRuns(client: GitHubClient, repository: RepositoryRef): WorkflowRuns {
  const base = `/repos/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.repo)}/actions`;
  const name = `${repository.owner}/${repository.repo}`;
  return {
    repository: name,
    async getRun(runId: string): Promise<WorkflowRun | undefined> {
      try {
        const { data } = await client.request(`GET ${base}/runs/{run_id}`, { run_id: Number(runId) });
        const run = data as { id: number; status: string; conclusion: string | null; run_attempt?: number };
        return { id: run.id, status: run.status, conclusion: run.conclusion, runAttempt: run.run_attempt ?? 1 };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw wrapGitHubError(error, { action: `read workflow run ${runId} of ${name}`, permission: 'actions: read' });
      }
    },
    async listJobs(runId: string, attempt: number): Promise<WorkflowJob[]> {
      try {
        // `filter: latest` lists the jobs of the run's latest attempt; each job names its attempt.
        const jobs = await (client.paginate as unknown as Paginate)(
          `GET ${base}/runs/{run_id}/jobs`,
          { run_id: Number(runId), filter: 'latest', per_page: 100 },
          boundedPages<{ id: number; name: string; status: string; conclusion: string | null; runner_name: string | null; run_attempt?: number }>('jobs'),
        );
        return jobs
          .filter((job) => job.run_attempt === undefined || job.run_attempt === attempt)
          .map((job) => ({ id: job.id, name: job.name, status: job.status, conclusion: job.conclusion, runnerName: job.runner_name }));
      } catch (error) {
        throw wrapGitHubError(error, { action: `list the jobs of run ${runId} of ${name}`, permission: 'actions: read' });
      }
    },
    async rerunJob(jobId: number): Promise<void> {
      try {
        await client.request(`POST ${base}/jobs/{job_id}/rerun`, { job_id: jobId, ...NO_AUTOMATIC_RETRY });
      } catch (error) {
        throw wrapGitHubError(error, { action: `re-run job ${jobId} of ${name}`, permission: 'actions: write' });
      }
    },
  };
}

/** The id of the job running this step: the in-progress job of this run attempt on this runner. */
export async function findCurrentJobId(runs: WorkflowRuns, runId: string, attempt: number, runnerName: string): Promise<number | undefined> {
  const jobs = await runs.listJobs(runId, attempt);
  const mine = jobs.filter((job) => job.runnerName === runnerName && job.status === 'in_progress');
  return mine.length === 1 ? mine[0]!.id : undefined;
}
