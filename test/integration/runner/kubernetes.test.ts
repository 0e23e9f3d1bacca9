// `cml runner launch|stop|cleanup --cloud kubernetes` against the loopback Kubernetes API fake
// (every pod and secret checked against Kubernetes' schemas) and the loopback GitHub fake.

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';
import { parseAllDocuments } from 'yaml';
import { runLaunches } from '../../../src/commands/runner/launch.js';
import { buildLaunchSettings } from '../../../src/commands/runner/settings.js';
import { launchSpec } from '../../../src/commands/runner/spec.js';
import type { KubeObject } from '../../fakes/kubernetes/server.js';
import { GITHUB_TOKEN, fastClient, flags } from './harness.js';
import { KUBE_TOKEN, kubeconfig, startKubeHarness, type KubeHarness } from './kubernetes-harness.js';

let h: KubeHarness;
beforeEach(async () => {
  h = await startKubeHarness();
});
afterEach(async () => {
  expect(h.kube.violations).toEqual([]);
  await h.close();
});

const launch = (argv: string[], env: Record<string, string> = h.env) =>
  runLaunches(buildLaunchSettings(flags(launchSpec, ['--cloud', 'kubernetes', ...argv]), env), {
    logger: h.logger,
    signal: new AbortController().signal,
    client: fastClient,
    pollIntervalMs: 10,
  });

function cli(argv: string[], env: Record<string, string> = h.env): Promise<CliRun> {
  return runCommand(argv, { cwd: process.cwd(), env });
}

/** The JIT config GitHub handed out, read back from the boot script in the runner's secret. */
function jitConfigOf(secret: KubeObject): string {
  const script = Buffer.from((secret.data as Record<string, string>)['boot.sh']!, 'base64').toString('utf8');
  const config = /^JIT_CONFIG='([^']+)'$/m.exec(script)?.[1];
  expect(config).toBeDefined();
  return config!;
}

