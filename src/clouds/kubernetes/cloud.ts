// The Kubernetes entry of the provider table (src/clouds/index.ts): its flags, settings builders,
// and the pod provider with its API client, imported only when a runner command talks to a cluster.

import { defineCloud } from '../cloud.js';
import { kubernetesOptions } from './options.js';
import { buildKubernetesLaunch, buildKubernetesTarget } from './settings.js';

export const kubernetesCloud = defineCloud({
  options: kubernetesOptions,
  buildTarget: buildKubernetesTarget,
  buildLaunch: buildKubernetesLaunch,
  load: () => import('./pod-provider.js'),
});
