// The AWS EC2 runner provider: resolves the image (AWS's public SSM parameters unless
// --cloud-image), the subnets (one per availability zone of the default VPC unless
// --cloud-aws-subnet) and runs the launch plan over instance types, markets and subnets.
//
// Every instance is started with IMDSv2 required and a hop limit of 1 (containers cannot reach the
// metadata service), an encrypted gp3 root volume deleted with the instance, shutdown = terminate,
// and tags on the instance and its volume naming the tool, scope, runner and expiry. No security
// group is created: without --cloud-aws-security-group the VPC's default group applies, and a
// runner needs no inbound traffic at all.

import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSpotPriceHistoryCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Filter,
  type Image,
  type Instance,
  type RunInstancesCommandInput,
  type Tag,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { planAttempts, runPlan, type LaunchAttempt } from '../../core/runner/launch-plan.js';
import type { HourlyPrice, LaunchedMachine, LaunchRequest, MachineFacts, MachineRecord, MachineState, RunnerProvider, ScopeKey } from '../../core/runner/provider.js';
import { classifyLaunchError, errorCode, wrapAwsError } from './errors.js';
import { architectureOf, hasGpu } from './presets.js';
import { onDemandPrice } from './prices.js';
import { TAG, TOOL_TAG_VALUE, tagValue } from './tags.js';

/** EC2 accepts at most 16 KiB of user-data before base64; cloud-init unpacks gzip. */
const USER_DATA_LIMIT = 16 * 1024;
const MAX_PAGES = 20;

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsProviderSettings {
  readonly region: string;
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
  readonly endpoints: { readonly ec2: string | undefined; readonly ssm: string | undefined };
  /** Explicit credentials; undefined = the SDK's default chain (env, profile, OIDC, instance role). */
  readonly credentials: AwsCredentials | undefined;
}

/** Ubuntu 24.04 from Canonical, and AWS's Deep Learning base image (NVIDIA driver) for GPUs. */
export const IMAGE_PARAMETERS = {
  x86_64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
  arm64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
  gpu_x86_64: '/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id',
  gpu_arm64: '/aws/service/deeplearning/ami/arm64/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id',
} as const;

interface ResolvedImage {
  readonly id: string;
  readonly rootDevice: string;
}

export class Ec2RunnerProvider implements RunnerProvider {
  readonly cloud = 'aws';
  readonly location: string;
  private readonly ec2: EC2Client;
  private readonly ssm: SSMClient;
  private readonly images = new Map<string, Promise<ResolvedImage>>();
  private placements: Promise<{ subnets: (string | undefined)[]; securityGroupIds: string[] | undefined }> | undefined;

  constructor(
    private readonly settings: AwsProviderSettings,
    private readonly logger: Logger,
  ) {
    this.location = settings.region;
    const common = { region: settings.region, ...(settings.credentials ? { credentials: settings.credentials } : {}) };
    // The SDK warns on Node 20 that its future releases will need Node 22. This tool pins the SDK
    // it bundles and runs on node24 in Actions; the warning is about nothing the user can act on.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.ec2 = new EC2Client({ ...common, ...(settings.endpoints.ec2 ? { endpoint: settings.endpoints.ec2 } : {}) });
    this.ssm = new SSMClient({ ...common, ...(settings.endpoints.ssm ? { endpoint: settings.endpoints.ssm } : {}) });
  }

  /** Look-ups that do not depend on the runner; started while GitHub registers it. */
  prepare(): Promise<void> {
    const architectures = new Set(this.settings.instanceTypes.map(architectureOf));
    const work: Promise<unknown>[] = [this.resolvePlacements()];
    for (const architecture of architectures) {
      for (const type of this.settings.instanceTypes.filter((candidate) => architectureOf(candidate) === architecture)) work.push(this.resolveImage(type));
    }
    return Promise.all(work).then(() => undefined);
  }

