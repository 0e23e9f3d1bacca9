// One connection to GitHub: which repository, with which token, at which API URL, from which
// workflow run. Read once from flags (or inputs) and the environment by the settings builders.

import type { ConnectionValues, ForgeConnection } from '../port.js';
import { readAppCredentials, type GitHubAppCredentials } from './app-auth.js';
import { ciRunFacts } from './run-facts.js';
import { hasProxy, parseRepository, readGitHubContext, resolveToken, type Env, type GitHubContext, type RepositoryRef } from './context.js';

export interface GitHubConnection extends ForgeConnection {
  readonly driver: 'github';
  readonly repository: RepositoryRef | undefined;
  readonly context: GitHubContext;
  /** Route requests through HTTPS_PROXY/HTTP_PROXY. */
  readonly useProxy: boolean;
  /** A GitHub App to mint an installation token with, used when no token is given. */
  readonly app: GitHubAppCredentials | undefined;
}

/**
 * `--repo` (else GITHUB_REPOSITORY), `--token` (else REPO_TOKEN, then GITHUB_TOKEN, then a GitHub
 * App from `--github-app-id`/`--github-app-private-key` or CML_GITHUB_APP_ID/CML_GITHUB_APP_PRIVATE_KEY),
 * and the run's context.
 */
export function connectionFrom(values: ConnectionValues, env: Env): GitHubConnection {
  const context = readGitHubContext(env);
  const app = appFrom(values, env);
  const token = resolveToken(values.token, env);
  return {
    driver: 'github',
    repository: values.repo ? parseRepository(values.repo, '--repo') : context.repository,
    token,
    credentials: token?.source ?? (app ? `GitHub App ${app.appId}` : undefined),
    apiUrl: context.apiUrl,
    inCi: context.inActions,
    workspace: context.workspace,
    stepSummaryPath: context.stepSummaryPath,
    run: ciRunFacts(context, env),
    context,
    useProxy: hasProxy(env),
    app,
  };
}

/** The GitHub App of `--github-app-id`/`--github-app-private-key`, else of CML_GITHUB_APP_ID/CML_GITHUB_APP_PRIVATE_KEY. */
export function appFrom(values: Pick<ConnectionValues, 'github-app-id' | 'github-app-private-key'>, env: Env): GitHubAppCredentials | undefined {
  const fromFlags = values['github-app-id'] !== undefined || values['github-app-private-key'] !== undefined;
  return fromFlags
    ? readAppCredentials(values['github-app-id'], values['github-app-private-key'], { id: '--github-app-id', key: '--github-app-private-key' })
    : readAppCredentials(env.CML_GITHUB_APP_ID, env.CML_GITHUB_APP_PRIVATE_KEY, { id: 'CML_GITHUB_APP_ID', key: 'CML_GITHUB_APP_PRIVATE_KEY' });
}
