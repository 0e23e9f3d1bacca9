// The few Kubernetes API calls the pod provider makes — create, get, list and delete pods and
// secrets in one namespace — over the project's HTTP client (src/http/fetch.ts) with the cluster's
// CA and, for certificate users, a TLS client certificate. Errors come back as the API's Status
// object; refused credentials and missing permissions become one line naming what to fix.

import { Agent as HttpsAgent } from 'node:https';
import { UserError } from '../../errors.js';
import { connectionFailureOf, createHttpFetch } from '../../http/fetch.js';
import type { CredentialSource } from './exec-credential.js';
import type { ClusterAccess } from './kubeconfig.js';

export type Kind = 'pods' | 'secrets';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  resourceVersion?: string;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The API answered with an error Status: one line with the cluster's own message. */
export class KubeApiError extends UserError {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export interface KubeClient {
  readonly namespace: string;
  create<T extends KubeObject>(kind: Kind, object: T): Promise<T>;
  /** undefined when the object does not exist. */
  get<T extends KubeObject>(kind: Kind, name: string): Promise<T | undefined>;
  list<T extends KubeObject>(kind: Kind, labelSelector: string): Promise<T[]>;
  /** False when it was already gone. */
  remove(kind: Kind, name: string): Promise<boolean>;
}

const TIMEOUT_MS = 30_000;
const MAX_PAGES = 50;

export function createKubeClient(access: ClusterAccess, namespace: string, credentials: CredentialSource): KubeClient {
  const fetches = new Map<string, typeof fetch>();
  const fetchFor = (cert: string | undefined, key: string | undefined): typeof fetch => {
    const id = cert ?? '';
    let found = fetches.get(id);
    if (!found) {
      const tls = { ca: access.ca, cert, key, rejectUnauthorized: !access.insecureSkipTlsVerify, servername: access.tlsServerName, keepAlive: true };
      found = createHttpFetch({ timeoutMs: TIMEOUT_MS, httpsAgent: new HttpsAgent(tls) });
      fetches.set(id, found);
    }
    return found;
  };
  const base = `${access.server}/api/v1/namespaces/${encodeURIComponent(namespace)}`;

  async function call(method: string, path: string, body?: unknown, retried = false): Promise<{ status: number; json: unknown }> {
    const credential = await credentials.get();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credential.token) headers.authorization = `Bearer ${credential.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchFor(credential.cert, credential.key)(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const failure = connectionFailureOf(error);
      throw new UserError(`cannot reach the Kubernetes API at ${access.server}: ${failure?.reason ?? (error as Error).message}`, {
        hint: `check the cluster's address and network access (credentials from ${access.source})`,
        cause: error,
      });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status === 401 && !retried) {
      credentials.invalidate();
      return call(method, path, body, true);
    }
    return { status: response.status, json };
  }

  function fail(status: number, json: unknown, what: string): never {
    const statusObject = (json ?? {}) as { reason?: string; message?: string };
    const message = statusObject.message ?? `HTTP ${status}`;
    if (status === 401) {
      throw new UserError(`the Kubernetes API at ${access.server} refused the credentials from ${access.source} (401 Unauthorized)`, {
        hint: 'the token or certificate is wrong or expired: refresh KUBECONFIG_DATA, or log in again for an exec plugin',
      });
    }
    if (status === 403) {
      throw new UserError(`not allowed to ${what} in namespace ${namespace}: ${message}`, {
        hint: 'bind the credential to a Role allowing create, get, list and delete on pods and create and delete on secrets there (examples/runner/kubernetes-rbac.yaml)',
      });
    }
    throw new KubeApiError(status, statusObject.reason ?? 'Unknown', `could not ${what} in namespace ${namespace}: ${message}`);
  }

  return {
    namespace,
    async create(kind, object) {
      const { status, json } = await call('POST', `/${kind}`, object);
      if (status !== 201 && status !== 200) fail(status, json, `create ${kind}`);
      return json as typeof object;
    },
    async get(kind, name) {
      const { status, json } = await call('GET', `/${kind}/${encodeURIComponent(name)}`);
      if (status === 404) return undefined;
      if (status !== 200) fail(status, json, `get ${kind}/${name}`);
      return json as never;
    },
    async list(kind, labelSelector) {
      const items: never[] = [];
      let token = '';
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const query = new URLSearchParams({ labelSelector, limit: '500', ...(token ? { continue: token } : {}) });
        const { status, json } = await call('GET', `/${kind}?${query.toString()}`);
        if (status !== 200) fail(status, json, `list ${kind}`);
        const list = json as { items?: never[]; metadata?: { continue?: string } };
        items.push(...(list.items ?? []));
        token = list.metadata?.continue ?? '';
        if (!token) break;
      }
      return items;
    },
    async remove(kind, name) {
      const { status, json } = await call('DELETE', `/${kind}/${encodeURIComponent(name)}`, {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: 'Background',
        gracePeriodSeconds: 5,
      });
      if (status === 404) return false;
      if (status !== 200 && status !== 202) fail(status, json, `delete ${kind}/${name}`);
      return true;
    },
  };
}