  async launch(request: LaunchRequest): Promise<LaunchedMachine> {
    const { subnets, securityGroupIds } = await this.resolvePlacements();
    const userData = encodeUserData(request.bootScript);
    const attempts = planAttempts(this.settings.instanceTypes, this.settings.spot, subnets);
    const tags = this.tagsFor(request.facts);
    // Unique per launch: EC2 answers a reused token with the earlier (maybe terminated) instance.
    const launchId = randomBytes(6).toString('hex');
    const { result: instance, attempt } = await runPlan(
      attempts,
      async (next, index) => {
        const image = await this.resolveImage(next.type);
        const input = this.runInput(next, image, userData, tags, securityGroupIds, `${launchId}-${index}-${request.facts.runnerName}`);
        this.logger.debug(`RunInstances ${next.type} ${next.market}${next.placement ? ` ${next.placement}` : ''} image ${image.id}`);
        try {
          const output = await this.ec2.send(new RunInstancesCommand(input));
          const launched = output.Instances?.[0];
          if (!launched?.InstanceId) throw new UserError(`EC2 answered RunInstances without an instance in ${this.settings.region}`);
          return launched;
        } catch (error) {
          throw classifyLaunchError(error, this.settings.region);
        }
      },
      this.logger,
    );
    const zone = instance.Placement?.AvailabilityZone;
    return {
      id: instance.InstanceId!,
      type: attempt.type,
      market: attempt.market,
      location: this.settings.region,
      zone,
      price: await this.price(attempt, zone),
    };
  }

  async terminate(machineId: string): Promise<void> {
    try {
      await this.ec2.send(new TerminateInstancesCommand({ InstanceIds: [machineId] }));
    } catch (error) {
      if (errorCode(error) === 'InvalidInstanceID.NotFound') return;
      throw wrapAwsError(error, `terminate ${machineId}`, this.settings.region);
    }
  }

  async list(scope: ScopeKey): Promise<MachineRecord[]> {
    return this.describeInstances([
      { Name: `tag:${TAG.tool}`, Values: [TOOL_TAG_VALUE] },
      { Name: `tag:${TAG.scope}`, Values: [scope] },
    ]);
  }

  async describe(machineId: string): Promise<MachineRecord | undefined> {
    try {
      return (await this.describeInstances([], [machineId]))[0];
    } catch (error) {
      if (error instanceof UserError && errorCode(error.cause) === 'InvalidInstanceID.NotFound') return undefined;
      throw error;
    }
  }

