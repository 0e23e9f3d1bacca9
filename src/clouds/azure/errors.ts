// Azure Resource Manager refusals -> what the runner lifecycle understands: a CapacityError (try
// regular priority or the next VM size) or a UserError saying what to fix, in one line.

import { UserError } from '../../errors.js';
import { CapacityError } from '../../core/runner/provider.js';
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

export function wrapAzureError(error: unknown, action: string, where: string): Error {
  if (error instanceof UserError) return error;
  if (error instanceof ArmError) {
    if (error.status === 401)
      return new UserError(`cannot ${action} in ${where}: Azure rejected the access token (${error.code})`, {
        hint: 'check AZURE_TENANT_ID and AZURE_RESOURCE_MANAGER_ENDPOINT',
        cause: error,
      });
    if (error.status === 403) {
      return new UserError(`cannot ${action} in ${where}: not allowed (${error.code}: ${error.message})`, {
        hint: 'the app needs the Contributor role on the subscription (resource groups are created per runner); see docs/runner.md',
        cause: error,
      });
    }
    return new UserError(`cannot ${action} in ${where}: ${error.code}: ${error.message}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UserError(`cannot ${action} in ${where}: Azure did not answer (${message})`, {
    hint: 'check the network and AZURE_RESOURCE_MANAGER_ENDPOINT',
    cause: error,
  });
}
