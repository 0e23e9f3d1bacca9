// Flags only the Google Cloud cloud has (`--cloud-gcp-*`). They are inputs of the runner action too,
// and follow the shared cloud flags in `cml runner launch --help`.

import type { OptionMap } from '../../options/spec.js';

export const gcpOptions = {
  'cloud-gcp-network': {
    type: 'string',
    valueName: 'network',
    description: 'Google Cloud: VPC network name or URL (default: the project’s "default" network; no firewall rule is created).',
  },
  'cloud-gcp-subnetwork': {
    type: 'string',
    valueName: 'subnetwork',
    description: 'Google Cloud: subnetwork name or URL in the region (needed for custom-mode networks).',
  },
} as const satisfies OptionMap;