  private async describeInstances(filters: Filter[], ids?: string[]): Promise<MachineRecord[]> {
    const records: MachineRecord[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      let output;
      try {
        output = await this.ec2.send(new DescribeInstancesCommand({ ...(filters.length > 0 ? { Filters: filters } : {}), ...(ids ? { InstanceIds: ids } : {}), ...(token ? { NextToken: token } : {}) }));
      } catch (error) {
        throw wrapAwsError(error, 'list instances', this.settings.region);
      }
      for (const reservation of output.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) records.push(toRecord(instance));
      }
      token = output.NextToken;
      if (!token) break;
    }
    return records;
  }

  private tagsFor(facts: MachineFacts): Tag[] {
    const tags: Record<string, string> = {
      ...facts.metadata,
      Name: facts.runnerName,
      [TAG.tool]: TOOL_TAG_VALUE,
      [TAG.scope]: facts.scope,
      [TAG.runnerName]: facts.runnerName,
      [TAG.runnerId]: String(facts.runnerId),
      [TAG.labels]: facts.labels.join(','),
      [TAG.readyBy]: facts.readyBy.toISOString(),
    };
    if (facts.expiresAt) tags[TAG.expiresAt] = facts.expiresAt.toISOString();
    if (facts.workflow) {
      tags[TAG.repository] = facts.workflow.repository;
      tags[TAG.runId] = facts.workflow.runId;
      tags[TAG.runAttempt] = facts.workflow.runAttempt;
      if (facts.workflow.jobId !== undefined) tags[TAG.jobId] = String(facts.workflow.jobId);
    }
    return Object.entries(tags).map(([Key, Value]) => ({ Key, Value: tagValue(Value) }));
  }

  private runInput(attempt: LaunchAttempt, image: ResolvedImage, userData: string, tags: Tag[], securityGroupIds: string[] | undefined, clientToken: string): RunInstancesCommandInput {
    const { settings } = this;
    return {
      ImageId: image.id,
      InstanceType: attempt.type as RunInstancesCommandInput['InstanceType'],
      MinCount: 1,
      MaxCount: 1,
      // Makes SDK retries of this write safe: EC2 starts at most one instance per token.
      ClientToken: clientToken.slice(0, 64),
      UserData: userData,
      InstanceInitiatedShutdownBehavior: 'terminate',
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
      BlockDeviceMappings: [{ DeviceName: image.rootDevice, Ebs: { VolumeSize: settings.diskSizeGb, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
      // Everything RunInstances creates carries the tags: instance, root volume, network interface
      // and, on spot, the spot request.
      TagSpecifications: [
        { ResourceType: 'instance', Tags: tags },
        { ResourceType: 'volume', Tags: tags },
        { ResourceType: 'network-interface', Tags: tags },
        ...(attempt.market === 'spot' ? [{ ResourceType: 'spot-instances-request' as const, Tags: tags }] : []),
      ],
      ...(attempt.placement ? { SubnetId: attempt.placement } : {}),
      ...(securityGroupIds ? { SecurityGroupIds: securityGroupIds } : {}),
      ...(settings.instanceProfile ? { IamInstanceProfile: settings.instanceProfile.startsWith('arn:') ? { Arn: settings.instanceProfile } : { Name: settings.instanceProfile } } : {}),
      ...(attempt.market === 'spot'
        ? {
            InstanceMarketOptions: {
              MarketType: 'spot',
              SpotOptions: {
                SpotInstanceType: 'one-time',
                InstanceInterruptionBehavior: 'terminate',
                ...(settings.spotMaxPrice !== undefined ? { MaxPrice: settings.spotMaxPrice.toFixed(5) } : {}),
              },
            },
          }
        : {}),
    };
  }

  private resolvePlacements(): Promise<{ subnets: (string | undefined)[]; securityGroupIds: string[] | undefined }> {
    this.placements ??= (async () => {
      const { settings } = this;
      let subnets: (string | undefined)[];
      let vpcId: string | undefined;
      try {
        const output = await this.ec2.send(
          new DescribeSubnetsCommand(settings.subnet ? { SubnetIds: [settings.subnet] } : { Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
        );
        const found = [...(output.Subnets ?? [])].filter((subnet) => subnet.State !== 'pending').sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''));
        subnets = found.map((subnet) => subnet.SubnetId);
        vpcId = found[0]?.VpcId;
      } catch (error) {
        throw wrapAwsError(error, settings.subnet ? `find subnet ${settings.subnet}` : 'list the default subnets', settings.region);
      }
      if (settings.subnet && subnets.length === 0) throw new UserError(`subnet ${settings.subnet} was not found in ${settings.region}`, { hint: 'check --cloud-aws-subnet and --cloud-region' });
      if (subnets.length === 0) this.logger.debug(`no default subnets in ${settings.region}; EC2 chooses the subnet`);
      return { subnets: subnets.length > 0 ? subnets : [undefined], securityGroupIds: await this.resolveSecurityGroup(vpcId) };
    })();
    return this.placements;
  }

  private async resolveSecurityGroup(vpcId: string | undefined): Promise<string[] | undefined> {
    const group = this.settings.securityGroup;
    if (!group) return undefined;
    if (/^sg-[0-9a-f]+$/.test(group)) return [group];
    const filters: Filter[] = [{ Name: 'group-name', Values: [group] }];
    if (vpcId) filters.push({ Name: 'vpc-id', Values: [vpcId] });
    try {
      const output = await this.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }));
      const id = output.SecurityGroups?.[0]?.GroupId;
      if (!id) throw new UserError(`security group "${group}" was not found in ${this.settings.region}${vpcId ? ` (${vpcId})` : ''}`, { hint: 'pass its sg- id to --cloud-aws-security-group' });
      return [id];
    } catch (error) {
      throw wrapAwsError(error, `find security group ${group}`, this.settings.region);
    }
  }

  private resolveImage(type: string): Promise<ResolvedImage> {
    const architecture = architectureOf(type);
    const gpu = this.settings.gpu || hasGpu(type);
    const key = `${architecture}:${gpu}`;
    let image = this.images.get(key);
    if (!image) {
      image = this.lookUpImage(architecture, gpu);
      // Attached to avoid an unhandled rejection when prepare() resolves images nobody awaits yet.
      image.catch(() => undefined);
      this.images.set(key, image);
    }
    return image;
  }

  private async lookUpImage(architecture: 'x86_64' | 'arm64', gpu: boolean): Promise<ResolvedImage> {
    const { image, region } = this.settings;
    let imageId = image;
    let filters: Filter[] | undefined;
    if (image && !/^ami-[0-9a-f]+$/.test(image)) {
      filters = [
        { Name: 'name', Values: [image] },
        { Name: 'architecture', Values: [architecture] },
        { Name: 'state', Values: ['available'] },
      ];
      imageId = undefined;
    } else if (!image) {
      const name = gpu ? IMAGE_PARAMETERS[architecture === 'arm64' ? 'gpu_arm64' : 'gpu_x86_64'] : IMAGE_PARAMETERS[architecture];
      try {
        const output = await this.ssm.send(new GetParameterCommand({ Name: name }));
        imageId = output.Parameter?.Value;
      } catch (error) {
        if (errorCode(error) === 'ParameterNotFound') throw new UserError(`no ${gpu ? 'GPU ' : ''}Ubuntu image for ${architecture} in ${region} (${name})`, { hint: 'pass --cloud-image', cause: error });
        throw wrapAwsError(error, `read the image parameter ${name}`, region);
      }
      if (!imageId) throw new UserError(`the image parameter ${name} is empty in ${region}`, { hint: 'pass --cloud-image' });
    }
    let images: Image[];
    try {
      const output = await this.ec2.send(new DescribeImagesCommand(filters ? { Filters: filters } : { ImageIds: [imageId!] }));
      images = output.Images ?? [];
    } catch (error) {
      if (errorCode(error).startsWith('InvalidAMIID')) throw new UserError(`image ${imageId} does not exist in ${region}`, { hint: 'check --cloud-image and --cloud-region', cause: error });
      throw wrapAwsError(error, `describe image ${image ?? imageId}`, region);
    }
    const newest = images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
    if (!newest?.ImageId) throw new UserError(`no ${architecture} image matches "${image ?? imageId}" in ${region}`, { hint: 'check --cloud-image; an image name may use * wildcards' });
    if (newest.Architecture && newest.Architecture !== architecture) {
      throw new UserError(`image ${newest.ImageId} is ${newest.Architecture} but the instance type needs ${architecture}`, { hint: 'use an image for the same architecture as --cloud-type' });
    }
    return { id: newest.ImageId, rootDevice: newest.RootDeviceName ?? '/dev/sda1' };
  }

  private async price(attempt: LaunchAttempt, zone: string | undefined): Promise<HourlyPrice> {
    if (attempt.market === 'on-demand') return onDemandPrice(this.settings.region, attempt.type);
    try {
      const output = await this.ec2.send(
        new DescribeSpotPriceHistoryCommand({
          InstanceTypes: [attempt.type as never],
          ProductDescriptions: ['Linux/UNIX'],
          StartTime: new Date(),
          ...(zone ? { AvailabilityZone: zone } : {}),
          MaxResults: 10,
        }),
      );
      const latest = [...(output.SpotPriceHistory ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
      const usd = latest?.SpotPrice === undefined ? Number.NaN : Number(latest.SpotPrice);
      if (Number.isFinite(usd)) return { usd, source: `spot price history (${latest?.AvailabilityZone ?? zone ?? this.settings.region})` };
      return { usd: null, source: 'no spot price history returned' };
    } catch (error) {
      this.logger.debug(`DescribeSpotPriceHistory failed: ${(error as Error).message}`);
      return { usd: null, source: `spot price unavailable (${errorCode(error)})` };
    }
  }
}

/** Base64 user-data, gzipped when the plain script would not fit EC2's limit. */
export function encodeUserData(script: string): string {
  let bytes = Buffer.from(script, 'utf8');
  if (bytes.length > USER_DATA_LIMIT) bytes = gzipSync(bytes, { level: 9 });
  if (bytes.length > USER_DATA_LIMIT) {
    throw new UserError(`the boot script is ${bytes.length} bytes even compressed; EC2 allows ${USER_DATA_LIMIT}`, { hint: 'shorten --cloud-startup-script, e.g. let it download a longer script' });
  }
  return bytes.toString('base64');
}

function toRecord(instance: Instance): MachineRecord {
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
