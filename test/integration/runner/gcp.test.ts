import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCleanup } from '../../../src/commands/runner/cleanup.js';
import { runLaunch } from '../../../src/commands/runner/launch.js';
import { buildCleanupSettings, buildLaunchSettings, buildStopSettings } from '../../../src/commands/runner/settings.js';
import { cleanupSpec, launchSpec, stopSpec } from '../../../src/commands/runner/spec.js';
import { runStop } from '../../../src/commands/runner/stop.js';
import { FakeGcp, type FakeGceInstance } from '../../fakes/gcp/server.js';
import { GITHUB_TOKEN, fastClient, flags, startHarness, type Harness } from './harness.js';

// The parts of an instances.insert body the assertions read.
interface Body {
  [key: string]: unknown;
  machineType: string;
  scheduling: { onHostMaintenance: string };
  disks: { initializeParams: { sourceImage: string } }[];
}

const EMAIL = 'cml-launcher@ml-project.iam.gserviceaccount.com';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let h: Harness;
let gcp: FakeGcp;
let env: Record<string, string>;
beforeEach(async () => {
  h = await startHarness();
  gcp = new FakeGcp();
  await gcp.start();
  gcp.serviceAccounts.set(EMAIL, keys.publicKey);
  const key = {
    type: 'service_account',
    project_id: 'ml-project',
    private_key_id: 'k1',
    private_key: PRIVATE_KEY,
    client_email: EMAIL,
    token_uri: `${gcp.url}/token`,
  };
  env = {
    GITHUB_API_URL: h.env.GITHUB_API_URL!,
    GITHUB_REPOSITORY: 'acme/widget',
    REPO_TOKEN: GITHUB_TOKEN,
    GOOGLE_APPLICATION_CREDENTIALS_DATA: JSON.stringify(key),
    CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE: gcp.computeRoot,
  };
});
afterEach(async () => {
  await gcp.stop();
  await h.close();
});

const deps = (pollIntervalMs = 20) => ({ logger: h.logger, signal: new AbortController().signal, client: fastClient, pollIntervalMs });
const launch = (argv: string[], pollIntervalMs = 20) =>
  runLaunch(buildLaunchSettings(flags(launchSpec, ['--cloud', 'gcp', '--cloud-region', 'us-east', ...argv]), env), deps(pollIntervalMs));
const comesOnline = () => {
  gcp.onInsert = (instance: FakeGceInstance) => {
    instance.status = 'RUNNING';
    const runnerName = metadataOf(instance)['cml-runner-name'] ?? '';
    setTimeout(() => {
      const runner = h.runners.byName(runnerName);
      if (runner) runner.status = 'online';
    }, 50);
  };
  h.runners.onlineAfterMs = 'never';
};
const metadataOf = (instance: { body: Record<string, unknown> }): Record<string, string> =>
  Object.fromEntries(((instance.body.metadata as { items: { key: string; value: string }[] }).items ?? []).map((item) => [item.key, item.value]));

