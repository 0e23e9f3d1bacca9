// Flags and environment -> the AWS provider's settings: the region, endpoints and credentials every
// runner command needs (buildAwsTarget), and what `runner launch` starts (buildAwsLaunch): CML's
// presets resolved to instance types, the disk, image, market, instance profile and network.

import type { CloudLocationValues, CloudMachineValues, CloudTarget } from '../cloud.js';
import { parseDiskSize, parseSpotPrice } from '../../core/runner/machine-flags.js';
import type { Env, OptionValues } from '../../options/spec.js';
import type { awsOptions } from './options.js';
import { resolveInstanceTypes, resolveRegion } from './presets.js';
import { awsSecrets, readAwsCredentials, type AwsCredentials } from './secrets.js';

export interface AwsConnection {
  readonly endpoints: { readonly ec2: string | undefined; readonly ssm: string | undefined };
  /** Explicit credentials; undefined = the SDK's default chain (env, profile, OIDC, instance role). */
  readonly credentials: AwsCredentials | undefined;
}

export interface AwsMachineSettings {
  readonly instanceTypes: readonly string[];
  /** A GPU image is used when asked for or when the type has a GPU. */
  readonly gpu: boolean;
  readonly diskSizeGb: number;
  /** `ami-...`, or an image name (newest match for the architecture). */
  readonly image: string | undefined;
  readonly spot: boolean;
  readonly spotMaxPrice: number | undefined;
  /** Instance profile name or ARN. */
  readonly instanceProfile: string | undefined;
  /** `sg-...` id or a group name. */
  readonly securityGroup: string | undefined;
  readonly subnet: string | undefined;
}

/** Everything the EC2 provider is constructed with. */
export interface AwsProviderSettings extends AwsMachineSettings, AwsConnection {
  readonly region: string;
}

/** What stop and cleanup, which launch nothing, give the provider. */
export const NO_MACHINE: AwsMachineSettings = {
  instanceTypes: [],
  gpu: false,
  diskSizeGb: 35,
  image: undefined,
  spot: false,
  spotMaxPrice: undefined,
  instanceProfile: undefined,
  securityGroup: undefined,
  subnet: undefined,
};

export function buildAwsTarget(values: CloudLocationValues, env: Env): CloudTarget<AwsConnection> {
  const location = resolveRegion(values['cloud-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-west');
  const credentials = readAwsCredentials(env);
  const endpoints = {
    ec2: nonEmpty(env.AWS_ENDPOINT_URL_EC2) ?? nonEmpty(env.AWS_ENDPOINT_URL),
    ssm: nonEmpty(env.AWS_ENDPOINT_URL_SSM) ?? nonEmpty(env.AWS_ENDPOINT_URL),
  };
  return {
    location,
    connection: { endpoints, credentials },
    secrets: awsSecrets(env),
    detail: endpoints.ec2 ? ` via ${endpoints.ec2}` : '',
  };
}

export function buildAwsLaunch(values: CloudMachineValues & OptionValues<typeof awsOptions>): AwsMachineSettings {
  const instanceTypes = resolveInstanceTypes(values['cloud-type'] ?? 'm', values['cloud-gpu']);
  const gpuText = values['cloud-gpu']?.trim().toLowerCase();
  const diskSizeGb = parseDiskSize(values['cloud-hdd-size']);
  const spot = Boolean(values['cloud-spot']);
  const spotMaxPrice = parseSpotPrice(values['cloud-spot-price'], spot);
  return {
    instanceTypes,
    gpu: gpuText !== undefined && gpuText !== '' && gpuText !== 'nogpu',
    diskSizeGb,
    image: values['cloud-image']?.trim() || undefined,
    spot,
    spotMaxPrice,
    instanceProfile: values['cloud-permission-set']?.trim() || undefined,
    securityGroup: values['cloud-aws-security-group']?.trim() || undefined,
    subnet: values['cloud-aws-subnet']?.trim() || undefined,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
