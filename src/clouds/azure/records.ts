// A runner's resource group and its VM (with the instance view), as ARM returns them, -> the
// lifecycle's MachineRecord: the facts from the group's tags (resources.ts), the state from the
// VM's power and provisioning states. A group whose VM is gone (evicted, powered off and deleted,
// or never created) is a leftover that stop and cleanup delete.

import type { MachineRecord, MachineState } from '../../core/runner/provider.js';
import { readFacts } from '../facts.js';
import type { ArmResourceGroup } from './arm.js';
import { TAG } from './resources.js';

export interface ArmVm {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties?: {
    readonly hardwareProfile?: { readonly vmSize?: string };
    readonly priority?: string;
    readonly timeCreated?: string;
    readonly provisioningState?: string;
    readonly instanceView?: { readonly statuses?: readonly { readonly code?: string; readonly displayStatus?: string; readonly message?: string }[] };
  };
}

export function toRecord(group: ArmResourceGroup, vm: ArmVm | undefined): MachineRecord {
  const recorded = readFacts(new Map(Object.entries(group.tags ?? {})), TAG);
  const base = { ...recorded, id: group.name, interrupted: false };
  if (/^deleting$/i.test(group.properties?.provisioningState ?? '')) {
    return {
      ...base,
      state: 'terminated',
      type: vm?.properties?.hardwareProfile?.vmSize ?? '',
      market: marketOf(vm),
      launchedAt: undefined,
      stateReason: 'resource group being deleted',
    };
  }
  if (!vm)
    return { ...base, state: 'terminated', type: '', market: 'on-demand', launchedAt: undefined, stateReason: 'its virtual machine is gone', leftover: true };
  const statuses = vm.properties?.instanceView?.statuses ?? [];
  const power = statuses.find((status) => status.code?.startsWith('PowerState/'));
  const provisioning = statuses.find((status) => status.code?.startsWith('ProvisioningState/'));
  const launchedAt = vm.properties?.timeCreated ? new Date(vm.properties.timeCreated) : undefined;
  const failed = /failed/i.test(provisioning?.code ?? vm.properties?.provisioningState ?? '');
  const powerState = power?.code?.slice('PowerState/'.length) ?? '';
  const state = stateOf(powerState);
  return {
    ...base,
    state,
    type: vm.properties?.hardwareProfile?.vmSize ?? '',
    market: marketOf(vm),
    launchedAt: launchedAt && !Number.isNaN(launchedAt.getTime()) ? launchedAt : undefined,
    stateReason: state === 'stopping' ? `VM ${power?.displayStatus ?? powerState}` : undefined,
    failure: failed ? `provisioning failed${provisioning?.message ? `: ${provisioning.message.replace(/\s+/g, ' ')}` : ''}` : undefined,
    // A VM that powered itself off stays allocated (and billed) until deleted, with its disk.
    leftover: powerState === 'stopped' || powerState === 'deallocated',
  };
}

function marketOf(vm: ArmVm | undefined): 'spot' | 'on-demand' {
  return vm?.properties?.priority === 'Spot' ? 'spot' : 'on-demand';
}

function stateOf(power: string): MachineState {
  switch (power) {
    case 'running':
      return 'running';
    case 'stopping':
    case 'stopped':
    case 'deallocating':
    case 'deallocated':
      return 'stopping';
    default:
      // starting, or no power state yet while it is created.
      return 'pending';
  }
}
