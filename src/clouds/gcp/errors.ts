// Compute Engine refusals -> what the runner lifecycle understands: a CapacityError (try the next
// machine type, zone or the standard model) or a UserError saying what to fix, in one line.

import { CapacityError } from '../../core/runner/provider.js';
import { wrapCloudApiError, type CloudApi } from '../api-errors.js';
import { ComputeError } from './compute.js';

/** Stockouts and quota: another zone, machine type or the standard model may still get one. */
const CAPACITY_CODES: ReadonlySet<string> = new Set([
  'ZONE_RESOURCE_POOL_EXHAUSTED',
  'ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS',
  'RESOURCE_POOL_EXHAUSTED',
  'QUOTA_EXCEEDED',
  'quotaExceeded',
  'resourceExhausted',
  'UNSUPPORTED_OPERATION',
]);

export function classifyGcpLaunchError(error: unknown, where: string): Error {
  if (error instanceof ComputeError) {
    if (CAPACITY_CODES.has(error.code)) return new CapacityError(error.code, error.message);
    // A GPU or machine type this zone does not offer: the region's next zone may.
    if ((error.status === 400 || error.status === 404) && /acceleratorTypes|machineTypes/.test(error.message))
      return new CapacityError('NOT_OFFERED_IN_ZONE', error.message);
  }
  return wrapGcpError(error, 'launch an instance', where);
}

const COMPUTE: CloudApi = {
  who: 'Google',
  service: 'Google Cloud',
  isRefusal: (error): error is ComputeError => error instanceof ComputeError,
  hints: {
    unauthorized: 'check GOOGLE_APPLICATION_CREDENTIALS',
    forbidden:
      'the identity needs roles/compute.instanceAdmin.v1 on the project (and roles/iam.serviceAccountUser for --cloud-permission-set); see docs/runner.md',
    unreachable: 'check the network and CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE',
  },
};

export function wrapGcpError(error: unknown, action: string, where: string): Error {
  return wrapCloudApiError(COMPUTE, error, action, where);
}
