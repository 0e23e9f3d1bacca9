// Flags only the Kubernetes cloud has (`--cloud-kubernetes-*`, CML's names). They are inputs of the
// runner action too, and follow the shared cloud flags in `cml runner launch --help`.

import type { OptionMap } from '../../options/spec.js';

export const kubernetesOptions = {
  'cloud-kubernetes-node-selector': {
    type: 'string',
    valueName: 'key=value,...',
    description: 'Kubernetes only: node labels the runner pod must be scheduled on (its nodeSelector), e.g. nvidia.com/gpu.product=Tesla-T4.',
  },
} as const satisfies OptionMap;
