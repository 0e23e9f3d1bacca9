import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ArmClient, ArmError } from '../../../src/clouds/azure/arm.js';
import type { EntraTokenSource } from '../../../src/clouds/azure/auth.js';
import { classifyAzureLaunchError, wrapAzureError } from '../../../src/clouds/azure/errors.js';
import { CapacityError } from '../../../src/core/runner/provider.js';
import { resolveAzureLocation, resolveAzureSizes } from '../../../src/clouds/azure/presets.js';

const tokens = { token: async () => 'arm-token' } as unknown as EntraTokenSource;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A loopback ARM that answers every request with `answer`, counting them. */
async function arm(
  answer: (method: string, path: string) => { status: number; body?: unknown; headers?: Record<string, string> },
): Promise<{ root: string; calls: string[] }> {
  const calls: string[] = [];
  server = createServer((request, response) => {
    calls.push(`${request.method} ${request.url}`);
    const { status, body, headers = {} } = answer(request.method ?? 'GET', request.url ?? '/');
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { root: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, calls };
}

describe('ArmClient', () => {
  it('follows Azure-AsyncOperation until Failed and reads the error in ARM’s shape as one line', async () => {
    const { root } = await arm((method, path) => {
      if (method === 'PUT') return { status: 201, body: {}, headers: { 'azure-asyncoperation': `${root}op` } };
      expect(path).toBe('/op');
      return {
        status: 200,
        body: {
          status: 'Failed',
          error: { code: 'OverconstrainedAllocationRequest', message: 'Allocation failed.\nVM size Standard_F8s_v2 is not available\n in this zone.' },
        },
      };
    });
    const client = new ArmClient(root, 'sub', tokens, fetch, { pollDelayMs: () => 0 });
    const error = (await client
      .put('/subscriptions/sub/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/runner', '2024-03-01', {})
      .catch((caught: unknown) => caught)) as ArmError;
    expect(error).toBeInstanceOf(ArmError);
    expect(error.code).toBe('OverconstrainedAllocationRequest');
    expect(error.message).toBe('Allocation failed. VM size Standard_F8s_v2 is not available in this zone.');
    expect(classifyAzureLaunchError(error, 'eastus')).toBeInstanceOf(CapacityError);
  });

  it('stops following an operation that never ends after a bounded number of polls', async () => {
    const { root, calls } = await arm((method) =>
      method === 'DELETE' ? { status: 202, headers: { location: `${root}op`, 'retry-after': '0' } } : { status: 202 },
    );
    const client = new ArmClient(root, 'sub', tokens, fetch, { pollDelayMs: () => 0 });
    await expect(client.delete('/subscriptions/sub/resourceGroups/g', '2021-04-01')).rejects.toThrow(/did not end within 360 polls/);
    expect(calls.length).toBe(361);
  });

  it('treats a resource already gone as deleted and a missing one as undefined', async () => {
    const { root } = await arm(() => ({ status: 404, body: { error: { code: 'ResourceGroupNotFound', message: "Resource group 'g' could not be found." } } }));
    const client = new ArmClient(root, 'sub', tokens, fetch);
    await expect(client.delete('/subscriptions/sub/resourceGroups/g', '2021-04-01')).resolves.toBeUndefined();
    await expect(client.get('/subscriptions/sub/resourceGroups/g', '2021-04-01')).resolves.toBeUndefined();
  });

  it('turns a refusal into one line with the code, and a 403 into the role to grant', () => {
    expect(
      wrapAzureError(new ArmError(400, 'InvalidParameter', 'The value of parameter imageReference.sku is invalid.'), 'launch a virtual machine', 'eastus')
        .message,
    ).toBe('cannot launch a virtual machine in eastus: InvalidParameter: The value of parameter imageReference.sku is invalid.');
    const forbidden = wrapAzureError(new ArmError(403, 'AuthorizationFailed', 'The client does not have authorization.'), 'list resource groups', 'sub');
    expect(forbidden.message).toBe('cannot list resource groups in sub: not allowed (AuthorizationFailed: The client does not have authorization.)');
    expect((forbidden as { hint?: string }).hint).toMatch(/Contributor/);
    // OperationNotAllowed is capacity only when it is about quota.
    expect(
      classifyAzureLaunchError(
        new ArmError(409, 'OperationNotAllowed', 'Operation could not be completed as it results in exceeding approved standardNCASv3_T4 Family Cores quota.'),
        'eastus',
      ),
    ).toBeInstanceOf(CapacityError);
    expect(classifyAzureLaunchError(new ArmError(409, 'OperationNotAllowed', 'The VM is being deleted.'), 'eastus')).not.toBeInstanceOf(CapacityError);
  });
});

describe('Azure presets', () => {
  it('maps CML regions and sizes, GPU presets included', () => {
    expect(resolveAzureLocation('eu-west')).toBe('westeurope');
    expect(resolveAzureLocation('EastUS2')).toBe('eastus2');
    expect(() => resolveAzureLocation('us-east-1')).toThrow(/not an Azure location/);
    expect(resolveAzureSizes('s,m,l,xl', undefined)).toEqual(['Standard_D2s_v5', 'Standard_F8s_v2', 'Standard_F32s_v2', 'Standard_F64s_v2']);
    expect(resolveAzureSizes('m+t4,l', 'v100')).toEqual(['Standard_NC4as_T4_v3', 'Standard_NC12s_v3']);
    expect(resolveAzureSizes('m', 'tesla')).toEqual(['Standard_NC6s_v3']);
    expect(resolveAzureSizes('Standard_D8s_v5', 'nogpu')).toEqual(['Standard_D8s_v5']);
    expect(() => resolveAzureSizes('m', 'h200')).toThrow(/not an Azure GPU preset/);
  });
});
