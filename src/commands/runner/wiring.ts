// Connects a runner command to GitHub and to its cloud: one GitHub client, the runner registry of the
// scope, the cloud's provider from the provider table (loaded on first use), and the lifecycle's
// clock and interruptible sleep. Secrets are masked before anything is printed.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logger.js';
import { cloudNamed } from '../../clouds/index.js';
import type { LifecycleDeps } from '../../core/runner/lifecycle.js';
import { deferredProvider, type LaunchedMachine } from '../../core/runner/provider.js';
import type { RunnerRegistry } from '../../core/runner/registry-port.js';
import { installationTokenSource } from '../../forges/github/app-auth.js';
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from '../../forges/github/client.js';
import { createRunnerRegistry } from '../../forges/github/runners.js';
import type { RunnerTarget } from './settings.js';

export interface RunnerDeps {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Tests shorten waits and point at the loopback fake; production leaves this empty. */
  readonly client?: Partial<GitHubClientOptions>;
  readonly pollIntervalMs?: number;
  readonly onMachine?: (machine: LaunchedMachine, runnerId: number, runnerName?: string) => void;
}

export interface Wiring {
  readonly client: GitHubClient;
  readonly registry: RunnerRegistry;
  readonly lifecycle: LifecycleDeps;
}

/** `machine` is the cloud's launch settings; stop and cleanup, which start nothing, pass undefined. */
export function wire(target: RunnerTarget, machine: unknown, deps: RunnerDeps): Wiring {
  const { logger } = deps;
  if (target.token) logger.mask(target.token.token);
  for (const secret of target.secrets) logger.mask(secret);
  const credentials = target.token ? `token from ${target.token.source}` : `GitHub App ${target.app?.appId}`;
  logger.debug(`GitHub ${credentials}; API ${target.context.apiUrl}; ${target.cloud} ${target.location}${target.detail}`);
  const client = createGitHubClient({
    token: registrationToken(target, deps),
    baseUrl: target.context.apiUrl,
    logger,
    useProxyFromEnv: target.useProxy,
    ...deps.client,
  });
  const { cloud } = cloudNamed(target.cloud);
  // A cloud's SDK is most of this command's code: it is loaded only when the cloud is first used.
  const provider = deferredProvider(target.cloud, target.location, async () => (await cloud.load()).createProvider(target, machine, logger));
  const registry = createRunnerRegistry(client, target.scope);
  const lifecycle: LifecycleDeps = {
    provider,
    registry,
    logger,
    now: () => new Date(),
    sleep: (ms) => sleep(ms, undefined, { signal: deps.signal }).catch(() => undefined),
    signal: deps.signal,
    ...(deps.onMachine ? { onMachine: deps.onMachine } : {}),
  };
  return { client, registry, lifecycle };
}

/** The target's token, or a GitHub App's installation token for its repository, minted when first needed. */
function registrationToken(target: RunnerTarget, deps: RunnerDeps): string | (() => Promise<string>) {
  if (target.token) return target.token.token;
  const { app, scope } = target;
  if (!app || scope.kind !== 'repo') throw new Error('a runner target has neither a token nor a GitHub App for a repository');
  const tuning = deps.client as Partial<GitHubClientOptions> | undefined;
  return installationTokenSource({
    credentials: app,
    repository: { owner: scope.owner, repo: scope.repo },
    baseUrl: target.context.apiUrl,
    logger: deps.logger,
    useProxyFromEnv: target.useProxy,
    ...(tuning ? { client: tuning } : {}),
  });
}
