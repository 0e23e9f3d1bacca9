import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCleanup } from '../../../src/commands/runner/cleanup.js';
import { runLaunch, runLaunches } from '../../../src/commands/runner/launch.js';
import { buildCleanupSettings, buildLaunchSettings, buildStopSettings } from '../../../src/commands/runner/settings.js';
import { cleanupSpec, launchSpec, stopSpec } from '../../../src/commands/runner/spec.js';
import { runStop } from '../../../src/commands/runner/stop.js';
import { FakeAzure, type FakeGroup } from '../../fakes/azure/server.js';
import { GITHUB_TOKEN, fastClient, flags, startHarness, type Harness } from './harness.js';

// The parts of a virtual machine PUT body the assertions read.
interface VmBody {
  tags: Record<string, string>;
  identity?: unknown;
  properties: Record<string, unknown> & {
    osProfile: { customData: string; adminPassword?: string; linuxConfiguration: Record<string, unknown> };
    priority: string;
    hardwareProfile: { vmSize: string };
  };
}

let h: Harness;
let azure: FakeAzure;
let env: Record<string, string>;
beforeEach(async () => {
  h = await startHarness();
  azure = new FakeAzure();
  await azure.start();
  env = {
    GITHUB_API_URL: h.env.GITHUB_API_URL!,
    GITHUB_REPOSITORY: 'acme/widget',
    REPO_TOKEN: GITHUB_TOKEN,
    AZURE_CLIENT_ID: azure.app.clientId,
    AZURE_TENANT_ID: azure.tenant,
    AZURE_CLIENT_SECRET: azure.app.secret,
    AZURE_SUBSCRIPTION_ID: azure.subscription,
    AZURE_AUTHORITY_HOST: azure.authorityHost,
    AZURE_RESOURCE_MANAGER_ENDPOINT: azure.armRoot,
  };
});
afterEach(async () => {
  await azure.stop();
  await h.close();
});

const deps = (pollIntervalMs = 20) => ({ logger: h.logger, signal: new AbortController().signal, client: fastClient, pollIntervalMs });
const launch = (argv: string[], pollIntervalMs = 20) =>
  runLaunch(buildLaunchSettings(flags(launchSpec, ['--cloud', 'azure', '--cloud-region', 'us-east', ...argv]), env), deps(pollIntervalMs));
const comesOnline = () => {
  azure.onVm = (group: FakeGroup) => {
    group.vm!.powerState = 'running';
    const runnerName = group.tags['cml-runner-name'] ?? '';
    setTimeout(() => {
      const runner = h.runners.byName(runnerName);
      if (runner) runner.status = 'online';
    }, 50);
  };
  h.runners.onlineAfterMs = 'never';
};
const putsOf = (type: string) => azure.puts.filter((put) => put.type === type).map((put) => put.body);
const vmPuts = () => putsOf('Microsoft.Compute/virtualMachines') as unknown as VmBody[];

