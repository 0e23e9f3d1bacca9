// The GitHub driver: a Forge (src/forges/port.ts) on the REST API, through the one client factory.

import { eventFacts } from '../../core/comment/target.js';
import type { Forge, ForgeDeps, ForgeDriver } from '../port.js';
import { installationTokenSource } from './app-auth.js';
import { createAssetBranchStore } from './asset-branch.js';
import { pruneAssets } from './asset-prune.js';
import { CHECK_TEXT_LIMIT, createCheckRun } from './checks.js';
import { createGitHubClient, NO_AUTOMATIC_RETRY, type GitHubClientOptions } from './client.js';
import { createGitHubCommentApi } from './comment-api.js';
import { connectionFrom, type GitHubConnection } from './connection.js';
import { runUrl } from './context.js';
import { wrapGitHubError } from './errors.js';
import { createGitHubPullRequests } from './pulls.js';

export function createGitHubForge(connection: GitHubConnection, deps: ForgeDeps): Forge {
  const { repository, token, context, app } = connection;
  if (!repository || (!token && !app)) throw new Error('a GitHub forge needs a repository and a token or a GitHub App');
  const { logger } = deps;
  const tuning = deps.client as Partial<GitHubClientOptions> | undefined;
  if (token) {
    logger.mask(token.token);
    if (app) logger.info(`using the token from ${token.source}; the GitHub App ${app.appId} is used only when no token is set`);
  }
  const accessToken = token
    ? (): Promise<string> => Promise.resolve(token.token)
    : installationTokenSource({
        credentials: app!,
        repository,
        baseUrl: context.apiUrl,
        logger,
        useProxyFromEnv: connection.useProxy,
        ...(tuning ? { client: tuning } : {}),
      });
  const client = createGitHubClient({
    token: token ? token.token : accessToken,
    baseUrl: context.apiUrl,
    logger,
    useProxyFromEnv: connection.useProxy,
    ...tuning,
  });
  const branchOptions = { client, repository, serverUrl: context.serverUrl, logger };
  const name = `${repository.owner}/${repository.repo}`;
  return {
    name: 'github',
    repositoryName: name,
    // An App's installation token (GITHUB_TOKEN is one) starts with ghs_ (GitHub's token formats).
    comments: createGitHubCommentApi(client, repository, logger, { installationToken: !token || token.token.startsWith('ghs_') }),
    event: eventFacts(context.eventName, context.event, context.sha),
    runUrl: runUrl(context),
    assetStore: (branch) => createAssetBranchStore({ ...branchOptions, branch }),
    pruneAssets: (request) => pruneAssets({ ...branchOptions, ...request }),
    checkTextLimit: CHECK_TEXT_LIMIT,
    createCheckRun: (request) => createCheckRun(client, repository, request, logger),
    pulls: createGitHubPullRequests(client, repository, logger),
    async rerunFailedJobs(runId) {
      try {
        await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', { ...repository, run_id: runId, ...NO_AUTOMATIC_RETRY });
      } catch (error) {
        throw wrapGitHubError(error, { action: `re-run the failed jobs of run ${runId} of ${name}`, permission: 'actions: write' });
      }
    },
    async gitHttpAuth() {
      const basic = Buffer.from(`x-access-token:${await accessToken()}`).toString('base64');
      logger.mask(basic);
      return { serverUrl: `${context.serverUrl}/`, header: `AUTHORIZATION: basic ${basic}` };
    },
  };
}

export const githubDriver: ForgeDriver<GitHubConnection> = { name: 'github', connect: connectionFrom, open: createGitHubForge };
