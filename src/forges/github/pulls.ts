// Pull requests (`cml pr create`): find the open one from a branch, open one, and merge it now or
// turn on auto-merge (GraphQL's enablePullRequestAutoMerge; REST has no such call).

import type { Logger } from '../../logger.js';
import type { MergeMethod, PullRequestRef, PullRequests } from '../port.js';
import { NO_AUTOMATIC_RETRY, type GitHubClient } from './client.js';
import type { RepositoryRef } from './context.js';
import { GitHubApiError, wrapGitHubError } from './errors.js';

interface GitHubPull {
  readonly number: number;
  readonly html_url: string;
  readonly title: string;
  readonly node_id: string;
}

const PERMISSION = 'pull-requests: write';

export function createGitHubPullRequests(client: GitHubClient, repository: RepositoryRef, logger: Logger): PullRequests {
  const { owner, repo } = repository;
  const name = `${owner}/${repo}`;
  const nodeIds = new Map<number, string>();
  const toRef = (pull: GitHubPull): PullRequestRef => {
    nodeIds.set(pull.number, pull.node_id);
    return { number: pull.number, url: pull.html_url, title: pull.title };
  };

  const findOpen = async (head: string, base: string): Promise<PullRequestRef | undefined> => {
    try {
      const { data } = await client.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', head: `${owner}:${head}`, base, per_page: 10 });
      const pull = data.find((candidate) => candidate.head.ref === head && candidate.base.ref === base);
      return pull ? toRef(pull) : undefined;
    } catch (error) {
      throw wrapGitHubError(error, { action: `list the pull requests of ${name}`, permission: 'pull-requests: read' });
    }
  };

  return {
    findOpen,
    async create(request) {
      try {
        const { data } = await client.request('POST /repos/{owner}/{repo}/pulls', { owner, repo, ...request, ...NO_AUTOMATIC_RETRY });
        return toRef(data);
      } catch (error) {
        const wrapped = wrapGitHubError(error, { action: `open a pull request from ${request.head} into ${request.base} of ${name}`, permission: PERMISSION });
        // Opened in between (a parallel job): use that one.
        if (wrapped.status === 422 && /already exists/i.test(wrapped.message)) {
          const existing = await findOpen(request.head, request.base);
          if (existing) return existing;
        }
        if (wrapped.status === 403 && /not permitted to create or approve pull requests/i.test(wrapped.message)) {
          throw new GitHubApiError(
            wrapped.message,
            403,
            'allow it in Settings > Actions > General > "Allow GitHub Actions to create and approve pull requests", or use a GitHub App',
            error,
          );
        }
        throw wrapped;
      }
    },
    async merge(pull, method, sha) {
      try {
        await client.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
          owner,
          repo,
          pull_number: pull.number,
          merge_method: method,
          sha,
          ...NO_AUTOMATIC_RETRY,
        });
        return 'merged';
      } catch (error) {
        const wrapped = wrapGitHubError(error, { action: `merge pull request #${pull.number} of ${name}`, permission: 'contents: write' });
        // 405: not mergeable yet (required checks, reviews); 409: head moved. Auto-merge waits for them.
        if (wrapped.status !== 405 && wrapped.status !== 409 && wrapped.status !== 422) throw wrapped;
        logger.debug(`merging #${pull.number} now was refused (${wrapped.message}); enabling auto-merge`);
      }
      await enableAutoMerge(client, nodeIds.get(pull.number), method, `#${pull.number} of ${name}`);
      return 'auto-merge';
    },
  };
}

async function enableAutoMerge(client: GitHubClient, nodeId: string | undefined, method: MergeMethod, what: string): Promise<void> {
  if (!nodeId) throw new Error(`no node id for pull request ${what}`);
  try {
    await client.graphql(
      'mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!) { enablePullRequestAutoMerge(input: { pullRequestId: $pullRequestId, mergeMethod: $mergeMethod }) { pullRequest { number } } }',
      { pullRequestId: nodeId, mergeMethod: method.toUpperCase() },
    );
  } catch (error) {
    const messages = ((error as { errors?: Array<{ message?: string }> }).errors ?? []).map((entry) => entry.message ?? '').join('; ');
    if (messages) {
      const hint = /not allowed|auto-?merge is not/i.test(messages)
        ? 'turn on "Allow auto-merge" in the repository settings, or merge without --merge/--rebase/--squash'
        : 'auto-merge needs branch protection with required checks on the target branch, and `permissions: pull-requests: write, contents: write`';
      throw new GitHubApiError(`cannot enable auto-merge on pull request ${what}: ${messages}`, undefined, hint, error);
    }
    throw wrapGitHubError(error, { action: `enable auto-merge on pull request ${what}`, permission: PERMISSION });
  }
}
