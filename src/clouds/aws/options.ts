// Flags only the AWS cloud has (`--cloud-aws-*`, CML's names). They are inputs of the runner action
// too, and follow the shared cloud flags in `cml runner launch --help`.

import type { OptionMap } from '../../options/spec.js';

export const awsOptions = {
  'cloud-aws-security-group': {
    type: 'string',
    valueName: 'group',
    description: "Security group id or name (default: the VPC's default group; no inbound rules are needed).",
  },
  'cloud-aws-subnet': {
    type: 'string',
    valueName: 'subnet',
    aliases: ['cloud-aws-subnet-id'],
    description: 'Subnet id (default: the default subnet of each availability zone, tried in turn).',
  },
} as const satisfies OptionMap;
