// What one instances.insert carries: labels naming the tool, scope and runner (lowercase, as
// Compute Engine requires), the lifecycle's facts as metadata items, the boot script as the
// startup-script, and the locked-down instance: Shielded VM, boot disk deleted with the instance,
// no service account unless one is named, no project-wide SSH keys, spot deleted on preemption.

import { randomBytes } from 'node:crypto';
import type { LaunchAttempt } from '../../core/runner/launch-plan.js';
import type { MachineFacts } from '../../core/runner/provider.js';
import { CML_FACT_KEYS, factValues } from '../facts.js';
import type { GcpMachineChoice } from './presets.js';
import { hasGpu } from './presets.js';
import type { GcpMachineSettings } from './settings.js';

export const TOOL_LABEL_VALUE = 'continuous-ml';

/** Labels (filterable, lowercase) and metadata keys (exact values) written on every instance. */
export const LABEL = { tool: 'cml-tool', scope: 'cml-scope', runner: 'cml-runner' } as const;
export const META = CML_FACT_KEYS;

const UBUNTU = {
  x86_64: 'projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64',
  arm64: 'projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-arm64',
};
const GPU_IMAGE = 'projects/deeplearning-platform-release/global/images/family/common-cu124-ubuntu-2204-py310';

/** A label value: lowercase letters, digits, `_` and `-`, at most 63 characters. */
export function labelValue(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 63);
}

/** A label key: as a value, starting with a letter. */
function labelKey(text: string): string {
  const key = labelValue(text);
  return /^[a-z]/.test(key) ? key : `k${key}`.slice(0, 63);
}

/** An instance name from the runner's: RFC 1035, unique per launch (a stopped namesake may remain). */
export function instanceName(runnerName: string): string {
  const base = runnerName
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return `${base || 'cml'}-${randomBytes(3).toString('hex')}`;
}

export function labelsFor(facts: MachineFacts): Record<string, string> {
  const user = Object.fromEntries(Object.entries(facts.metadata).map(([key, value]) => [labelKey(key), labelValue(value)]));
  return { ...user, [LABEL.tool]: TOOL_LABEL_VALUE, [LABEL.scope]: labelValue(facts.scope), [LABEL.runner]: labelValue(facts.runnerName) };
}

export function metadataFor(facts: MachineFacts): Record<string, string> {
  return factValues(facts, META);
}

export function imageFor(settings: Pick<GcpMachineSettings, 'image'>, choice: GcpMachineChoice): string {
  if (settings.image) return settings.image.includes('/') ? settings.image : `global/images/${settings.image}`;
  if (hasGpu(choice)) return GPU_IMAGE;
  return /^(t2a|c4a|n4a)-/.test(choice.machineType) ? UBUNTU.arm64 : UBUNTU.x86_64;
}

export interface InsertInput {
  readonly name: string;
  readonly zone: string;
  readonly region: string;
  readonly choice: GcpMachineChoice;
  readonly attempt: LaunchAttempt;
  readonly facts: MachineFacts;
  readonly bootScript: string;
  readonly now: Date;
}

export function insertBody(
  settings: GcpMachineSettings,
  { name, zone, region, choice, attempt, facts, bootScript, now }: InsertInput,
): Record<string, unknown> {
  const labels = labelsFor(facts);
  const gpu = hasGpu(choice);
  const spot = attempt.market === 'spot';
  const lifetimeSeconds = facts.expiresAt ? Math.max(30, Math.ceil((facts.expiresAt.getTime() - now.getTime()) / 1000)) : undefined;
  const metadata = {
    ...metadataFor(facts),
    'startup-script': bootScript,
    'block-project-ssh-keys': 'TRUE',
    ...(gpu && !settings.image ? { 'install-nvidia-driver': 'True' } : {}),
  };
  return {
    name,
    description: `continuous-ml runner ${facts.runnerName}`,
    machineType: `zones/${zone}/machineTypes/${choice.machineType}`,
    labels,
    metadata: { items: Object.entries(metadata).map(([key, value]) => ({ key, value })) },
    disks: [
      {
        boot: true,
        autoDelete: true,
        type: 'PERSISTENT',
        mode: 'READ_WRITE',
        initializeParams: {
          sourceImage: imageFor(settings, choice),
          diskSizeGb: String(settings.diskSizeGb),
          diskType: `zones/${zone}/diskTypes/pd-balanced`,
          labels,
        },
      },
    ],
    networkInterfaces: [
      {
        ...(settings.network ? { network: settings.network.includes('/') ? settings.network : `global/networks/${settings.network}` } : {}),
        ...(settings.subnetwork
          ? { subnetwork: settings.subnetwork.includes('/') ? settings.subnetwork : `regions/${region}/subnetworks/${settings.subnetwork}` }
          : {}),
        // Outbound access to GitHub; no firewall rule is created, so nothing new can reach it.
        accessConfigs: [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT' }],
      },
    ],
    serviceAccounts: settings.serviceAccount ? [{ email: settings.serviceAccount, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }] : [],
    shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
    ...(choice.accelerator
      ? { guestAccelerators: [{ acceleratorType: `zones/${zone}/acceleratorTypes/${choice.accelerator.type}`, acceleratorCount: choice.accelerator.count }] }
      : {}),
    scheduling: {
      automaticRestart: false,
      onHostMaintenance: gpu || spot ? 'TERMINATE' : 'MIGRATE',
      provisioningModel: spot ? 'SPOT' : 'STANDARD',
      ...(spot ? { preemptible: true } : {}),
      // The cloud itself deletes the instance at the max lifetime, and a spot instance when preempted.
      ...(spot || lifetimeSeconds !== undefined ? { instanceTerminationAction: 'DELETE' } : {}),
      ...(lifetimeSeconds !== undefined ? { maxRunDuration: { seconds: String(lifetimeSeconds) } } : {}),
    },
  };
}
