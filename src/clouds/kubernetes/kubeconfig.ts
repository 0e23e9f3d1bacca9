// Finding the cluster and our credentials, in CML's order: KUBECONFIG_DATA (a kubeconfig's
// contents), KUBECONFIG (a path, or a list of paths merged as kubectl merges them), ~/.kube/config,
// then the in-cluster service account. The current context picks the cluster, user and namespace.
// Users may hold a token (or a token file), a client certificate, or an exec plugin (EKS, GKE);
// what they resolve to at request time is exec-credential.ts.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { parseYamlText } from '../../core/yaml.js';

/** Where to look; the front door fills it from the environment, tests point it at their own files. */
export interface KubeconfigSources {
  /** KUBECONFIG_DATA: the contents of a kubeconfig. */
  readonly data: string | undefined;
  /** KUBECONFIG: one path, or several joined with ':'. */
  readonly paths: string | undefined;
  readonly home: string | undefined;
  /** Where a pod finds its service account (token, ca.crt, namespace). */
  readonly serviceAccountDir: string;
  /** KUBERNETES_SERVICE_HOST / _PORT, set in every pod. */
  readonly inClusterHost: string | undefined;
  readonly inClusterPort: string | undefined;
}

export interface ExecPlugin {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly apiVersion: string;
  /** For messages: which user of which kubeconfig. */
  readonly user: string;
  /** Relative commands resolve against the kubeconfig's folder. */
  readonly cwd: string | undefined;
}

export type KubeUser =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'token-file'; readonly path: string }
  | { readonly kind: 'certificate'; readonly cert: string; readonly key: string }
  | { readonly kind: 'exec'; readonly exec: ExecPlugin }
  | { readonly kind: 'none' };

export interface ClusterAccess {
  readonly server: string;
  readonly namespace: string;
  /** PEM; undefined = the system's trust store. */
  readonly ca: string | undefined;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName: string | undefined;
  readonly user: KubeUser;
  /** "KUBECONFIG_DATA, context ci", "in-cluster service account", ...; for messages. */
  readonly source: string;
}

type Named<T> = { name?: unknown } & T;
interface RawConfig {
  'current-context'?: unknown;
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
  contexts?: Named<{ context?: Record<string, unknown> }>[];
}

/** One kubeconfig read from text, with the folder its relative paths refer to. */
interface LoadedConfig {
  readonly raw: RawConfig;
  readonly dir: string | undefined;
  readonly where: string;
}

export function loadClusterAccess(sources: KubeconfigSources): ClusterAccess {
  if (sources.data?.trim()) return fromConfigs([parseConfig(sources.data, undefined, 'KUBECONFIG_DATA')], 'KUBECONFIG_DATA');
  const listed = (sources.paths ?? '').split(':').filter((path) => path.trim() !== '');
  if (listed.length > 0) {
    const present = listed.filter((path) => existsSync(path));
    if (present.length === 0)
      throw new UserError(`KUBECONFIG names ${listed.join(', ')}, which does not exist`, {
        hint: 'point KUBECONFIG at a kubeconfig file, or set KUBECONFIG_DATA to its contents',
      });
    return fromConfigs(present.map(readConfig), `KUBECONFIG (${present.join(', ')})`);
  }
  const home = sources.home?.trim() ? join(sources.home, '.kube', 'config') : undefined;
  if (home && existsSync(home)) return fromConfigs([readConfig(home)], home);
  const tokenPath = join(sources.serviceAccountDir, 'token');
  if (sources.inClusterHost && existsSync(tokenPath)) {
    const host = sources.inClusterHost.includes(':') ? `[${sources.inClusterHost}]` : sources.inClusterHost;
    const caPath = join(sources.serviceAccountDir, 'ca.crt');
    const namespacePath = join(sources.serviceAccountDir, 'namespace');
    return {
      server: `https://${host}:${sources.inClusterPort || '443'}`,
      namespace: existsSync(namespacePath) ? readFileSync(namespacePath, 'utf8').trim() || 'default' : 'default',
      ca: existsSync(caPath) ? readFileSync(caPath, 'utf8') : undefined,
      insecureSkipTlsVerify: false,
      tlsServerName: undefined,
      // Projected service account tokens rotate: the file is read for every request.
      user: { kind: 'token-file', path: tokenPath },
      source: 'in-cluster service account',
    };
  }
  throw new UserError('no Kubernetes credentials: KUBECONFIG_DATA, KUBECONFIG and ~/.kube/config are unset or missing, and this is not a pod', {
    hint: 'set KUBECONFIG_DATA to the contents of a kubeconfig (a repository secret), or KUBECONFIG to its path',
  });
}

function readConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read kubeconfig ${path}: ${(error as Error).message}`);
  }
  return parseConfig(text, dirname(resolve(path)), path);
}

function parseConfig(text: string, dir: string | undefined, where: string): LoadedConfig {
  const raw = parseYamlText(text, where);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${where} is not a kubeconfig (expected clusters, users and contexts)`);
  return { raw: raw as RawConfig, dir, where };
}

/** Merged as kubectl does: the first file that sets current-context or names an entry wins. */
function fromConfigs(configs: readonly LoadedConfig[], source: string): ClusterAccess {
  const currentContext = configs.map((config) => config.raw['current-context']).find((value) => typeof value === 'string' && value !== '') as
    string | undefined;
  if (!currentContext) throw new UserError(`${source} has no current-context`, { hint: 'set one with `kubectl config use-context <name>`' });
  const context = findEntry(configs, 'contexts', 'context', currentContext);
  if (!context) throw new UserError(`${source}: current-context "${currentContext}" is not among its contexts`);
  const clusterName = stringField(context.value, 'cluster');
  const cluster = clusterName ? findEntry(configs, 'clusters', 'cluster', clusterName) : undefined;
  if (!cluster) throw new UserError(`${source}: context "${currentContext}" names cluster "${clusterName ?? ''}", which is not defined`);
  const server = stringField(cluster.value, 'server');
  if (!server) throw new UserError(`${source}: cluster "${clusterName}" has no server`);
  const userName = stringField(context.value, 'user');
  const user = userName ? findEntry(configs, 'users', 'user', userName) : undefined;
  return {
    server: server.replace(/\/+$/, ''),
    namespace: stringField(context.value, 'namespace') || 'default',
    ca: pem(cluster.value, 'certificate-authority', cluster.dir),
    insecureSkipTlsVerify: cluster.value['insecure-skip-tls-verify'] === true,
    tlsServerName: stringField(cluster.value, 'tls-server-name'),
    user: user ? readUser(user.value, userName!, user.dir, source) : { kind: 'none' },
    source: `${source}, context ${currentContext}`,
  };
}

function findEntry(
  configs: readonly LoadedConfig[],
  list: 'contexts' | 'clusters' | 'users',
  field: string,
  name: string,
): { value: Record<string, unknown>; dir: string | undefined } | undefined {
  for (const config of configs) {
    const entries = config.raw[list];
    if (!Array.isArray(entries)) continue;
    const entry = entries.find((candidate) => candidate?.name === name) as Record<string, unknown> | undefined;
    const value = entry?.[field];
    if (value && typeof value === 'object') return { value: value as Record<string, unknown>, dir: config.dir };
  }
  return undefined;
}

function readUser(user: Record<string, unknown>, name: string, dir: string | undefined, source: string): KubeUser {
  const token = stringField(user, 'token');
  if (token) return { kind: 'token', token };
  const tokenFile = stringField(user, 'tokenFile');
  if (tokenFile) return { kind: 'token-file', path: relativeTo(dir, tokenFile) };
  const cert = pem(user, 'client-certificate', dir);
  const key = pem(user, 'client-key', dir);
  if (cert && key) return { kind: 'certificate', cert, key };
  const exec = user.exec as Record<string, unknown> | undefined;
  if (exec && typeof exec === 'object') {
    const command = stringField(exec, 'command');
    if (!command) throw new UserError(`${source}: user "${name}" has an exec plugin without a command`);
    const env: Record<string, string> = {};
    for (const entry of Array.isArray(exec.env) ? exec.env : []) {
      if (entry && typeof entry.name === 'string') env[entry.name] = String(entry.value ?? '');
    }
    const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
    const apiVersion = stringField(exec, 'apiVersion') ?? 'client.authentication.k8s.io/v1';
    return { kind: 'exec', exec: { command, args, env, apiVersion, user: name, cwd: dir } };
  }
  if (user['auth-provider']) {
    throw new UserError(`${source}: user "${name}" uses an auth-provider, which was removed from Kubernetes`, {
      hint: 'use an exec plugin (gke-gcloud-auth-plugin, aws eks get-token) or a token',
    });
  }
  if (user.username !== undefined)
    throw new UserError(`${source}: user "${name}" uses a username and password, which Kubernetes no longer accepts`, {
      hint: 'use a token, a client certificate or an exec plugin',
    });
  return { kind: 'none' };
}

/** `<field>-data` (base64 PEM) or `<field>` (a path); undefined when neither is set. */
function pem(object: Record<string, unknown>, field: string, dir: string | undefined): string | undefined {
  const data = stringField(object, `${field}-data`);
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const path = stringField(object, field);
  if (!path) return undefined;
  const full = relativeTo(dir, path);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${field} ${full} named in the kubeconfig: ${(error as Error).message}`);
  }
}

function relativeTo(dir: string | undefined, path: string): string {
  return isAbsolute(path) || !dir ? path : join(dir, path);
}

function stringField(object: Record<string, unknown>, field: string): string | undefined {
  const value = object[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
