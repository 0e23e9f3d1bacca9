// The Kubernetes runner provider: one pod per runner in one namespace, running the same boot script
// as an EC2 machine from the official runner image. The script (it carries the just-in-time
// config) goes into a Secret owned by the pod; the pod mounts it. Ending a runner deletes both.
// Loaded only for `--cloud kubernetes`; the kubeconfig is read on first use.

import type { CloudTarget } from '../cloud.js';
import type { Logger } from '../../logger.js';
import type { LaunchedMachine, LaunchRequest, MachineRecord, RunnerProvider } from '../../core/runner/provider.js';
import { createKubeClient, type KubeClient } from './client.js';
import { credentialSource } from './exec-credential.js';
import { loadClusterAccess } from './kubeconfig.js';
import { buildBootSecret, buildPod, describeMachine, podRecord, scopeSelector, secretNameFor, type Pod } from './manifests.js';
import type { KubernetesConnection, KubernetesMachineSettings } from './settings.js';

export interface KubernetesProviderOptions {
  readonly now?: () => Date;
}

export function createProvider(
  target: CloudTarget<KubernetesConnection>,
  machine: KubernetesMachineSettings | undefined,
  logger: Logger,
  options: KubernetesProviderOptions = {},
): RunnerProvider {
  const now = options.now ?? (() => new Date());
  let client: KubeClient | undefined;
  const connect = (): KubeClient => {
    if (client) return client;
    const access = loadClusterAccess(target.connection.sources);
    const namespace = target.connection.namespace ?? access.namespace;
    logger.debug(`Kubernetes API ${access.server}, namespace ${namespace} (credentials from ${access.source})`);
    client = createKubeClient(access, namespace, credentialSource(access, target.connection.env, logger));
    return client;
  };

  async function launch(request: LaunchRequest): Promise<LaunchedMachine> {
    if (!machine) throw new Error('the Kubernetes provider was created without launch settings');
    const kube = connect();
    const pod = await kube.create<Pod>('pods', buildPod(request.facts, machine, now()));
    const name = pod.metadata.name;
    try {
      await kube.create('secrets', buildBootSecret(pod, request.bootScript));
    } catch (error) {
      await kube.remove('pods', name).catch(() => undefined);
      throw error;
    }
    logger.debug(`created pod ${name} and its secret ${secretNameFor(name)} in namespace ${kube.namespace}`);
    return {
      id: name,
      type: describeMachine(machine),
      market: 'on-demand',
      location: kube.namespace,
      zone: undefined,
      price: { usd: null, source: 'the cluster’s own nodes' },
    };
  }

  return {
    cloud: 'kubernetes',
    location: target.location,
    prepare: async () => {
      connect();
    },
    launch,
    async terminate(podName) {
      const kube = connect();
      await kube.remove('pods', podName);
      // The pod owns its secret, so the cluster would collect it; deleting it now leaves nothing to wait for.
      await kube.remove('secrets', secretNameFor(podName));
    },
    async list(scope): Promise<MachineRecord[]> {
      return (await connect().list<Pod>('pods', scopeSelector(scope))).map(podRecord);
    },
    async describe(podName) {
      const pod = await connect().get<Pod>('pods', podName);
      return pod ? podRecord(pod) : undefined;
    },
  };
}
