// A Compute Engine instance, as instances.get and aggregatedList return it, -> the lifecycle's
// MachineRecord, read from the metadata items and labels written at launch (instance.ts).

import type { MachineRecord, MachineState } from '../../core/runner/provider.js';
import type { GceInstance } from './compute.js';
import { readFacts } from '../facts.js';
import { META } from './instance.js';

/** `zone/name`: what terminate and describe need to find the instance again. */
export function machineIdOf(instance: Pick<GceInstance, 'zone' | 'name'>): string {
  return `${lastSegment(instance.zone)}/${instance.name}`;
}

export function lastSegment(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

export function toRecord(instance: GceInstance): MachineRecord {
  const items = new Map((instance.metadata?.items ?? []).map((item) => [item.key, item.value ?? '']));
  const recorded = readFacts(items, META);
  const spot = instance.scheduling?.provisioningModel === 'SPOT' || instance.scheduling?.preemptible === true;
  const launchedAt = instance.creationTimestamp ? new Date(instance.creationTimestamp) : undefined;
  const state = stateOf(instance.status);
  return {
    ...recorded,
    id: machineIdOf(instance),
    state,
    type: lastSegment(instance.machineType),
    market: spot ? 'spot' : 'on-demand',
    launchedAt: launchedAt && !Number.isNaN(launchedAt.getTime()) ? launchedAt : undefined,
    interrupted: spot && /preempt/i.test(instance.statusMessage ?? ''),
    stateReason: instance.statusMessage ?? (state === 'stopping' ? `instance ${instance.status}` : undefined),
    // A powered-off instance stays (with its disk) until deleted.
    leftover: ['TERMINATED', 'STOPPED', 'SUSPENDED'].includes(instance.status),
  };
}

function stateOf(status: string): MachineState {
  switch (status) {
    case 'PROVISIONING':
    case 'STAGING':
      return 'pending';
    case 'RUNNING':
      return 'running';
    default:
      // STOPPING, SUSPENDING, and the powered-off TERMINATED, STOPPED and SUSPENDED.
      return 'stopping';
  }
}
