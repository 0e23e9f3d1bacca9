// Where in the network a runner machine starts: the subnets to try (one per availability zone of the
// default VPC unless --cloud-aws-subnet) and the security group. No group is ever created: without
// --cloud-aws-security-group the VPC's default group applies, and a runner needs no inbound traffic.

import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, type EC2Client, type Filter } from '@aws-sdk/client-ec2';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { wrapAwsError } from './errors.js';

export interface Placements {
  /** Tried in order; `undefined` lets EC2 choose. */
  readonly subnets: (string | undefined)[];
  readonly securityGroupIds: string[] | undefined;
}

export interface PlacementQuery {
  readonly region: string;
  readonly subnet: string | undefined;
  readonly securityGroup: string | undefined;
}

export async function findPlacements(ec2: EC2Client, query: PlacementQuery, logger: Logger): Promise<Placements> {
  const { region, subnet } = query;
  let subnets: (string | undefined)[];
  let vpcId: string | undefined;
  try {
    const output = await ec2.send(new DescribeSubnetsCommand(subnet ? { SubnetIds: [subnet] } : { Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
    const found = [...(output.Subnets ?? [])]
      .filter((candidate) => candidate.State !== 'pending')
      .sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''));
    subnets = found.map((candidate) => candidate.SubnetId);
    vpcId = found[0]?.VpcId;
  } catch (error) {
    throw wrapAwsError(error, subnet ? `find subnet ${subnet}` : 'list the default subnets', region);
  }
  if (subnet && subnets.length === 0)
    throw new UserError(`subnet ${subnet} was not found in ${region}`, { hint: 'check --cloud-aws-subnet and --cloud-region' });
  if (subnets.length === 0) logger.debug(`no default subnets in ${region}; EC2 chooses the subnet`);
  return { subnets: subnets.length > 0 ? subnets : [undefined], securityGroupIds: await findSecurityGroup(ec2, query, vpcId) };
}

async function findSecurityGroup(ec2: EC2Client, { region, securityGroup: group }: PlacementQuery, vpcId: string | undefined): Promise<string[] | undefined> {
  if (!group) return undefined;
  if (/^sg-[0-9a-f]+$/.test(group)) return [group];
  const filters: Filter[] = [{ Name: 'group-name', Values: [group] }];
  if (vpcId) filters.push({ Name: 'vpc-id', Values: [vpcId] });
  try {
    const output = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }));
    const id = output.SecurityGroups?.[0]?.GroupId;
    if (!id)
      throw new UserError(`security group "${group}" was not found in ${region}${vpcId ? ` (${vpcId})` : ''}`, {
        hint: 'pass its sg- id to --cloud-aws-security-group',
      });
    return [id];
  } catch (error) {
    throw wrapAwsError(error, `find security group ${group}`, region);
  }
}
