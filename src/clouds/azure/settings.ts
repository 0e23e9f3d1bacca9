// Flags and environment -> the Azure provider's settings: the location, subscription, Resource
// Manager root and Entra credentials every runner command needs (buildAzureTarget), and what
// `runner launch` starts (buildAzureLaunch): CML's presets resolved to VM sizes, the disk, image,
// priority, maximum spot price, managed identity and subnet.

import { UsageError } from '../../errors.js';
import type { CloudLocationValues, CloudMachineValues, CloudTarget } from '../cloud.js';
import { parseDiskSize, parseSpotPrice } from '../../core/runner/machine-flags.js';
import type { Env, OptionValues } from '../../options/spec.js';
import { azureSecrets, azureSubscription, readAzureCredentials, withSlash, type AzureCredentials } from './credentials.js';
import type { azureOptions } from './options.js';
import { resolveAzureLocation, resolveAzureSizes } from './presets.js';

export const DEFAULT_ARM_ROOT = 'https://management.azure.com/';

export interface AzureConnection {
  readonly location: string;
  readonly subscription: string;
  /** Ends with `/` (AZURE_RESOURCE_MANAGER_ENDPOINT, else the public cloud's). */
  readonly armRoot: string;
  /** The token scope for that Resource Manager, e.g. https://management.azure.com/.default */
  readonly scope: string;
  readonly credentials: AzureCredentials;
}

/** `--cloud-image`: a marketplace URN (publisher:offer:sku:version) or an image resource id. */
export type AzureImage = { readonly publisher: string; readonly offer: string; readonly sku: string; readonly version: string } | { readonly id: string };

export interface AzureMachineSettings {
  readonly sizes: readonly string[];
  readonly diskSizeGb: number;
  readonly image: AzureImage | undefined;
  readonly spot: boolean;
  /** USD per hour; undefined = up to the regular price (-1). */
  readonly maxPrice: number | undefined;
  /** Resource id of a user-assigned managed identity (`--cloud-permission-set`); none by default. */
  readonly identity: string | undefined;
  /** Resource id of an existing subnet; undefined = a network of the runner's own. */
  readonly subnet: string | undefined;
}

export const NO_AZURE_MACHINE: AzureMachineSettings = {
  sizes: [],
  diskSizeGb: 35,
  image: undefined,
  spot: false,
  maxPrice: undefined,
  identity: undefined,
  subnet: undefined,
};

export function buildAzureTarget(values: CloudLocationValues, env: Env): CloudTarget<AzureConnection> {
  const location = resolveAzureLocation(values['cloud-region'] || env.AZURE_LOCATION || 'us-west');
  const credentials = readAzureCredentials(env);
  const subscription = azureSubscription(env);
  const override = env.AZURE_RESOURCE_MANAGER_ENDPOINT?.trim();
  const armRoot = withSlash(override || DEFAULT_ARM_ROOT);
  const custom = credentials.authorityHost !== 'https://login.microsoftonline.com/';
  return {
    location,
    connection: { location, subscription, armRoot, scope: `${new URL(armRoot).origin}/.default`, credentials },
    secrets: azureSecrets(credentials),
    detail: ` (subscription ${subscription})${override ? ` via ${armRoot}` : ''}${custom ? `, signing in at ${credentials.authorityHost}` : ''}`,
  };
}

export function buildAzureLaunch(values: CloudMachineValues & OptionValues<typeof azureOptions>): AzureMachineSettings {
  const spot = Boolean(values['cloud-spot']);
  const identity = values['cloud-permission-set']?.trim() || undefined;
  if (identity && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i.test(identity)) {
    throw new UsageError(`--cloud-permission-set "${identity}" is not a user-assigned managed identity resource id`, {
      hint: 'e.g. /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>',
    });
  }
  const subnet = values['cloud-azure-subnet']?.trim() || undefined;
  if (subnet && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(subnet)) {
    throw new UsageError(`--cloud-azure-subnet "${subnet}" is not a subnet resource id`, {
      hint: 'e.g. /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>',
    });
  }
  return {
    sizes: resolveAzureSizes(values['cloud-type'] ?? 'm', values['cloud-gpu']),
    diskSizeGb: parseDiskSize(values['cloud-hdd-size']),
    image: parseImage(values['cloud-image']),
    spot,
    maxPrice: parseSpotPrice(values['cloud-spot-price'], spot),
    identity,
    subnet,
  };
}

function parseImage(text: string | undefined): AzureImage | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (value.startsWith('/subscriptions/')) return { id: value };
  const parts = value.split(':');
  if (parts.length !== 4 || parts.some((part) => part === '')) {
    throw new UsageError(`--cloud-image "${value}" is neither an image URN nor an image resource id`, {
      hint: 'e.g. Canonical:ubuntu-24_04-lts:server:latest or /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/galleries/...',
    });
  }
  const [publisher, offer, sku, version] = parts as [string, string, string, string];
  return { publisher, offer, sku, version };
}
