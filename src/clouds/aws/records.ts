// An EC2 instance, as DescribeInstances returns it, -> the lifecycle's MachineRecord, read from the
// tags this tool wrote at launch (src/clouds/aws/tags.ts).

import type { Instance } from '@aws-sdk/client-ec2';
import type { MachineRecord, MachineState } from '../../core/runner/provider.js';
import { TAG } from './tags.js';

export function toRecord(instance: Instance): MachineRecord {
  const tags = new Map((instance.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  const date = (key: string): Date | undefined => {
    const text = tags.get(key);
    const value = text ? new Date(text) : undefined;
    return value && !Number.isNaN(value.getTime()) ? value : undefined;
  };
  const runnerId = Number(tags.get(TAG.runnerId));
  const jobId = Number(tags.get(TAG.jobId));
  const repository = tags.get(TAG.repository);
  const runId = tags.get(TAG.runId);
  return {
    id: instance.InstanceId ?? '',
    state: stateOf(instance.State?.Name),
    runnerName: tags.get(TAG.runnerName),
    runnerId: Number.isInteger(runnerId) && runnerId > 0 ? runnerId : undefined,
    scope: tags.get(TAG.scope),
    type: instance.InstanceType ?? 'unknown',
    market: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    launchedAt: instance.LaunchTime,
    expiresAt: date(TAG.expiresAt),
    readyBy: date(TAG.readyBy),
    interrupted: instance.StateReason?.Code === 'Server.SpotInstanceTermination',
    stateReason: instance.StateReason?.Message ?? instance.StateTransitionReason ?? undefined,
    workflow:
      repository && runId
        ? { repository, runId, runAttempt: tags.get(TAG.runAttempt) ?? '1', ...(Number.isInteger(jobId) && jobId > 0 ? { jobId } : {}) }
        : undefined,
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
