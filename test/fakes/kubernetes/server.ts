// A loopback fake of the Kubernetes API server for pods and secrets in namespaces: create, get,
// list (label selectors), delete and watch, answering as the real one does — Status objects for
// errors, resourceVersion on every object and list, uid and creationTimestamp on create, garbage
// collection of objects owned by a deleted pod. Every pod and secret it receives is validated
// against Kubernetes' own schemas (the `kubernetes-models` package); an invalid one is refused
// with 422 and recorded in `violations`. Plain HTTP, or HTTPS with TLS client certificates.
//
//   const kube = await KubeFake.start({ tokens: ['t0k3n'] });
//   kube.behaviour = 'run';              // created pods are scheduled and run ('unschedulable', 'image-pull-error', 'pending')

import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { Pod as PodModel } from 'kubernetes-models/v1/Pod';
import { Secret as SecretModel } from 'kubernetes-models/v1/Secret';

/** Kubernetes' ObjectMeta, with the name every object here has. */
export type ObjectMeta = IObjectMeta & { name: string };
export interface Container {
  name: string;
  image: string;
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  [field: string]: unknown;
}
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { nodeName?: string; containers: Container[]; [field: string]: unknown };
  status?: Record<string, unknown>;
  [field: string]: unknown;
}
export type Behaviour = 'run' | 'pending' | 'unschedulable' | 'image-pull-error';
type Kind = 'pods' | 'secrets';

export interface RecordedRequest {
  method: string;
  path: string;
  at: number;
  body: unknown;
}

export interface KubeFakeOptions {
  /** Bearer tokens accepted. */
  tokens?: string[];
  /** HTTPS with this key and certificate; client certificates signed by `ca` are accepted as users. */
  tls?: { key: string; cert: string; ca: string };
}

interface Watcher {
  kind: Kind;
  namespace: string;
  selector: (labels: Record<string, string>) => boolean;
  response: ServerResponse;
}

export class KubeFake {
  readonly objects = { pods: new Map<string, KubeObject>(), secrets: new Map<string, KubeObject>() };
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly tokens: Set<string>;
  /** What happens to a pod once created. */
  behaviour: Behaviour = 'run';
  /** Called once a created pod runs (behaviour 'run'): a test can bring its runner online. */
  onPodRunning: ((pod: KubeObject) => void) | undefined;
  /** "create pods", "delete secrets", ...: answered 403 Forbidden. */
  readonly forbidden = new Set<string>();
  /** When set, the only "verb kind" pairs allowed (a Role's rules); everything else is 403. */
  allowOnly: Set<string> | undefined;
  private version = 1000;
  private readonly watchers = new Set<Watcher>();
  private server!: Server;
  url = '';

  private constructor(private readonly options: KubeFakeOptions) {
    this.tokens = new Set(options.tokens ?? []);
  }