describe('cml runner launch --cloud gcp against the Compute Engine and GitHub fakes', () => {
  it('signs in with the service-account key, starts a locked-down Shielded VM and waits until the runner is online', async () => {
    comesOnline();
    const outcome = await launch(['--name', 'cml-gcp-1', '--labels', 'cml,train', '--cloud-metadata', 'team=Vision']);
    expect(outcome).toMatchObject({
      reused: false,
      runnerName: 'cml-gcp-1',
      cloud: 'gcp',
      location: 'us-east1',
      machineType: 'n2-standard-8',
      market: 'on-demand',
      zone: 'us-east1-b',
      hourlyPrice: null,
    });
    expect(outcome.machineId).toMatch(/^us-east1-b\/cml-gcp-1-[0-9a-f]{6}$/);
    expect(h.runners.byName('cml-gcp-1')?.labels).toContain('continuous-ml-gcp-us-east1');
    expect(gcp.violations).toEqual([]);

    const [{ zone, body }] = gcp.inserts as unknown as [{ zone: string; body: Body }];
    expect(zone).toBe('us-east1-b');
    expect(body.machineType).toBe('zones/us-east1-b/machineTypes/n2-standard-8');
    expect(body.shieldedInstanceConfig).toEqual({ enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true });
    expect(body.serviceAccounts).toEqual([]);
    expect(body.disks[0]).toMatchObject({
      boot: true,
      autoDelete: true,
      initializeParams: { diskSizeGb: '35', sourceImage: 'projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64' },
    });
    expect(body.labels).toEqual({ 'cml-tool': 'continuous-ml', 'cml-scope': 'repo-acme-widget', 'cml-runner': 'cml-gcp-1', team: 'vision' });
    expect(body.scheduling).toMatchObject({
      provisioningModel: 'STANDARD',
      automaticRestart: false,
      instanceTerminationAction: 'DELETE',
      maxRunDuration: { seconds: expect.stringMatching(/^86\d{3}$/) },
    });
    expect(body.guestAccelerators).toBeUndefined();
    const metadata = metadataOf({ body });
    expect(metadata).toMatchObject({
      'cml-scope': 'repo:acme/widget',
      'cml-runner-name': 'cml-gcp-1',
      'cml-labels': 'cml,train',
      'block-project-ssh-keys': 'TRUE',
    });
    // The boot script carries the single-use JIT config and no GitHub token or Google key.
    const script = metadata['startup-script']!;
    expect(script).toMatch(/JIT_CONFIG='[A-Za-z0-9+/=]{40,}'/);
    expect(script).not.toContain(GITHUB_TOKEN);
    expect(script).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(body)).not.toContain(PRIVATE_KEY.split('\n')[1]);
    expect(h.logger.lines.join('\n')).not.toContain(PRIVATE_KEY.split('\n')[1]);
  });

  it('falls back from refused spot capacity to standard and across zones, saying what happened', async () => {
    comesOnline();
    gcp.refusals = [
      { code: 'ZONE_RESOURCE_POOL_EXHAUSTED', provisioningModel: 'SPOT' },
      { code: 'ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS', zone: 'us-east1-b' },
    ];
    const outcome = await launch(['--name', 'cml-gcp-spot', '--cloud-spot']);
    expect(outcome).toMatchObject({ market: 'on-demand', zone: 'us-east1-c' });
    expect(gcp.inserts.map(({ zone, body }) => `${zone} ${(body.scheduling as { provisioningModel: string }).provisioningModel}`)).toEqual([
      'us-east1-b SPOT',
      'us-east1-c SPOT',
      'us-east1-d SPOT',
      'us-east1-b STANDARD',
      'us-east1-c STANDARD',
    ]);
    expect(gcp.inserts[0]!.body.scheduling).toMatchObject({ provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE', onHostMaintenance: 'TERMINATE' });
    expect(h.logger.lines.join('\n')).toMatch(
      /n2-standard-8 \(spot in us-east1-b\) refused: ZONE_RESOURCE_POOL_EXHAUSTED; trying n2-standard-8 \(spot in us-east1-c\)/,
    );
    expect(gcp.violations).toEqual([]);
  });

  it('attaches GPUs as accelerators with host maintenance set to terminate, and falls over a GPU quota refusal', async () => {
    comesOnline();
    gcp.refusals = [{ code: 'QUOTA_EXCEEDED', zone: 'us-east1-b' }];
    const outcome = await launch(['--name', 'cml-gcp-gpu', '--cloud-type', 'm', '--cloud-gpu', 't4', '--cloud-region', 'us-east1']);
    expect(outcome).toMatchObject({ machineType: 'n1-standard-8+nvidia-tesla-t4x1', zone: 'us-east1-c' });
    const body = gcp.inserts.at(-1)!.body as unknown as Body;
    expect(body.guestAccelerators).toEqual([{ acceleratorType: 'zones/us-east1-c/acceleratorTypes/nvidia-tesla-t4', acceleratorCount: 1 }]);
    expect(body.scheduling.onHostMaintenance).toBe('TERMINATE');
    expect(body.disks[0]!.initializeParams.sourceImage).toMatch(/deeplearning-platform-release/);
    expect(gcp.violations).toEqual([]);
  });

  it('on startup timeout deletes the instance and the registration: nothing left', async () => {
    h.runners.onlineAfterMs = 'never';
    await expect(launch(['--name', 'cml-gcp-slow', '--startup-timeout', '1s'], 100)).rejects.toThrow(
      /runner cml-gcp-slow did not come online within 1s; terminated us-east1-b\/cml-gcp-slow-/,
    );
    expect(gcp.instances.size).toBe(0);
    expect(h.runners.byName('cml-gcp-slow')).toBeUndefined();
  });

  it('fails in one line when every attempt is refused, leaving nothing registered', async () => {
    gcp.refusals = [{ code: 'ZONE_RESOURCE_POOL_EXHAUSTED' }];
    await expect(launch(['--name', 'cml-gcp-none', '--cloud-region', 'us-west1-a'])).rejects.toThrow(
      /could not launch runner cml-gcp-none in us-west1: every launch attempt was refused \(n2-standard-8 \(on-demand in us-west1-a\): ZONE_RESOURCE_POOL_EXHAUSTED\)/,
    );
    expect(h.runners.byName('cml-gcp-none')).toBeUndefined();
  });

  it('rejects a key whose signature Google cannot verify in one line, before anything is launched', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    gcp.serviceAccounts.set(EMAIL, other.publicKey);
    const error = await launch(['--name', 'cml-gcp-badkey']).catch((caught: Error) => caught);
    expect(String((error as Error).message)).toMatch(
      /^Google rejected the credentials of service account cml-launcher@ml-project.iam.gserviceaccount.com \(invalid_grant: Invalid JWT Signature.\)$/,
    );
    expect((error as Error).message).not.toContain('\n');
    expect(gcp.instances.size).toBe(0);
    expect(h.runners.byName('cml-gcp-badkey')).toBeUndefined();
  });

  it('names missing credentials up front', () => {
    const { GOOGLE_APPLICATION_CREDENTIALS_DATA: _unused, ...without } = env;
    expect(() => buildLaunchSettings(flags(launchSpec, ['--cloud', 'gcp']), without)).toThrow(/^no Google Cloud credentials$/);
    expect(() => buildLaunchSettings(flags(launchSpec, ['--cloud', 'gcp', '--cloud-spot', '--cloud-spot-price', '0.5']), env)).toThrow(
      /Spot VMs have no maximum price/,
    );
  });

  it('signs in with workload identity federation as google-github-actions/auth writes it', async () => {
    comesOnline();
    const file = {
      type: 'external_account',
      audience: '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/providers/github',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${gcp.url}/sts/v1/token`,
      service_account_impersonation_url: `${gcp.url}/iam/v1/projects/-/serviceAccounts/${EMAIL}:generateAccessToken`,
      credential_source: {
        url: `${gcp.url}/oidc?audience=https://iam.googleapis.com/projects/123`,
        headers: { Authorization: `Bearer ${gcp.oidc.requestToken}` },
        format: { type: 'json', subject_token_field_name: 'value' },
      },
    };
    env.GOOGLE_APPLICATION_CREDENTIALS_DATA = JSON.stringify(file);
    const outcome = await launch(['--name', 'cml-gcp-wif']);
    expect(outcome.machineId).toMatch(/^us-east1-b\/cml-gcp-wif-/);
    expect(gcp.oidc.audience).toBe('https://iam.googleapis.com/projects/123');
    expect(h.logger.lines.join('\n')).not.toContain(gcp.oidc.requestToken);
  });
});

