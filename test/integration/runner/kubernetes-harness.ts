// Shared setup for the Kubernetes runner scenarios: the loopback GitHub fake with the runner routes
// and the loopback Kubernetes API fake, with a kubeconfig (KUBECONFIG_DATA) pointing at it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubFake } from '../../fakes/github/server.js';
import { installRunnerRoutes, type RunnerState } from '../../fakes/github/routes/runners.js';
import { KubeFake } from '../../fakes/kubernetes/server.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { GITHUB_TOKEN } from './harness.js';

export const KUBE_TOKEN = 'kube-token-0123456789abcdefKUBE';

export interface KubeHarness {
  github: GitHubFake;
  runners: RunnerState;
  kube: KubeFake;
  env: Record<string, string>;
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

/** A kubeconfig with one context; `user` is the YAML of its user entry. */
export function kubeconfig(server: string, user: string, namespace = 'ci-runners', cluster = ''): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'current-context: ci',
    'clusters:',
    '  - name: fake',
    '    cluster:',
    `      server: ${server}`,
    ...(cluster ? [cluster] : []),
    'contexts:',
    '  - name: other',
    '    context: { cluster: fake, user: nobody, namespace: elsewhere }',
    '  - name: ci',
    '    context:',
    '      cluster: fake',
    '      user: ci',
    `      namespace: ${namespace}`,
    'users:',
    '  - name: ci',
    '    user:',
    user,
    '',
  ].join('\n');
}

export async function startKubeHarness(): Promise<KubeHarness> {
  const github = await GitHubFake.start();
  github.addToken(GITHUB_TOKEN, { login: 'ml-admin', type: 'User' });
  github.addRepo('acme', 'widget');
  const runners = installRunnerRoutes(github);
  const kube = await KubeFake.start({ tokens: [KUBE_TOKEN] });
  const home = mkdtempSync(join(tmpdir(), 'cml-kube-home-'));
  const env = {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/widget',
    REPO_TOKEN: GITHUB_TOKEN,
    HOME: home,
    KUBECONFIG_DATA: kubeconfig(kube.url, `      token: ${KUBE_TOKEN}`),
  };
  return {
    github,
    runners,
    kube,
    env,
    logger: createMemoryLogger('debug'),
    async close() {
      runners.dispose();
      await Promise.all([github.close(), kube.close()]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
