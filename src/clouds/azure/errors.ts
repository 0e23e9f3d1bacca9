// Azure Resource Manager refusals -> what the runner lifecycle understands: a CapacityError (try
// regular priority or the next VM size) or a UserError saying what to fix, in one line.

import { CapacityError } from '../../core/runner/provider.js';
import { wrapCloudApiError, type CloudApi } from '../api-errors.js';
import { ArmError } from './arm.js';

/** No such size here, no capacity, or no quota: another size or regular priority may still get one. */
const CAPACITY_CODES: ReadonlySet<string> = new Set([
  'SkuNotAvailable',
  'AllocationFailed',
  'ZonalAllocationFailed',
  'OverconstrainedAllocationRequest',
  'OverconstrainedZonalAllocationRequest',
  'SpotVMCapacityNotAvailable',
  'QuotaExceeded',
  'OperationNotAllowed',
]);

export function classifyAzureLaunchError(error: unknown, where: string): Error {
  if (error instanceof ArmError) {
    const code = error.codes.find((candidate) => CAPACITY_CODES.has(candidate));
    // OperationNotAllowed is also ARM's word for other refusals; only quota ones are capacity.
    if (code && (code !== 'OperationNotAllowed' || /quota/i.test(error.message))) return new CapacityError(code, error.message);
  }
  return wrapAzureError(error, 'launch a virtual machine', where);
}

const ARM: CloudApi = {
  who: 'Azure',
  service: 'Azure',
  isRefusal: (error): error is ArmError => error instanceof ArmError,
  hints: {
    unauthorized: 'check AZURE_TENANT_ID and AZURE_RESOURCE_MANAGER_ENDPOINT',
    forbidden: 'the app needs the Contributor role on the subscription (resource groups are created per runner); see docs/runner.md',
    unreachable: 'check the network and AZURE_RESOURCE_MANAGER_ENDPOINT',
  },
};

export function wrapAzureError(error: unknown, action: string, where: string): Error {
  return wrapCloudApiError(ARM, error, action, where);
}
