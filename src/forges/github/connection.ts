// One connection to GitHub: which repository, with which token, at which API URL, from which
// workflow run. Read once from flags (or inputs) and the environment by the settings builders.

import type { ConnectionValues, ForgeConnection } from '../port.js';
import { ciRunFacts } from './run-facts.js';
import { hasProxy, parseRepository, readGitHubContext, resolveToken, type Env, type GitHubContext, type RepositoryRef } from './context.js';

export interface GitHubConnection extends ForgeConnection {
  readonly driver: 'github';
  readonly repository: RepositoryRef | undefined;
  readonly context: GitHubContext;
  /** Route requests through HTTPS_PROXY/HTTP_PROXY. */
  readonly useProxy: boolean;
}

/** `--repo` (else GITHUB_REPOSITORY), `--token` (else REPO_TOKEN, then GITHUB_TOKEN), and the run's context. */
export function connectionFrom(values: ConnectionValues, env: Env): GitHubConnection {
  const context = readGitHubContext(env);
  return {
    driver: 'github',
    repository: values.repo ? parseRepository(values.repo, '--repo') : context.repository,
    token: resolveToken(values.token, env),
    apiUrl: context.apiUrl,
    inCi: context.inActions,
    workspace: context.workspace,
    stepSummaryPath: context.stepSummaryPath,
    run: ciRunFacts(context, env),
    context,
    useProxy: hasProxy(env),
  };
}
