// Check runs on a commit (`cml check create`, `--check` on metrics and drift): the report as the
// check's output, annotations in batches of 50 (GitHub's limit per request), and GitHub's refusal
// of personal tokens turned into one line that says which token to use.

import type { Logger } from '../../logger.js';
import type { CheckAnnotation, CheckRunRequest, CheckRunResult } from '../port.js';
import { NO_AUTOMATIC_RETRY, type GitHubClient } from './client.js';
import type { RepositoryRef } from './context.js';
import { GitHubApiError, wrapGitHubError } from './errors.js';

/** GitHub's limit on each text field of a check run's output. */
export const CHECK_TEXT_LIMIT = 65_535;
const ANNOTATIONS_PER_REQUEST = 50;

export async function createCheckRun(client: GitHubClient, repository: RepositoryRef, request: CheckRunRequest, logger: Logger): Promise<CheckRunResult> {
  const { owner, repo } = repository;
  const batches = chunk(request.annotations.map(toGitHub), ANNOTATIONS_PER_REQUEST);
  const output = (annotations: ReturnType<typeof toGitHub>[] | undefined) => ({
    title: request.title,
    summary: request.summary,
    ...(annotations?.length ? { annotations } : {}),
  });
  const action = `create check run "${request.name}" on ${request.sha.slice(0, 12)} of ${owner}/${repo}`;
  let created: { id: number; html_url: string | null };
  try {
    const { data } = await client.request('POST /repos/{owner}/{repo}/check-runs', {
      owner,
      repo,
      name: request.name,
      head_sha: request.sha,
      status: request.status,
      ...(request.status === 'completed' ? { conclusion: request.conclusion ?? 'success', completed_at: new Date().toISOString() } : {}),
      output: output(batches[0]),
      ...NO_AUTOMATIC_RETRY,
    });
    created = { id: Number(data.id), html_url: data.html_url };
  } catch (error) {
    throw checkError(error, action);
  }
  for (const batch of batches.slice(1)) {
    try {
      await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        owner,
        repo,
        check_run_id: created.id,
        output: output(batch),
        ...NO_AUTOMATIC_RETRY,
      });
    } catch (error) {
      throw checkError(error, `add annotations to check run ${created.id} of ${owner}/${repo}`);
    }
  }
  logger.debug(`check run ${created.id} with ${request.annotations.length} annotation(s)`);
  return { id: created.id, url: created.html_url ?? `https://github.com/${owner}/${repo}/runs/${created.id}` };
}

function checkError(error: unknown, action: string): GitHubApiError {
  const message = (error as { response?: { data?: { message?: unknown } } }).response?.data?.message;
  if (typeof message === 'string' && /authenticate via a GitHub App/i.test(message)) {
    return new GitHubApiError(
      `cannot ${action}: GitHub creates check runs only for the workflow's GITHUB_TOKEN or a GitHub App, not for a personal access token`,
      403,
      'drop --token/REPO_TOKEN for this step so GITHUB_TOKEN is used (with `permissions: checks: write`), or pass --github-app-id and --github-app-private-key',
      error,
    );
  }
  return wrapGitHubError(error, { action, permission: 'checks: write' });
}

function toGitHub(annotation: CheckAnnotation) {
  return {
    path: annotation.path,
    start_line: annotation.line,
    end_line: annotation.line,
    annotation_level: annotation.level,
    title: annotation.title.slice(0, 255),
    message: annotation.message.slice(0, 64 * 1024 - 1),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}