describe('cml runner launch --cloud kubernetes', () => {
  it('starts a locked-down pod whose secret holds the JIT config, and waits until the runner is online', async () => {
    const [outcome] = await launch([
      '--name',
      'cml-k8s-1',
      '--labels',
      'cml,gpu',
      '--cloud-type',
      '4-16000',
      '--cloud-gpu',
      't4',
      '--cloud-hdd-size',
      '50',
      '--cloud-kubernetes-node-selector',
      'pool=gpu,nvidia.com/gpu.product=Tesla-T4',
      '--cloud-metadata',
      'team=vision',
    ]);
    expect(outcome).toMatchObject({
      runnerName: 'cml-k8s-1',
      cloud: 'kubernetes',
      location: 'context-namespace',
      machineId: 'cml-k8s-1',
      market: 'on-demand',
      hourlyPrice: null,
    });
    expect(h.runners.byName('cml-k8s-1')?.status).toBe('online');

    const [pod] = h.kube.pods('ci-runners');
    const spec = pod!.spec!;
    expect(spec).toMatchObject({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      activeDeadlineSeconds: 86_400,
      nodeSelector: { pool: 'gpu', 'nvidia.com/gpu.product': 'Tesla-T4' },
    });
    const container = spec.containers[0]!;
    const resources = { cpu: '4', memory: '16000M', 'ephemeral-storage': '50Gi', 'nvidia.com/gpu': '1' };
    expect(container).toMatchObject({
      image: 'ghcr.io/actions/actions-runner:2.337.0',
      resources: { requests: resources, limits: resources },
      securityContext: { allowPrivilegeEscalation: false },
    });
    expect(pod!.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'continuous-ml',
      'continuous-ml.dev/repo': 'acme.widget',
      'continuous-ml.dev/runner': 'cml-k8s-1',
      team: 'vision',
    });

    const [secret] = h.kube.secrets('ci-runners');
    expect(secret!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'cml-k8s-1', uid: pod!.metadata.uid }]);
    expect(spec.volumes).toEqual([{ name: 'boot', secret: { secretName: secret!.metadata.name, defaultMode: 0o440 } }]);
    // The JIT config is in the secret and nowhere else: not in the pod, not in any other request, not in a log line.
    const jit = jitConfigOf(secret!);
    expect(JSON.stringify(pod)).not.toContain(jit);
    const elsewhere = h.kube.requests.filter((request) => !(request.method === 'POST' && request.path.endsWith('/secrets')));
    expect(JSON.stringify(elsewhere)).not.toContain(jit);
    for (const secretValue of [jit, GITHUB_TOKEN, KUBE_TOKEN]) expect(h.logger.lines.join('\n')).not.toContain(secretValue);
  });

  it('deletes the pod, its secret and the registration when the pod cannot be scheduled, with the cluster’s reason in one line', async () => {
    h.kube.behaviour = 'unschedulable';
    h.runners.onlineAfterMs = 'never';
    const result = await cli(['runner', 'launch', '--cloud', 'kubernetes', '--name', 'cml-k8s-2', '--cloud-gpu', 'v100', '--startup-timeout', '3s']);
    expect(result.code).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      'cml-k8s-2 cannot start, so runner cml-k8s-2 will not come online: Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    );
    expect(h.kube.pods()).toEqual([]);
    expect(h.kube.secrets()).toEqual([]);
    expect(h.runners.byName('cml-k8s-2')).toBeUndefined();
  });

  it('gives up on an image that cannot be pulled, leaving nothing behind', async () => {
    h.kube.behaviour = 'image-pull-error';
    h.runners.onlineAfterMs = 'never';
    await expect(launch(['--name', 'cml-k8s-3', '--cloud-image', 'example.invalid/none:1'])).rejects.toThrow(
      /ErrImagePull: failed to pull image "example.invalid\/none:1"/,
    );
    expect(h.kube.pods()).toEqual([]);
    expect(h.runners.byName('cml-k8s-3')).toBeUndefined();
  });

  it('says in one line that the cluster refused the credentials, and removes the registration', async () => {
    const env = { ...h.env, KUBECONFIG_DATA: kubeconfig(h.kube.url, '      token: wrong-token') };
    const result = await cli(['runner', 'launch', '--cloud', 'kubernetes', '--name', 'cml-k8s-4'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: the Kubernetes API at ${h.kube.url} refused the credentials from KUBECONFIG_DATA, context ci (401 Unauthorized)`);
    expect(result.stderr).not.toContain('wrong-token');
    expect(h.runners.byName('cml-k8s-4')).toBeUndefined();
    expect(h.kube.pods()).toEqual([]);
  });

  it('names the missing permission when the Role does not allow creating secrets, and deletes the pod', async () => {
    h.kube.forbidden.add('create secrets');
    await expect(launch(['--name', 'cml-k8s-5'])).rejects.toThrow(/not allowed to create secrets in namespace ci-runners: secrets is forbidden/);
    expect(h.kube.pods()).toEqual([]);
    expect(h.runners.byName('cml-k8s-5')).toBeUndefined();
  });

  it('--count 3 launches three runners sharing a batch label and prints a JSON array; --cloud-region picks the namespace', async () => {
    const result = await cli([
      'runner',
      'launch',
      '--cloud',
      'kubernetes',
      '--cloud-region',
      'ml',
      '--count',
      '3',
      '--name',
      'cml-batch',
      '--labels',
      'cml-gpu',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { name: string; labels: string[]; instanceId: string; region: string }[];
    expect(printed.map((entry) => entry.name).sort()).toEqual(['cml-batch-1', 'cml-batch-2', 'cml-batch-3']);
    for (const entry of printed) expect(entry).toMatchObject({ labels: ['cml-gpu', 'cml-batch'], region: 'ml', instanceId: entry.name });
    expect(h.kube.pods('ml')).toHaveLength(3);
    expect(h.kube.secrets('ml')).toHaveLength(3);
    expect(new Set(h.kube.secrets('ml').map(jitConfigOf)).size).toBe(3);
    for (const name of ['cml-batch-1', 'cml-batch-2', 'cml-batch-3'])
      expect(h.runners.byName(name)?.labels).toEqual(expect.arrayContaining(['cml-gpu', 'cml-batch', 'continuous-ml-kubernetes-ml']));
  });

  it('stop --name removes the pod, its secret and the registration', async () => {
    await launch(['--name', 'cml-k8s-6']);
    expect(h.kube.pods()).toHaveLength(1);
    const stopped = await cli(['runner', 'stop', '--cloud', 'kubernetes', '--name', 'cml-k8s-6', '--json']);
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout)).toEqual({ name: 'cml-k8s-6', terminated: ['cml-k8s-6'], deregistered: true, interrupted: false });
    expect(h.kube.pods()).toEqual([]);
    expect(h.kube.secrets()).toEqual([]);
    expect(h.runners.byName('cml-k8s-6')).toBeUndefined();
  });

  it('cleanup deletes finished pods with their secrets and the offline registrations, and leaves running ones', async () => {
    await launch(['--name', 'cml-k8s-done']);
    await launch(['--name', 'cml-k8s-busy']);
    h.kube.setPhase('ci-runners', 'cml-k8s-done', 'Succeeded');
    h.runners.byName('cml-k8s-done')!.status = 'offline';

    const dry = await cli(['runner', 'cleanup', '--cloud', 'kubernetes', '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout).terminated).toHaveLength(1);
    expect(h.kube.pods()).toHaveLength(2);

    const cleaned = await cli(['runner', 'cleanup', '--cloud', 'kubernetes', '--json']);
    expect(cleaned.code).toBe(0);
    const outcome = JSON.parse(cleaned.stdout) as { terminated: { instanceId: string; reason: string }[]; deregistered: { runnerName: string }[] };
    expect(outcome.terminated).toEqual([{ instanceId: 'cml-k8s-done', runnerName: 'cml-k8s-done', reason: 'it has ended (Succeeded)' }]);
    expect(outcome.deregistered.map((entry) => entry.runnerName)).toEqual(['cml-k8s-done']);
    expect(h.kube.pods().map((pod) => pod.metadata.name)).toEqual(['cml-k8s-busy']);
    expect(h.kube.secrets().map((secret) => secret.metadata.name)).toEqual(['cml-k8s-busy-boot']);
  });

  it('needs no more than the Role shipped in examples/runner/kubernetes-rbac.yaml to launch, stop and clean up', async () => {
    const documents = parseAllDocuments(readFileSync(new URL('../../../examples/runner/kubernetes-rbac.yaml', import.meta.url), 'utf8')).map((document) =>
      document.toJS(),
    );
    const role = documents.find((document) => document.kind === 'Role') as { rules: { resources: string[]; verbs: string[] }[] };
    h.kube.allowOnly = new Set(role.rules.flatMap((rule) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${verb} ${resource}`))));
    await launch(['--name', 'cml-k8s-rbac-1']);
    await launch(['--name', 'cml-k8s-rbac-2']);
    expect((await cli(['runner', 'stop', '--cloud', 'kubernetes', '--name', 'cml-k8s-rbac-1'])).code).toBe(0);
    h.kube.setPhase('ci-runners', 'cml-k8s-rbac-2', 'Failed', {
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
    });
    const cleaned = await cli(['runner', 'cleanup', '--cloud', 'kubernetes', '--json']);
    expect(cleaned.code).toBe(0);
    expect(JSON.parse(cleaned.stdout).terminated[0].reason).toBe(
      'it has ended (DeadlineExceeded: Pod was active on the node longer than the specified deadline)',
    );
    expect(h.kube.pods()).toEqual([]);
    expect(h.kube.secrets()).toEqual([]);
  });

  it('accepts CML’s remaining flags, warning about those that do not apply', async () => {
    const result = await cli([
      'runner',
      'launch',
      '--cloud',
      'kubernetes',
      '--name',
      'cml-k8s-7',
      '--no-retry',
      '--docker-volumes',
      '/data:/data',
      '--cloud-ssh-private',
      'KEY',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('--docker-volumes is ignored: in CML it applies to GitLab runners only');
    expect(result.stderr).toContain('--cloud-ssh-private is ignored: no SSH is used');
    expect(result.stdout).toBe('cml-k8s-7\n');
  });
});