describe('cml runner launch --cloud azure against the Resource Manager, Entra and GitHub fakes', () => {
  it('signs in with the client secret, builds a resource group with a closed network and a Trusted Launch VM, and waits until the runner is online', async () => {
    comesOnline();
    const outcome = await launch(['--name', 'cml-az-1', '--labels', 'cml,train', '--cloud-metadata', 'team=Vision']);
    expect(outcome).toMatchObject({
      reused: false,
      runnerName: 'cml-az-1',
      cloud: 'azure',
      location: 'eastus',
      machineType: 'Standard_F8s_v2',
      market: 'on-demand',
      hourlyPrice: null,
    });
    expect(outcome.machineId).toMatch(/^cml-cml-az-1-[0-9a-f]{6}$/);
    expect(h.runners.byName('cml-az-1')?.labels).toContain('continuous-ml-azure-eastus');
    expect(azure.violations).toEqual([]);
    expect(azure.puts.map((put) => put.type)).toEqual([
      'resourceGroups',
      'Microsoft.Network/networkSecurityGroups',
      'Microsoft.Network/publicIPAddresses',
      'Microsoft.Network/natGateways',
      'Microsoft.Network/virtualNetworks',
      'Microsoft.Network/networkInterfaces',
      'Microsoft.Compute/virtualMachines',
    ]);

    const group = azure.groups.get(outcome.machineId!)!;
    expect(group.tags).toMatchObject({
      'cml-tool': 'continuous-ml',
      'cml-scope': 'repo:acme/widget',
      'cml-runner-name': 'cml-az-1',
      'cml-labels': 'cml,train',
      team: 'Vision',
    });
    expect(Date.parse(group.tags['cml-expires-at']!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    // Nothing comes in: a deny-all rule under Azure's defaults, on the NIC and the subnet; no public address on the NIC.
    expect(putsOf('Microsoft.Network/networkSecurityGroups')[0]).toMatchObject({
      properties: { securityRules: [{ properties: { access: 'Deny', direction: 'Inbound', priority: 4096 } }] },
    });
    const nic = putsOf('Microsoft.Network/networkInterfaces')[0] as {
      properties: { ipConfigurations: { properties: Record<string, unknown> }[]; networkSecurityGroup: { id: string } };
    };
    expect(nic.properties.ipConfigurations[0]!.properties.publicIPAddress).toBeUndefined();
    expect(nic.properties.networkSecurityGroup.id).toMatch(/networkSecurityGroups\/runner-nsg$/);
    expect(putsOf('Microsoft.Network/virtualNetworks')[0]).toMatchObject({
      properties: { subnets: [{ properties: { natGateway: { id: expect.stringMatching(/natGateways\/runner-nat$/) }, defaultOutboundAccess: false } }] },
    });

    const [vm] = vmPuts() as [VmBody];
    expect(vm.properties.hardwareProfile.vmSize).toBe('Standard_F8s_v2');
    expect(vm.properties.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
    expect(vm.properties.storageProfile).toMatchObject({
      imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts' },
      osDisk: { deleteOption: 'Delete', diskSizeGB: 35 },
    });
    expect(vm.properties.priority).toBe('Regular');
    expect(vm.properties.evictionPolicy).toBeUndefined();
    expect(vm.identity).toBeUndefined();
    expect(vm.properties.osProfile.adminPassword).toBeUndefined();
    expect(vm.properties.osProfile.linuxConfiguration).toMatchObject({
      disablePasswordAuthentication: true,
      ssh: { publicKeys: [{ keyData: expect.stringMatching(/^ssh-rsa AAAAB3NzaC1yc2E/) }] },
    });
    // The boot script (customData) carries the single-use JIT config and no GitHub token or Azure secret.
    const script = Buffer.from(vm.properties.osProfile.customData, 'base64').toString('utf8');
    expect(script).toMatch(/^#!\/bin\/bash/);
    expect(script).toMatch(/JIT_CONFIG='[A-Za-z0-9+/=]{40,}'/);
    expect(script).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(azure.puts)).not.toContain(azure.app.secret);
    expect(h.logger.lines.join('\n')).not.toContain(azure.app.secret);
  });

  it('falls back from a refused Spot VM to regular priority, deleting the failed VM first and saying what happened', async () => {
    comesOnline();
    azure.refusals = [{ code: 'SkuNotAvailable', priority: 'Spot' }];
    const outcome = await launch(['--name', 'cml-az-spot', '--cloud-spot', '--cloud-spot-price', '0.4']);
    expect(outcome).toMatchObject({ market: 'on-demand', machineType: 'Standard_F8s_v2' });
    expect(vmPuts().map((vm) => vm.properties.priority)).toEqual(['Spot', 'Regular']);
    expect(vmPuts()[0]!.properties).toMatchObject({ evictionPolicy: 'Delete', billingProfile: { maxPrice: 0.4 } });
    expect(h.logger.lines.join('\n')).toMatch(/Standard_F8s_v2 \(spot\) refused: SkuNotAvailable; trying Standard_F8s_v2 \(on-demand\)/);
    expect(azure.groups.get(outcome.machineId!)?.vm?.priority).toBe('Regular');
    expect(azure.violations).toEqual([]);
  });

  it('maps CML GPU presets to N-series sizes with the driver image, and moves to the next size on AllocationFailed', async () => {
    comesOnline();
    azure.refusals = [{ code: 'AllocationFailed', size: 'Standard_NC4as_T4_v3' }];
    const outcome = await launch(['--name', 'cml-az-gpu', '--cloud-type', 'm+t4,Standard_NC6s_v3']);
    expect(outcome).toMatchObject({ machineType: 'Standard_NC6s_v3' });
    const vm = vmPuts().at(-1)!;
    expect(vm.properties.storageProfile).toMatchObject({ imageReference: { publisher: 'microsoft-dsvm', offer: 'ubuntu-hpc' } });
    // NCv3 has no Trusted Launch.
    expect(vm.properties.securityProfile).toBeUndefined();
    expect(vmPuts()[0]!.properties.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: false, vTpmEnabled: true } });
    expect(azure.violations).toEqual([]);
  });

  it('on startup timeout deletes the resource group and the registration: nothing left', async () => {
    h.runners.onlineAfterMs = 'never';
    await expect(launch(['--name', 'cml-az-slow', '--startup-timeout', '1s'], 100)).rejects.toThrow(
      /runner cml-az-slow did not come online within 1s; terminated cml-cml-az-slow-/,
    );
    expect(azure.groups.size).toBe(0);
    expect(h.runners.byName('cml-az-slow')).toBeUndefined();
  });

  it('fails in one line when every attempt is refused, leaving no resource group and nothing registered', async () => {
    azure.refusals = [{ code: 'OverconstrainedAllocationRequest' }];
    const error = await launch(['--name', 'cml-az-none', '--cloud-spot']).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(
      /could not launch runner cml-az-none in eastus: every launch attempt was refused \(Standard_F8s_v2 \(spot\): OverconstrainedAllocationRequest; Standard_F8s_v2 \(on-demand\): OverconstrainedAllocationRequest\)/,
    );
    expect(azure.groups.size).toBe(0);
    expect(h.runners.byName('cml-az-none')).toBeUndefined();
  });

  it('rejects a wrong client secret in one line, before anything is created', async () => {
    env.AZURE_CLIENT_SECRET = 'not-the-secret-0123456789';
    const error = await launch(['--name', 'cml-az-badkey']).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(
      /^Microsoft Entra rejected the credentials of app 11111111-2222-3333-4444-555555555555 in tenant contoso.onmicrosoft.com \(invalid_client: AADSTS7000215: Invalid client secret provided\. .*\)$/,
    );
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).not.toContain('not-the-secret');
    expect(azure.groups.size).toBe(0);
    expect(h.runners.byName('cml-az-badkey')).toBeUndefined();
  });

  it('names missing credentials and bad flags up front', () => {
    const { AZURE_CLIENT_SECRET: _unused, ...without } = env;
    expect(() => buildLaunchSettings(flags(launchSpec, ['--cloud', 'azure']), without)).toThrow(
      /^no Azure credentials: neither AZURE_CLIENT_SECRET nor a federated token/,
    );
    const { AZURE_SUBSCRIPTION_ID: _none, ...noSubscription } = env;
    expect(() => buildLaunchSettings(flags(launchSpec, ['--cloud', 'azure']), noSubscription)).toThrow(
      /^no Azure subscription: AZURE_SUBSCRIPTION_ID is not set$/,
    );
    expect(() => buildLaunchSettings(flags(launchSpec, ['--cloud', 'azure', '--cloud-permission-set', 'admin']), env)).toThrow(
      /not a user-assigned managed identity resource id/,
    );
    expect(() => buildLaunchSettings(flags(launchSpec, ['--cloud', 'azure', '--cloud-type', 'n2-standard-8']), env)).toThrow(
      /neither a preset .* nor an Azure VM size/,
    );
  });

  it('signs in with the workflow’s OIDC token as a federated credential, as azure/login does', async () => {
    comesOnline();
    delete env.AZURE_CLIENT_SECRET;
    env.ACTIONS_ID_TOKEN_REQUEST_URL = `${azure.url}/oidc?api-version=2.0`;
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = azure.oidc.requestToken;
    const outcome = await launch([
      '--name',
      'cml-az-oidc',
      '--cloud-azure-subnet',
      `/subscriptions/${azure.subscription}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/ci/subnets/runners`,
    ]);
    expect(outcome.machineId).toMatch(/^cml-cml-az-oidc-/);
    expect(azure.oidc.audience).toBe('api://AzureADTokenExchange');
    // An existing subnet: no network of its own, the NIC joins it.
    expect(azure.puts.map((put) => put.type)).toEqual([
      'resourceGroups',
      'Microsoft.Network/networkSecurityGroups',
      'Microsoft.Network/networkInterfaces',
      'Microsoft.Compute/virtualMachines',
    ]);
    expect(putsOf('Microsoft.Network/networkInterfaces')[0]).toMatchObject({
      properties: { ipConfigurations: [{ properties: { subnet: { id: expect.stringMatching(/virtualNetworks\/ci\/subnets\/runners$/) } } }] },
    });
    expect(h.logger.lines.join('\n')).not.toContain(azure.oidc.requestToken);
  });
  it('signs in with a federated token file (AZURE_FEDERATED_TOKEN_FILE) and launches --count 3, one resource group each', async () => {
    comesOnline();
    delete env.AZURE_CLIENT_SECRET;
    const dir = mkdtempSync(join(tmpdir(), 'cml-azure-'));
    writeFileSync(join(dir, 'token'), `${azure.oidc.idToken}\n`);
    env.AZURE_FEDERATED_TOKEN_FILE = join(dir, 'token');
    const outcomes = await runLaunches(
      buildLaunchSettings(flags(launchSpec, ['--cloud', 'azure', '--cloud-region', 'us-east', '--count', '3', '--name', 'cml-az-many']), env),
      deps(),
    ).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(outcomes.map((outcome) => outcome.runnerName).sort()).toEqual(['cml-az-many-1', 'cml-az-many-2', 'cml-az-many-3']);
    expect(azure.groups.size).toBe(3);
    expect(new Set(outcomes.map((outcome) => outcome.machineId)).size).toBe(3);
    for (const outcome of outcomes) expect(azure.groups.get(outcome.machineId!)?.tags['cml-runner-name']).toBe(outcome.runnerName);
    expect(azure.violations).toEqual([]);
  });
});

