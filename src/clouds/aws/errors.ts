// EC2 and SSM errors -> what the runner lifecycle understands: a CapacityError (try the next type,
// market or zone) or a UserError that says what to fix. Everything the SDK raises carries the EC2
// error code as its `name`.

import { UserError } from '../../errors.js';
import { CapacityError } from '../../core/runner/provider.js';

/** Refusals that another instance type, market or zone may not get. */
export const CAPACITY_CODES: ReadonlySet<string> = new Set([
  'InsufficientInstanceCapacity',
  'InsufficientCapacity',
  'InsufficientHostCapacity',
  'InsufficientFreeAddressesInSubnet',
  'SpotMaxPriceTooLow',
  'MaxSpotInstanceCountExceeded',
  'InstanceLimitExceeded',
  'VcpuLimitExceeded',
  'Unsupported',
]);

const CREDENTIAL_CODES: ReadonlySet<string> = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'UnrecognizedClientException',
]);

export function errorCode(error: unknown): string {
  const name = (error as { name?: unknown; Code?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : 'Error';
}

/** For one launch attempt: capacity refusals become CapacityError, the rest wrapAwsError. */
export function classifyLaunchError(error: unknown, region: string): Error {
  const code = errorCode(error);
  if (CAPACITY_CODES.has(code)) return new CapacityError(code, (error as Error).message);
  return wrapAwsError(error, 'launch an instance', region);
}

export function wrapAwsError(error: unknown, action: string, region: string): Error {
  if (error instanceof UserError) return error;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new UserError(`cannot ${action} in ${region}: no AWS credentials`, {
      hint: 'set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or use aws-actions/configure-aws-credentials (OIDC) before this step',
      cause: error,
    });
  }
  if (CREDENTIAL_CODES.has(code)) {
    return new UserError(`cannot ${action} in ${region}: AWS rejected the credentials (${code})`, {
      hint: 'check the credentials and that they have not expired',
      cause: error,
    });
  }
  if (code === 'UnauthorizedOperation' || code === 'AccessDeniedException' || code === 'AccessDenied') {
    return new UserError(`cannot ${action} in ${region}: not allowed (${code})`, {
      hint: 'the AWS identity needs ec2:RunInstances, ec2:CreateTags, ec2:DescribeInstances, ec2:DescribeImages, ec2:DescribeSubnets, ec2:DescribeSpotPriceHistory, ec2:TerminateInstances, ssm:GetParameter (and iam:PassRole for --cloud-permission-set); see docs/runner.md',
      cause: error,
    });
  }
  if (code === 'OptInRequired')
    return new UserError(`cannot ${action} in ${region}: the account is not subscribed to this region or image (${message})`, { cause: error });
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket/i.test(message)) {
    return new UserError(`cannot ${action} in ${region}: AWS did not answer (${message})`, {
      hint: 'check the network, the region and AWS_ENDPOINT_URL_* settings',
      cause: error,
    });
  }
  return new UserError(`cannot ${action} in ${region}: ${code}: ${message}`, { cause: error });
}
