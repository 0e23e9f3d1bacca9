// What one RunInstances call carries: the tags naming the tool, scope, runner and expiry (on the
// instance, its volume, its network interface and, on spot, its spot request), the locked-down
// instance settings, and the boot script as user-data.

import { gzipSync } from 'node:zlib';
import type { RunInstancesCommandInput, Tag } from '@aws-sdk/client-ec2';
import { UserError } from '../../errors.js';
import type { LaunchAttempt } from '../../core/runner/launch-plan.js';
import type { MachineFacts } from '../../core/runner/provider.js';
import { factValues } from '../facts.js';
import type { AwsMachineSettings } from './settings.js';
import { TAG, TOOL_TAG_VALUE, tagValue } from './tags.js';

/** EC2 accepts at most 16 KiB of user-data before base64; cloud-init unpacks gzip. */
const USER_DATA_LIMIT = 16 * 1024;

export interface ResolvedImage {
  readonly id: string;
  readonly rootDevice: string;
}

/** Base64 user-data, gzipped when the plain script would not fit EC2's limit. */
export function encodeUserData(script: string): string {
  // Stryker disable next-line StringLiteral: Buffer.from reads an empty encoding name as its default, utf8.
  let bytes = Buffer.from(script, 'utf8');
  if (bytes.length > USER_DATA_LIMIT) bytes = gzipSync(bytes, { level: 9 });
  if (bytes.length > USER_DATA_LIMIT) {
    throw new UserError(`the boot script is ${bytes.length} bytes even compressed; EC2 allows ${USER_DATA_LIMIT}`, {
      hint: 'shorten --cloud-startup-script, e.g. let it download a longer script',
    });
  }
  return bytes.toString('base64');
}

export function tagsFor(facts: MachineFacts): Tag[] {
  const tags: Record<string, string> = { ...facts.metadata, Name: facts.runnerName, [TAG.tool]: TOOL_TAG_VALUE, ...factValues(facts, TAG) };
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value: tagValue(Value) }));
}

export interface RunInput {
  readonly attempt: LaunchAttempt;
  readonly image: ResolvedImage;
  readonly userData: string;
  readonly tags: Tag[];
  readonly securityGroupIds: string[] | undefined;
  readonly clientToken: string;
}

export function runInstancesInput(
  settings: AwsMachineSettings,
  { attempt, image, userData, tags, securityGroupIds, clientToken }: RunInput,
): RunInstancesCommandInput {
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
    BlockDeviceMappings: [
      { DeviceName: image.rootDevice, Ebs: { VolumeSize: settings.diskSizeGb, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } },
    ],
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
    ...(settings.instanceProfile
      ? { IamInstanceProfile: settings.instanceProfile.startsWith('arn:') ? { Arn: settings.instanceProfile } : { Name: settings.instanceProfile } }
      : {}),
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
