// What one runner's resource group holds, as ARM request bodies: the group itself (tagged with the
// lifecycle's facts), a security group that admits nothing, a small virtual network whose outbound
// access is a NAT gateway (unless an existing subnet is named), a NIC without a public address, and
// the VM: Trusted Launch, OS disk deleted with it, no password and a public key nobody holds, the
// boot script as customData (which the instance metadata service does not serve), no identity unless
// one is named, Spot with eviction Delete.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { UserError } from '../../errors.js';
import type { LaunchAttempt } from '../../core/runner/launch-plan.js';
import type { MachineFacts } from '../../core/runner/provider.js';
import { CML_FACT_KEYS, factValues } from '../facts.js';
import { isGpuSize } from './presets.js';
import type { AzureMachineSettings } from './settings.js';

export const API = { groups: '2021-04-01', network: '2023-09-01', compute: '2024-03-01' } as const;
export const TOOL_TAG_VALUE = 'continuous-ml';
export const TAG = { tool: 'cml-tool', market: 'cml-market', ...CML_FACT_KEYS } as const;

/** The fixed names inside a runner's own resource group. */
export const NAMES = {
  vm: 'runner',
  nic: 'runner-nic',
  nsg: 'runner-nsg',
  vnet: 'runner-vnet',
  subnet: 'runner',
  natIp: 'runner-nat-ip',
  nat: 'runner-nat',
} as const;
const ADMIN = 'cmlrunner';
const ADDRESS_SPACE = '10.42.0.0/24';
/** Azure's limit on customData once base64-encoded. */
const MAX_CUSTOM_DATA = 87_380;

const UBUNTU = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' };
/** Ubuntu with the NVIDIA driver and CUDA (its DKMS modules are unsigned: no secure boot with it). */
const GPU_IMAGE = { publisher: 'microsoft-dsvm', offer: 'ubuntu-hpc', sku: '2204', version: 'latest' };
/** GPU sizes without Trusted Launch support. */
const NO_TRUSTED_LAUNCH = /^Standard_(NC\d+r?|NC\d+r?s_v[23]|ND\d+r?s?|NV\d+|NV\d+s_v3)$/i;

/** A resource group name from the runner's: unique per launch, at most 90 characters. */
export function groupName(runnerName: string): string {
  const base = runnerName
    .replace(/[^A-Za-z0-9_.()-]/g, '-')
    .slice(0, 60)
    .replace(/[.-]+$/, '');
  return `cml-${base || 'runner'}-${randomBytes(3).toString('hex')}`;
}

/** Tags for everything in the group: the tool, the facts, and `--cloud-metadata` (ARM forbids `<>%&\?/` in names). */
export function tagsFor(facts: MachineFacts, market?: string): Record<string, string> {
  const user = Object.fromEntries(Object.entries(facts.metadata).map(([key, value]) => [key.replace(/[<>%&\\?/]/g, '-').slice(0, 512), value.slice(0, 256)]));
  return { ...user, ...factValues(facts, TAG), [TAG.tool]: TOOL_TAG_VALUE, ...(market ? { [TAG.market]: market } : {}) };
}

export function groupBody(location: string, tags: Record<string, string>): Record<string, unknown> {
  return { location, tags };
}

