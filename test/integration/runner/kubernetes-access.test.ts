// Each way of reaching a cluster, in CML's order, against the loopback Kubernetes API fake:
// KUBECONFIG_DATA, KUBECONFIG (a merged list of files), ~/.kube/config, the in-cluster service
// account; and each kind of user: token, token file, exec plugin (cached until it expires) and TLS
// client certificate.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from '../../../src/clouds/kubernetes/pod-provider.js';
import { buildKubernetesTarget } from '../../../src/clouds/kubernetes/settings.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { makeCertificates, type TestCertificates } from '../../fakes/kubernetes/certs.js';
import { KubeFake } from '../../fakes/kubernetes/server.js';
import { KUBE_TOKEN, kubeconfig } from './kubernetes-harness.js';

let kube: KubeFake;
let tlsKube: KubeFake;
let certs: TestCertificates;
let dir: string;
const b64 = (text: string): string => Buffer.from(text).toString('base64');

beforeAll(async () => {
  certs = makeCertificates();
  kube = await KubeFake.start({ tokens: [KUBE_TOKEN] });
  tlsKube = await KubeFake.start({ tokens: [KUBE_TOKEN], tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca } });
  dir = mkdtempSync(join(tmpdir(), 'cml-kube-access-'));
});
afterAll(async () => {
  await Promise.all([kube.close(), tlsKube.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Lists runner pods through the provider built from `env` (and `region`), and says where the request went. */
async function listWith(
  env: Record<string, string>,
  options: { region?: string; serviceAccountDir?: string } = {},
): Promise<{ namespace: string; fake: KubeFake }> {
  const target = buildKubernetesTarget({ 'cloud-region': options.region }, { HOME: join(dir, 'no-home'), ...env });
  const connection = options.serviceAccountDir
    ? { ...target.connection, sources: { ...target.connection.sources, serviceAccountDir: options.serviceAccountDir } }
    : target.connection;
  const fakes = [kube, tlsKube];
  const before = fakes.map((fake) => fake.requests.length);
  const records = await createProvider({ ...target, connection }, undefined, createMemoryLogger()).list('repo:acme/widget');
  expect(records).toEqual([]);
  const index = fakes.findIndex((fake, at) => fake.requests.length > before[at]!);
  const request = fakes[index]!.requests.at(-1)!;
  return { namespace: /\/namespaces\/([^/]+)\//.exec(request.path)![1]!, fake: fakes[index]! };
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('reaching the cluster', () => {
  it('reads KUBECONFIG_DATA first: its current context, namespace and token; --cloud-region names another namespace', async () => {
    const data = kubeconfig(kube.url, `      token: ${KUBE_TOKEN}`);
    const path = write(join(dir, 'ignored.yaml'), kubeconfig(kube.url, '      token: not-this-one', 'from-path'));
    expect(await listWith({ KUBECONFIG_DATA: data, KUBECONFIG: path })).toEqual({ namespace: 'ci-runners', fake: kube });
    expect((await listWith({ KUBECONFIG_DATA: data }, { region: 'ml' })).namespace).toBe('ml');
  });

  it('merges the files KUBECONFIG lists, first one winning, and reads a token file relative to its kubeconfig', async () => {
    const first = write(join(dir, 'a', 'config'), 'apiVersion: v1\nkind: Config\nclusters: []\n');
    write(join(dir, 'b', 'token'), `${KUBE_TOKEN}\n`);
    const second = write(join(dir, 'b', 'config'), kubeconfig(kube.url, '      tokenFile: token', 'merged'));
    expect(await listWith({ KUBECONFIG: `${join(dir, 'missing')}:${first}:${second}` })).toEqual({ namespace: 'merged', fake: kube });
  });

  it('falls back to ~/.kube/config', async () => {
    const home = join(dir, 'home');
    write(join(home, '.kube', 'config'), kubeconfig(kube.url, `      token: ${KUBE_TOKEN}`, 'from-home'));
    expect(await listWith({ HOME: home })).toEqual({ namespace: 'from-home', fake: kube });
  });

  it('then uses the in-cluster service account: its token, CA and namespace', async () => {
    const account = join(dir, 'serviceaccount');
    write(join(account, 'token'), KUBE_TOKEN);
    write(join(account, 'ca.crt'), certs.ca);
    write(join(account, 'namespace'), 'in-cluster-ns');
    const port = new URL(tlsKube.url).port;
    const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port };
    expect(await listWith(env, { serviceAccountDir: account })).toEqual({ namespace: 'in-cluster-ns', fake: tlsKube });
  });

  it('authenticates with a TLS client certificate, trusting the cluster CA from the kubeconfig', async () => {
    const user = [`      client-certificate-data: ${b64(certs.clientCert)}`, `      client-key-data: ${b64(certs.clientKey)}`].join('\n');
    const data = kubeconfig(tlsKube.url, user, 'certs', `      certificate-authority-data: ${b64(certs.ca)}`);
    expect(await listWith({ KUBECONFIG_DATA: data })).toEqual({ namespace: 'certs', fake: tlsKube });
    const untrusted = kubeconfig(tlsKube.url, user, 'certs');
    await expect(listWith({ KUBECONFIG_DATA: untrusted })).rejects.toThrow(/cannot reach the Kubernetes API at https:\/\/127.0.0.1:\d+: TLS handshake failed/);
  });

  it('runs an exec plugin without a terminal and keeps its credential until it expires', async () => {
    const runs = join(dir, 'plugin-runs');
    const plugin = write(
      join(dir, 'plugin.mjs'),
      `import { appendFileSync } from 'node:fs';
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
appendFileSync(${JSON.stringify(runs)}, info.spec.interactive === false ? 'x' : '?');
const expirationTimestamp = new Date(Date.now() + Number(process.env.LIFETIME_MS)).toISOString();
console.log(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status: { token: process.env.TOKEN, expirationTimestamp } }));
`,
    );
    const user = (lifetimeMs: number) =>
      [
        '      exec:',
        '        apiVersion: client.authentication.k8s.io/v1beta1',
        `        command: ${JSON.stringify(process.execPath)}`,
        `        args: [${JSON.stringify(plugin)}]`,
        `        env: [{ name: TOKEN, value: ${KUBE_TOKEN} }, { name: LIFETIME_MS, value: "${lifetimeMs}" }]`,
      ].join('\n');

    const target = buildKubernetesTarget({}, { HOME: dir, KUBECONFIG_DATA: kubeconfig(kube.url, user(3_600_000), 'exec'), PATH: process.env.PATH ?? '' });
    const provider = createProvider(target, undefined, createMemoryLogger());
    await provider.list('repo:acme/widget');
    await provider.describe('nothing-here');
    expect(readFileSync(runs, 'utf8')).toBe('x');

    // A credential that expires within the renewal margin is asked for again on the next request.
    const shortLived = createProvider(
      buildKubernetesTarget({}, { HOME: dir, KUBECONFIG_DATA: kubeconfig(kube.url, user(1000), 'exec') }),
      undefined,
      createMemoryLogger(),
    );
    await shortLived.list('repo:acme/widget');
    await shortLived.list('repo:acme/widget');
    expect(readFileSync(runs, 'utf8')).toBe('xxx');
  });

  it('says in one line when there is nothing to reach a cluster with', async () => {
    await expect(listWith({})).rejects.toThrow(
      /^no Kubernetes credentials: KUBECONFIG_DATA, KUBECONFIG and ~\/.kube\/config are unset or missing, and this is not a pod$/,
    );
    await expect(listWith({ KUBECONFIG: join(dir, 'nope') })).rejects.toThrow(/KUBECONFIG names .*nope, which does not exist/);
    await expect(listWith({ KUBECONFIG_DATA: 'clusters: [' })).rejects.toThrow(/KUBECONFIG_DATA: invalid YAML/);
  });
});

describe('the Kubernetes API fake', () => {
  it('streams watch events for the selected pods, as the API server does', async () => {
    const events: { type: string; object: { metadata: { name: string; resourceVersion: string }; status?: { phase?: string } } }[] = [];
    const path = '/api/v1/namespaces/watched/pods?watch=true&labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcontinuous-ml';
    const request = get(`${kube.url}${path}`, { headers: { authorization: `Bearer ${KUBE_TOKEN}` } }, (response) => {
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
          events.push(JSON.parse(buffer.slice(0, at)) as (typeof events)[number]);
          buffer = buffer.slice(at + 1);
        }
      });
    });
    for (let i = 0; i < 100 && !kube.requests.some((entry) => entry.path === path); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'watched-1', labels: { 'app.kubernetes.io/managed-by': 'continuous-ml' } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    const created = await fetch(`${kube.url}/api/v1/namespaces/watched/pods`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KUBE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(pod),
    });
    expect(created.status).toBe(201);
    await fetch(`${kube.url}/api/v1/namespaces/watched/pods/watched-1`, { method: 'DELETE', headers: { authorization: `Bearer ${KUBE_TOKEN}` } });
    for (let i = 0; i < 100 && !events.some((event) => event.type === 'DELETED'); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    request.destroy();
    expect(events.map((event) => `${event.type} ${event.object.status?.phase ?? ''}`)).toEqual(['ADDED Pending', 'MODIFIED Running', 'DELETED Running']);
    const versions = events.map((event) => Number(event.object.metadata.resourceVersion));
    expect(versions[1]).toBeGreaterThan(versions[0]!);
  });
});