describe('cml runner stop and cleanup --cloud gcp', () => {
  const facts = (name: string, extra: Record<string, string> = {}) => ({
    labels: { 'cml-tool': 'continuous-ml', 'cml-scope': 'repo-acme-widget', 'cml-runner': name },
    metadata: {
      'cml-scope': 'repo:acme/widget',
      'cml-runner-name': name,
      'cml-ready-by': new Date(Date.now() - 60_000).toISOString(),
      'cml-expires-at': new Date(Date.now() + 3600_000).toISOString(),
      ...extra,
    },
  });

  it('stop deletes the runner’s instance (also a powered-off one) and its registration', async () => {
    const launched = await launch(['--name', 'cml-gcp-stop']);
    gcp.seed({ name: 'cml-gcp-stop-old', zone: 'us-east1-c', status: 'TERMINATED', ...facts('cml-gcp-stop') });
    gcp.seed({ name: 'cml-keep', zone: 'us-east1-b', status: 'RUNNING', ...facts('cml-keep') });
    const outcome = await runStop(buildStopSettings(flags(stopSpec, ['--cloud', 'gcp', '--cloud-region', 'us-east', '--name', 'cml-gcp-stop']), env), deps());
    expect([...outcome.terminated].sort()).toEqual([launched.machineId, 'us-east1-c/cml-gcp-stop-old'].sort());
    expect(outcome.deregistered).toBe(true);
    expect([...gcp.instances.keys()]).toEqual(['us-east1-b/cml-keep']);
  });

  it('cleanup deletes expired and powered-off instances of this repository in this region only', async () => {
    gcp.seed({
      name: 'cml-expired',
      zone: 'us-east1-b',
      status: 'RUNNING',
      ...facts('cml-expired', { 'cml-expires-at': new Date(Date.now() - 1000).toISOString() }),
    });
    gcp.seed({ name: 'cml-off', zone: 'us-east1-d', status: 'TERMINATED', ...facts('cml-off') });
    gcp.seed({ name: 'cml-west', zone: 'us-west1-a', status: 'TERMINATED', ...facts('cml-west') });
    gcp.seed({ name: 'cml-healthy', zone: 'us-east1-b', status: 'RUNNING', ...facts('cml-healthy') });
    h.runners.add({ name: 'cml-healthy', scope: 'repos/acme/widget', status: 'online', labels: ['self-hosted', 'continuous-ml-gcp-us-east1'] });
    gcp.seed({ name: 'someone-else', zone: 'us-east1-b', status: 'TERMINATED', labels: { team: 'x' } });
    const outcome = await runCleanup(buildCleanupSettings(flags(cleanupSpec, ['--cloud', 'gcp', '--cloud-region', 'us-east']), env), deps());
    expect(outcome.terminated.map((entry) => entry.machineId).sort()).toEqual(['us-east1-b/cml-expired', 'us-east1-d/cml-off']);
    expect([...gcp.instances.keys()].sort()).toEqual(['us-east1-b/cml-healthy', 'us-east1-b/someone-else', 'us-west1-a/cml-west']);
  });
});
