// Flags and environment -> the Google Cloud provider's settings: the region (or zone), project,
// Compute API root and credentials every runner command needs (buildGcpTarget), and what
// `runner launch` starts (buildGcpLaunch): CML's presets resolved to machine types and GPUs, the
// disk, image, provisioning model, service account and network.

import { UsageError } from '../../errors.js';
import type { CloudLocationValues, CloudMachineValues, CloudTarget } from '../cloud.js';
import { parseDiskSize, parseSpotPrice } from '../../core/runner/machine-flags.js';
import type { Env, OptionValues } from '../../options/spec.js';
import { googleProject, googleSecrets, readGoogleCredentials, type GoogleCredentials } from './credentials.js';
import type { gcpOptions } from './options.js';
import { resolveGcpLocation, resolveGcpMachines, type GcpMachineChoice } from './presets.js';

export const DEFAULT_COMPUTE_ROOT = 'https://compute.googleapis.com/compute/v1/';

export interface GcpConnection {
  readonly region: string;
  /** `--cloud-region` named a zone: launch only there. */
  readonly zone: string | undefined;
  readonly project: string;
  /** Ends with `/`, e.g. https://compute.googleapis.com/compute/v1/ (CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE). */
  readonly computeRoot: string;
  readonly credentials: GoogleCredentials;
}

export interface GcpMachineSettings {
  readonly machines: readonly GcpMachineChoice[];
  readonly diskSizeGb: number;
  /** An image or image family path or URL, or an image name in the project. */
  readonly image: string | undefined;
  readonly spot: boolean;
  /** Service-account email the machine runs as (`--cloud-permission-set`); none by default. */
  readonly serviceAccount: string | undefined;
  readonly network: string | undefined;
  readonly subnetwork: string | undefined;
}

export const NO_GCP_MACHINE: GcpMachineSettings = {
  machines: [],
  diskSizeGb: 35,
  image: undefined,
  spot: false,
  serviceAccount: undefined,
  network: undefined,
  subnetwork: undefined,
};

export function buildGcpTarget(values: CloudLocationValues, env: Env): CloudTarget<GcpConnection> {
  const { region, zone } = resolveGcpLocation(values['cloud-region'] || env.CLOUDSDK_COMPUTE_ZONE || env.CLOUDSDK_COMPUTE_REGION || 'us-west');
  const credentials = readGoogleCredentials(env);
  const project = googleProject(env, credentials);
  const override = env.CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE?.trim();
  const computeRoot = override ? (override.endsWith('/') ? override : `${override}/`) : DEFAULT_COMPUTE_ROOT;
  return {
    location: region,
    connection: { region, zone, project, computeRoot, credentials },
    secrets: googleSecrets(credentials),
    detail: ` (project ${project}${zone ? `, zone ${zone}` : ''})${override ? ` via ${computeRoot}` : ''}`,
  };
}

export function buildGcpLaunch(values: CloudMachineValues & OptionValues<typeof gcpOptions>): GcpMachineSettings {
  const spot = Boolean(values['cloud-spot']);
  if (parseSpotPrice(values['cloud-spot-price'], spot) !== undefined) {
    throw new UsageError('--cloud-spot-price has no meaning on Google Cloud: Spot VMs have no maximum price', { hint: 'leave it at -1 with --cloud gcp' });
  }
  const serviceAccount = values['cloud-permission-set']?.trim() || undefined;
  if (serviceAccount && !/^[^@\s]+@[^@\s]+$/.test(serviceAccount)) {
    throw new UsageError(`--cloud-permission-set "${serviceAccount}" is not a service-account email`, {
      hint: 'e.g. trainer@my-project.iam.gserviceaccount.com',
    });
  }
  return {
    machines: resolveGcpMachines(values['cloud-type'] ?? 'm', values['cloud-gpu']),
    diskSizeGb: parseDiskSize(values['cloud-hdd-size']),
    image: values['cloud-image']?.trim() || undefined,
    spot,
    serviceAccount,
    network: values['cloud-gcp-network']?.trim() || undefined,
    subnetwork: values['cloud-gcp-subnetwork']?.trim() || undefined,
  };
}
