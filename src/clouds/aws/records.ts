// An EC2 instance, as DescribeInstances returns it, -> the lifecycle's MachineRecord, read from the
// tags this tool wrote at launch (src/clouds/aws/tags.ts).

import type { Instance } from '@aws-sdk/client-ec2';
import type { MachineRecord, MachineState } from '../../core/runner/provider.js';
import { readFacts } from '../facts.js';
import { TAG } from './tags.js';

export function toRecord(instance: Instance): MachineRecord {
  const tags = new Map((instance.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  const recorded = readFacts(tags, TAG);
  return {
    ...recorded,
    id: instance.InstanceId ?? '',
    state: stateOf(instance.State?.Name),
    type: instance.InstanceType ?? 'unknown',
    market: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    launchedAt: instance.LaunchTime,
    interrupted: instance.StateReason?.Code === 'Server.SpotInstanceTermination',
    stateReason: instance.StateReason?.Message ?? instance.StateTransitionReason ?? undefined,
  };
}

function stateOf(name: string | undefined): MachineState {
  switch (name) {
    case 'pending':
      return 'pending';
    case 'running':
      return 'running';
    case 'terminated':
      return 'terminated';
    default:
      return 'stopping';
  }
}