  static async start(options: KubeFakeOptions = {}): Promise<KubeFake> {
    const fake = new KubeFake(options);
    const handler = (request: IncomingMessage, response: ServerResponse): void => void fake.handle(request, response);
    fake.server = options.tls ? createHttpsServer({ ...options.tls, requestCert: true, rejectUnauthorized: false }, handler) : createHttpServer(handler);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    for (const watcher of this.watchers) watcher.response.end();
    this.watchers.clear();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  pods(namespace?: string): KubeObject[] {
    return [...this.objects.pods.values()].filter((pod) => namespace === undefined || pod.metadata.namespace === namespace);
  }

  secrets(namespace?: string): KubeObject[] {
    return [...this.objects.secrets.values()].filter((secret) => namespace === undefined || secret.metadata.namespace === namespace);
  }

  /** Puts an object in place as if someone else had created it. */
  seed(kind: Kind, object: KubeObject): KubeObject {
    const stored = this.stamp({ ...object, metadata: { namespace: 'default', ...object.metadata } });
    this.objects[kind].set(key(stored.metadata.namespace ?? 'default', stored.metadata.name), stored);
    return stored;
  }

  /** Moves a pod to a new phase (the runner finished: Succeeded), as the kubelet would. */
  setPhase(namespace: string, name: string, phase: string, extra: Record<string, unknown> = {}): void {
    const pod = this.objects.pods.get(key(namespace, name));
    if (!pod) throw new Error(`no pod ${namespace}/${name}`);
    pod.status = { ...pod.status, phase, ...extra };
    this.modified('pods', pod);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return this.status(response, 400, 'BadRequest', 'the body is not JSON');
    }
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname + url.search, at: Date.now(), body });

    if (!this.authenticated(request)) return this.status(response, 401, 'Unauthorized', 'Unauthorized');
    const match = /^\/api\/v1\/namespaces\/([a-z0-9-]+)\/(pods|secrets)(?:\/([a-z0-9.-]+))?$/.exec(url.pathname);
    if (!match) return this.status(response, 404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
    const [, namespace = '', kind = 'pods', name] = match as unknown as [string, string, Kind, string | undefined];
    const method = request.method ?? 'GET';
    const verb = method === 'POST' ? 'create' : method === 'DELETE' ? 'delete' : name ? 'get' : url.searchParams.get('watch') === 'true' ? 'watch' : 'list';
    if (this.forbidden.has(`${verb} ${kind}`) || (this.allowOnly && !this.allowOnly.has(`${verb} ${kind}`))) {
      const singular = kind.slice(0, -1);
      return this.status(
        response,
        403,
        'Forbidden',
        `${kind}${name ? ` "${name}"` : ''} is forbidden: User "ci" cannot ${verb} resource "${kind}" in API group "" in the namespace "${namespace}"`,
        { kind: singular },
      );
    }
    if (verb === 'create') return this.create(response, kind, namespace, body as KubeObject);
    if (verb === 'get') {
      const found = this.objects[kind].get(key(namespace, name!));
      return found ? this.json(response, 200, found) : this.notFound(response, kind, name!);
    }
    if (verb === 'delete') return this.remove(response, kind, namespace, name!);
    const selector = parseSelector(url.searchParams.get('labelSelector') ?? '');
    if (verb === 'watch') return this.watch(response, kind, namespace, selector);
    const items = [...this.objects[kind].values()].filter((object) => object.metadata.namespace === namespace && selector(object.metadata.labels ?? {}));
    return this.json(response, 200, {
      kind: kind === 'pods' ? 'PodList' : 'SecretList',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(this.version) },
      items,
    });
  }

  private authenticated(request: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return this.tokens.has(bearer);
    const socket = request.socket as TLSSocket;
    return Boolean(this.options.tls && socket.authorized && socket.getPeerCertificate?.()?.subject);
  }

  private create(response: ServerResponse, kind: Kind, namespace: string, object: KubeObject): void {
    const problems = validate(kind, object);
    if (problems) {
      this.violations.push(`${kind}: ${problems}`);
      return this.status(response, 422, 'Invalid', `${kind === 'pods' ? 'Pod' : 'Secret'} "${object?.metadata?.name ?? ''}" is invalid: ${problems}`);
    }
    if (object.metadata.namespace && object.metadata.namespace !== namespace)
      return this.status(response, 400, 'BadRequest', 'the namespace of the object does not match the namespace of the request');
    const id = key(namespace, object.metadata.name);
    if (this.objects[kind].has(id))
      return this.status(response, 409, 'AlreadyExists', `${kind} "${object.metadata.name}" already exists`, { name: object.metadata.name, kind });
    for (const owner of object.metadata.ownerReferences ?? []) {
      const pod = this.objects.pods.get(key(namespace, owner.name));
      if (owner.kind === 'Pod' && (!pod || pod.metadata.uid !== owner.uid))
        this.violations.push(`${kind}/${object.metadata.name}: owner pod ${owner.name} with uid ${owner.uid} does not exist`);
    }
    const stored = this.stamp({ ...object, metadata: { ...object.metadata, namespace } });
    if (kind === 'pods') stored.status = { phase: 'Pending', conditions: [] };
    this.objects[kind].set(id, stored);
    this.notify('ADDED', kind, stored);
    if (kind === 'pods') setImmediate(() => this.progress(namespace, stored.metadata.name));
    this.json(response, 201, stored);
  }

  /** What the scheduler and the kubelet do to a new pod, per `behaviour`. */
  private progress(namespace: string, name: string): void {
    const pod = this.objects.pods.get(key(namespace, name));
    if (!pod) return;
    if (this.behaviour === 'unschedulable') {
      pod.status = {
        ...pod.status,
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.' }],
      };
    } else if (this.behaviour === 'image-pull-error') {
      pod.spec!.nodeName = 'node-1';
      const image = pod.spec!.containers[0]!.image;
      pod.status = {
        ...pod.status,
        containerStatuses: [
          { name: 'runner', ready: false, state: { waiting: { reason: 'ErrImagePull', message: `failed to pull image "${image}": not found` } } },
        ],
      };
    } else if (this.behaviour === 'run') {
      pod.spec!.nodeName = 'node-1';
      pod.status = {
        phase: 'Running',
        conditions: [{ type: 'PodScheduled', status: 'True' }],
        containerStatuses: [{ name: 'runner', ready: true, state: { running: { startedAt: new Date().toISOString() } } }],
      };
    } else return;
    this.modified('pods', pod);
    if (this.behaviour === 'run') this.onPodRunning?.(pod);
  }

  private remove(response: ServerResponse, kind: Kind, namespace: string, name: string): void {
    const id = key(namespace, name);
    const found = this.objects[kind].get(id);
    if (!found) return this.notFound(response, kind, name);
    this.objects[kind].delete(id);
    this.notify('DELETED', kind, found);
    // The garbage collector: what the deleted object owned goes with it.
    for (const other of ['pods', 'secrets'] as const) {
      for (const [otherId, owned] of this.objects[other]) {
        if ((owned.metadata.ownerReferences ?? []).some((owner) => owner.uid === found.metadata.uid)) {
          this.objects[other].delete(otherId);
          this.notify('DELETED', other, owned);
        }
      }
    }
    this.json(response, 200, found);
  }

  private watch(response: ServerResponse, kind: Kind, namespace: string, selector: Watcher['selector']): void {
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const watcher: Watcher = { kind, namespace, selector, response };
    this.watchers.add(watcher);
    for (const object of this.objects[kind].values()) {
      if (object.metadata.namespace === namespace && selector(object.metadata.labels ?? {})) response.write(JSON.stringify({ type: 'ADDED', object }) + '\n');
    }
    response.on('close', () => this.watchers.delete(watcher));
  }

  private modified(kind: Kind, object: KubeObject): void {
    object.metadata.resourceVersion = String(++this.version);
    this.notify('MODIFIED', kind, object);
  }

  private notify(type: string, kind: Kind, object: KubeObject): void {
    for (const watcher of this.watchers) {
      if (watcher.kind === kind && watcher.namespace === object.metadata.namespace && watcher.selector(object.metadata.labels ?? {}))
        watcher.response.write(JSON.stringify({ type, object }) + '\n');
    }
  }

  private stamp(object: KubeObject): KubeObject {
    return {
      ...structuredClone(object),
      metadata: {
        ...structuredClone(object.metadata),
        uid: randomUUID(),
        resourceVersion: String(++this.version),
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
  }

  private notFound(response: ServerResponse, kind: Kind, name: string): void {
    this.status(response, 404, 'NotFound', `${kind} "${name}" not found`, { name, kind });
  }

  private status(response: ServerResponse, code: number, reason: string, message: string, details?: Record<string, unknown>): void {
    this.json(response, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...(details ? { details } : {}) });
  }

  private json(response: ServerResponse, code: number, body: unknown): void {
    response.writeHead(code, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Equality selectors joined by commas (`a=b,c=d`), as the runner uses them. */
function parseSelector(text: string): (labels: Record<string, string>) => boolean {
  const terms = text
    .split(',')
    .filter((term) => term !== '')
    .map((term) => term.split('=') as [string, string]);
  return (labels) => terms.every(([name, value]) => labels[name] === value);
}

/** Kubernetes' own schema, plus what the API server checks beyond it (names, required fields). */
function validate(kind: Kind, object: KubeObject): string | undefined {
  if (!object || typeof object !== 'object' || !object.metadata) return 'metadata: Required value';
  const name = object.metadata.name;
  if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name)) return `metadata.name: Invalid value: "${name}"`;
  try {
    (kind === 'pods' ? new PodModel(object as never) : new SecretModel(object as never)).validate();
  } catch (error) {
    return (error as Error).message;
  }
  if (kind === 'pods') {
    const containers = object.spec?.containers;
    if (!Array.isArray(containers) || containers.length === 0) return 'spec.containers: Required value';
    for (const container of containers) {
      const limits = container.resources?.limits ?? {};
      const requests = container.resources?.requests ?? {};
      for (const [resource, value] of Object.entries(requests) as [string, string][]) {
        if (resource.includes('/') && limits[resource] !== value) return `spec.containers[].resources.requests[${resource}]: must be equal to the limit`;
      }
    }
  }
  return undefined;
}
