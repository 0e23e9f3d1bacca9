// Flags only the Azure cloud has (`--cloud-azure-*`). They are inputs of the runner action too,
// and follow the shared cloud flags in `cml runner launch --help`.

import type { OptionMap } from '../../options/spec.js';

export const azureOptions = {
  'cloud-azure-subnet': {
    type: 'string',
    valueName: 'id',
    description:
      'Azure: resource id of an existing subnet in the region for the runner’s NIC (default: a small virtual network with a NAT gateway in the runner’s own resource group).',
  },
} as const satisfies OptionMap;