export function securityGroupBody(location: string, tags: Record<string, string>): Record<string, unknown> {
  const rule = { protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*' };
  // Below Azure's default rules (65000+) that admit traffic from the virtual network and load balancer.
  return {
    location,
    tags,
    properties: { securityRules: [{ name: 'deny-all-inbound', properties: { ...rule, priority: 4096, direction: 'Inbound', access: 'Deny' } }] },
  };
}

export function natIpBody(location: string, tags: Record<string, string>): Record<string, unknown> {
  return { location, tags, sku: { name: 'Standard' }, properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' } };
}

export function natGatewayBody(location: string, tags: Record<string, string>, natIpId: string): Record<string, unknown> {
  return { location, tags, sku: { name: 'Standard' }, properties: { publicIpAddresses: [{ id: natIpId }], idleTimeoutInMinutes: 4 } };
}

export function networkBody(location: string, tags: Record<string, string>, ids: { nsg: string; nat: string }): Record<string, unknown> {
  return {
    location,
    tags,
    properties: {
      addressSpace: { addressPrefixes: [ADDRESS_SPACE] },
      subnets: [
        {
          name: NAMES.subnet,
          properties: { addressPrefix: ADDRESS_SPACE, networkSecurityGroup: { id: ids.nsg }, natGateway: { id: ids.nat }, defaultOutboundAccess: false },
        },
      ],
    },
  };
}

export function nicBody(location: string, tags: Record<string, string>, ids: { subnet: string; nsg: string }): Record<string, unknown> {
  return {
    location,
    tags,
    properties: {
      ipConfigurations: [{ name: 'ipconfig', properties: { subnet: { id: ids.subnet }, privateIPAllocationMethod: 'Dynamic', primary: true } }],
      networkSecurityGroup: { id: ids.nsg },
    },
  };
}

export interface VmInput {
  readonly location: string;
  readonly size: string;
  readonly attempt: LaunchAttempt;
  readonly facts: MachineFacts;
  readonly bootScript: string;
  readonly nicId: string;
}

export function vmBody(settings: AzureMachineSettings, { location, size, attempt, facts, bootScript, nicId }: VmInput): Record<string, unknown> {
  const customData = Buffer.from(bootScript, 'utf8').toString('base64');
  if (customData.length > MAX_CUSTOM_DATA) {
    throw new UserError(`the boot script is ${customData.length} base64 characters; Azure takes at most ${MAX_CUSTOM_DATA} as customData`, {
      hint: 'shorten --cloud-startup-script',
    });
  }
  const spot = attempt.market === 'spot';
  const gpuImage = isGpuSize(size) && !settings.image;
  const trusted = !NO_TRUSTED_LAUNCH.test(size);
  const image = settings.image ?? (gpuImage ? GPU_IMAGE : UBUNTU);
  return {
    location,
    tags: tagsFor(facts, attempt.market),
    ...(settings.identity ? { identity: { type: 'UserAssigned', userAssignedIdentities: { [settings.identity]: {} } } } : {}),
    properties: {
      hardwareProfile: { vmSize: size },
      storageProfile: {
        imageReference: image,
        osDisk: { createOption: 'FromImage', deleteOption: 'Delete', diskSizeGB: settings.diskSizeGb, managedDisk: { storageAccountType: 'StandardSSD_LRS' } },
      },
      osProfile: {
        computerName: computerName(facts.runnerName),
        adminUsername: ADMIN,
        customData,
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ path: `/home/${ADMIN}/.ssh/authorized_keys`, keyData: unusedPublicKey() }] },
          provisionVMAgent: true,
        },
      },
      // The NIC outlives a VM refused for capacity, for the next attempt; the group's deletion takes it.
      networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
      ...(trusted ? { securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: !gpuImage, vTpmEnabled: true } } } : {}),
      priority: spot ? 'Spot' : 'Regular',
      ...(spot ? { evictionPolicy: 'Delete', billingProfile: { maxPrice: settings.maxPrice ?? -1 } } : {}),
    },
  };
}

/** A Linux host name: letters, digits and `-`, at most 63 characters. */
function computerName(runnerName: string): string {
  return (
    runnerName
      .replace(/[^A-Za-z0-9-]/g, '-')
      .replace(/^-+/, '')
      .slice(0, 63)
      .replace(/-+$/, '') || 'cml-runner'
  );
}

/** Azure wants a password or an SSH key for Linux: the public half of a key pair whose private half is dropped at once. */
function unusedPublicKey(): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const field = (bytes: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const mpint = (base64url: string): Buffer => {
    const bytes = Buffer.from(base64url, 'base64url');
    return (bytes[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), field(mpint(jwk.e!)), field(mpint(jwk.n!))]);
  return `ssh-rsa ${blob.toString('base64')} continuous-ml-unused`;
}
