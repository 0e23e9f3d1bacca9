// The GitHub driver: a Forge (src/forges/port.ts) on the REST API, through the one client factory.

import { eventFacts } from '../../core/comment/target.js';
import type { Forge, ForgeDeps, ForgeDriver } from '../port.js';
import { createAssetBranchStore } from './asset-branch.js';
import { pruneAssets } from './asset-prune.js';
import { createGitHubClient, type GitHubClientOptions } from './client.js';
import { createGitHubCommentApi } from './comment-api.js';
import { connectionFrom, type GitHubConnection } from './connection.js';
import { runUrl } from './context.js';

export function createGitHubForge(connection: GitHubConnection, deps: ForgeDeps): Forge {
  const { repository, token, context } = connection;
  if (!repository || !token) throw new Error('a GitHub forge needs a repository and a token');
  const { logger } = deps;
  logger.mask(token.token);
  const client = createGitHubClient({
    token: token.token,
    baseUrl: context.apiUrl,
    logger,
    useProxyFromEnv: connection.useProxy,
    ...(deps.client as Partial<GitHubClientOptions> | undefined),
  });
  const branchOptions = { client, repository, serverUrl: context.serverUrl, logger };
  return {
    name: 'github',
    repositoryName: `${repository.owner}/${repository.repo}`,
    comments: createGitHubCommentApi(client, repository, logger),
    event: eventFacts(context.eventName, context.event, context.sha),
    runUrl: runUrl(context),
    assetStore: (branch) => createAssetBranchStore({ ...branchOptions, branch }),
    pruneAssets: (request) => pruneAssets({ ...branchOptions, ...request }),
  };
}

export const githubDriver: ForgeDriver<GitHubConnection> = { name: 'github', connect: connectionFrom, open: createGitHubForge };
