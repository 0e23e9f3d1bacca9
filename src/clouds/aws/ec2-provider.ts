// The AWS EC2 runner provider: resolves the image (images.ts) and the subnets and security group
// (placements.ts), and runs the launch plan over instance types, markets and subnets.
//
// Every instance is started with IMDSv2 required and a hop limit of 1 (containers cannot reach the
// metadata service), an encrypted gp3 root volume deleted with the instance, shutdown = terminate,
// and tags on the instance and its volume naming the tool, scope, runner and expiry (run-input.ts).

import { randomBytes } from 'node:crypto';
import {
  DescribeInstancesCommand,
  DescribeSpotPriceHistoryCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { planAttempts, runPlan, type LaunchAttempt } from '../../core/runner/launch-plan.js';
import type { HourlyPrice, LaunchedMachine, LaunchRequest, MachineRecord, RunnerProvider, ScopeKey } from '../../core/runner/provider.js';
import type { CloudTarget } from '../cloud.js';
import { classifyLaunchError, errorCode, wrapAwsError } from './errors.js';
import { lookUpImage } from './images.js';
import { findPlacements, type Placements } from './placements.js';
import { architectureOf, hasGpu } from './presets.js';
import { onDemandPrice } from './prices.js';
import { toRecord } from './records.js';
import { encodeUserData, runInstancesInput, tagsFor, type ResolvedImage } from './run-input.js';
import { NO_MACHINE, type AwsConnection, type AwsMachineSettings, type AwsProviderSettings } from './settings.js';
import { TAG, TOOL_TAG_VALUE } from './tags.js';

const MAX_PAGES = 20;

/** The provider table's factory (src/clouds/aws/cloud.ts): stop and cleanup launch nothing. */
export function createProvider(target: CloudTarget<AwsConnection>, machine: AwsMachineSettings | undefined, logger: Logger): RunnerProvider {
  return new Ec2RunnerProvider({ ...NO_MACHINE, ...machine, region: target.location, ...target.connection }, logger);
}

export class Ec2RunnerProvider implements RunnerProvider {
  readonly cloud = 'aws';
  readonly location: string;
  private readonly ec2: EC2Client;
  private readonly ssm: SSMClient;
  private readonly images = new Map<string, Promise<ResolvedImage>>();
  private placements: Promise<Placements> | undefined;

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
    const tags = tagsFor(request.facts);
    // Unique per launch: EC2 answers a reused token with the earlier (maybe terminated) instance.
    const launchId = randomBytes(6).toString('hex');
    const { result: instance, attempt } = await runPlan(
      attempts,
      async (next, index) => {
        const image = await this.resolveImage(next.type);
        const input = runInstancesInput(this.settings, {
          attempt: next,
          image,
          userData,
          tags,
          securityGroupIds,
          clientToken: `${launchId}-${index}-${request.facts.runnerName}`,
        });
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
        output = await this.ec2.send(
          new DescribeInstancesCommand({
            ...(filters.length > 0 ? { Filters: filters } : {}),
            ...(ids ? { InstanceIds: ids } : {}),
            ...(token ? { NextToken: token } : {}),
          }),
        );
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

  private resolvePlacements(): Promise<Placements> {
    this.placements ??= findPlacements(this.ec2, this.settings, this.logger);
    return this.placements;
  }

  private resolveImage(type: string): Promise<ResolvedImage> {
    const architecture = architectureOf(type);
    const gpu = this.settings.gpu || hasGpu(type);
    const key = `${architecture}:${gpu}`;
    let image = this.images.get(key);
    if (!image) {
      image = lookUpImage(this.ec2, this.ssm, { image: this.settings.image, region: this.settings.region, architecture, gpu });
      // Attached to avoid an unhandled rejection when prepare() resolves images nobody awaits yet.
      image.catch(() => undefined);
      this.images.set(key, image);
    }
    return image;
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