describe('cml runner stop and cleanup --cloud azure', () => {
  const facts = (name: string, extra: Record<string, string> = {}) => ({
    'cml-tool': 'continuous-ml',
    'cml-scope': 'repo:acme/widget',
    'cml-runner-name': name,
    'cml-ready-by': new Date(Date.now() - 60_000).toISOString(),
    'cml-expires-at': new Date(Date.now() + 3600_000).toISOString(),
    ...extra,
  });

  it('stop deletes the runner’s resource group (also one whose VM powered off) and its registration', async () => {
    const launched = await launch(['--name', 'cml-az-stop']);
    azure.seed('cml-cml-az-stop-old', facts('cml-az-stop'), { powerState: 'stopped' });
    azure.seed('cml-keep', facts('cml-keep'), { powerState: 'running' });
    const outcome = await runStop(buildStopSettings(flags(stopSpec, ['--cloud', 'azure', '--cloud-region', 'us-east', '--name', 'cml-az-stop']), env), deps());
    expect([...outcome.terminated].sort()).toEqual([launched.machineId, 'cml-cml-az-stop-old'].sort());
    expect(outcome.deregistered).toBe(true);
    expect([...azure.groups.keys()]).toEqual(['cml-keep']);
  });

  it('cleanup deletes expired, powered-off and emptied resource groups of this repository in this location only', async () => {
    azure.seed('cml-expired', facts('cml-expired', { 'cml-expires-at': new Date(Date.now() - 1000).toISOString() }), { powerState: 'running' });
    azure.seed('cml-off', facts('cml-off'), { powerState: 'deallocated' });
    azure.seed('cml-evicted', facts('cml-evicted'));
    azure.seed('cml-west', facts('cml-west'), { powerState: 'stopped' }, 'westus2');
    azure.seed('cml-healthy', facts('cml-healthy'), { powerState: 'running' });
    h.runners.add({ name: 'cml-healthy', scope: 'repos/acme/widget', status: 'online', labels: ['self-hosted', 'continuous-ml-azure-eastus'] });
    azure.seed('someone-else', { team: 'x' });
    const outcome = await runCleanup(buildCleanupSettings(flags(cleanupSpec, ['--cloud', 'azure', '--cloud-region', 'us-east']), env), deps());
    expect(outcome.terminated.map((entry) => entry.machineId).sort()).toEqual(['cml-evicted', 'cml-expired', 'cml-off']);
    expect([...azure.groups.keys()].sort()).toEqual(['cml-healthy', 'cml-west', 'someone-else']);
  });
});
