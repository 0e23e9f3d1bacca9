// CommentApi (src/core/comment/ports.ts) on the GitHub REST API.
//
// Pull request and issue comments share the issues endpoints; commit comments have their own.
// Writes go out with NO_AUTOMATIC_RETRY: the core decides whether a failed write is sent again.

import type { CommentApi, CommentTarget, PullRequestSummary, StoredComment } from '../../core/comment/ports.js';
import { describeTarget } from '../../core/comment/ports.js';
import type { Logger } from '../../logger.js';
import { NO_AUTOMATIC_RETRY, type GitHubClient } from './client.js';
import type { RepositoryRef } from './context.js';
import { wrapGitHubError } from './errors.js';
import { graphqlRequest } from './graphql.js';

interface RawComment {
  id: number;
  html_url: string;
  body?: string | null;
  user?: { login?: string } | null;
}

export interface CommentApiOptions {
  /**
   * The token is a GitHub App installation token (`ghs_`, which GITHUB_TOKEN is): GET /user always
   * answers it 403, so who it belongs to is asked of GraphQL at once.
   */
  readonly installationToken?: boolean;
}

export function createGitHubCommentApi(client: GitHubClient, repo: RepositoryRef, logger: Logger, options: CommentApiOptions = {}): CommentApi {
  const { owner, repo: name } = repo;
  const slug = `${owner}/${name}`;
  const permissionFor = (target: CommentTarget): string =>
    target.kind === 'commit' ? 'contents: write' : target.kind === 'issue' ? 'issues: write' : 'pull-requests: write';
  const toStored = (raw: RawComment): StoredComment => ({ id: raw.id, url: raw.html_url, body: raw.body ?? '', authorLogin: raw.user?.login ?? undefined });
  const guard = async <T>(action: string, permission: string | undefined, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw wrapGitHubError(error, { action, ...(permission ? { permission } : {}) });
    }
  };

  let viewer: Promise<string> | undefined;

  return {
    viewerLogin() {
      viewer ??= resolveViewerLogin(client, logger, options.installationToken ?? false);
      return viewer;
    },

    async pullRequestsForCommit(sha) {
      const pulls = await guard(`list pull requests of commit ${sha.slice(0, 12)} in ${slug}`, 'pull-requests: read', () =>
        client.paginate('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { owner, repo: name, commit_sha: sha, per_page: 100 }),
      );
      return pulls.map((pull): PullRequestSummary => ({ number: pull.number, state: pull.state, headSha: pull.head.sha, updatedAt: pull.updated_at }));
    },

    listComments(target) {
      const action = `list comments on ${describeTarget(target)} of ${slug}`;
      const iterable: AsyncIterable<{ data: unknown }> =
        target.kind === 'commit'
          ? client.paginate.iterator('GET /repos/{owner}/{repo}/commits/{commit_sha}/comments', { owner, repo: name, commit_sha: target.sha, per_page: 100 })
          : client.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
              owner,
              repo: name,
              issue_number: target.number,
              per_page: 100,
            });
      const pages = iterable[Symbol.asyncIterator]();
      return {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            const next = await guard(action, undefined, () => pages.next());
            if (next.done) return;
            yield (next.value.data as RawComment[]).map(toStored);
          }
        },
      };
    },

    async createComment(target, body) {
      const action = `create a comment on ${describeTarget(target)} of ${slug}`;
      const data = await guard(action, permissionFor(target), async (): Promise<unknown> => {
        if (target.kind === 'commit') {
          return (
            await client.request('POST /repos/{owner}/{repo}/commits/{commit_sha}/comments', {
              owner,
              repo: name,
              commit_sha: target.sha,
              body,
              ...NO_AUTOMATIC_RETRY,
            })
          ).data;
        }
        return (
          await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            owner,
            repo: name,
            issue_number: target.number,
            body,
            ...NO_AUTOMATIC_RETRY,
          })
        ).data;
      });
      return toStored(data as RawComment);
    },

    async updateComment(target, id, body) {
      const action = `update comment ${id} on ${describeTarget(target)} of ${slug}`;
      const data = await guard(action, permissionFor(target), async (): Promise<unknown> => {
        if (target.kind === 'commit') {
          return (await client.request('PATCH /repos/{owner}/{repo}/comments/{comment_id}', { owner, repo: name, comment_id: id, body, ...NO_AUTOMATIC_RETRY }))
            .data;
        }
        return (
          await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner, repo: name, comment_id: id, body, ...NO_AUTOMATIC_RETRY })
        ).data;
      });
      return toStored(data as RawComment);
    },
  };
}

/**
 * The login our comments carry. A personal token can ask GET /user. An Actions or app installation
 * token cannot (403 "Resource not accessible by integration"); GraphQL's viewer answers with the
 * app's login without the `[bot]` suffix that REST shows on its comments, so we add it.
 */
async function resolveViewerLogin(client: GitHubClient, logger: Logger, installationToken: boolean): Promise<string> {
  if (!installationToken) {
    try {
      const { data } = await client.request('GET /user');
      return data.login;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 403) throw wrapGitHubError(error, { action: 'find out who the token belongs to (GET /user)' });
    }
  }
  try {
    const answer = await graphqlRequest<{ viewer?: { login?: string } }>(client, 'query { viewer { login } }');
    const login = answer.data?.viewer?.login;
    if (login) return login.endsWith('[bot]') ? login : `${login}[bot]`;
  } catch (error) {
    logger.debug(`GraphQL viewer query failed: ${(error as Error).message}`);
  }
  logger.debug('assuming the Actions token identity github-actions[bot]');
  return 'github-actions[bot]';
}
