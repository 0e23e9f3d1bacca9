// A loopback fake of Google Cloud for the runner: the OAuth2 token endpoint (verifies a service
// account's RS256 JWT against its public key), Google's STS token exchange and service-account
// impersonation (workload identity), GitHub's OIDC token URL, and the Compute Engine v1 calls
// the provider makes (instances insert/get/delete/aggregatedList, regions.get, zone operations
// wait). insert bodies are checked against the pruned discovery schema; errors come back in
// Google's shape. Stockouts and quota refusals are scripted per test.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { validateDiscovery, type DiscoverySchema } from './discovery-validator.js';
import { LoopbackJsonServer, StatusError, sendJson as send } from '../loopback-json.js';

const SCHEMA = JSON.parse(readFileSync(new URL('./compute-v1-schema.json', import.meta.url), 'utf8')) as { schemas: Record<string, DiscoverySchema> };

export interface FakeGceInstance {
  name: string;
  zone: string;
  status: string;
  statusMessage?: string;
  body: Record<string, unknown>;
  createdAt: Date;
}

export interface GceRefusal {
  code: string;
  zone?: string;
  machineType?: string;
  provisioningModel?: 'SPOT' | 'STANDARD';
}

/** `code` is Google's reason (notFound, invalid, ...). */
class GoogleError extends StatusError {}

export class FakeGcp extends LoopbackJsonServer {
  readonly instances = new Map<string, FakeGceInstance>();
  readonly violations: string[] = [];
  readonly inserts: { zone: string; body: Record<string, unknown> }[] = [];
  refusals: GceRefusal[] = [];
  zones: Record<string, string[]> = { 'us-east1': ['us-east1-b', 'us-east1-c', 'us-east1-d'], 'us-west1': ['us-west1-a', 'us-west1-b'] };
  project = 'ml-project';
  /** Service accounts whose JWTs are accepted: email -> public key. */
  readonly serviceAccounts = new Map<string, KeyObject>();
  /** Workload identity: the OIDC token GitHub hands out, and the request token it wants for it. */
  oidc = { requestToken: 'oidc-request-token-0123456789', idToken: 'eyJhbGciOiJSUzI1NiJ9.github-oidc.sig', audience: '' };
  onInsert: ((instance: FakeGceInstance) => void) | undefined;
  readonly tokens = new Set<string>();
  get computeRoot(): string {
    return `${this.url}/compute/v1/`;
  }

  /** An instance as a previous launch (or someone else) left it. */
  seed(
    instance: Omit<FakeGceInstance, 'createdAt' | 'body'> & { labels?: Record<string, string>; metadata?: Record<string, string>; machineType?: string },
  ): FakeGceInstance {
    const body = {
      machineType: `zones/${instance.zone}/machineTypes/${instance.machineType ?? 'n2-standard-8'}`,
      labels: instance.labels ?? {},
      metadata: { items: Object.entries(instance.metadata ?? {}).map(([key, value]) => ({ key, value })) },
    };
    const stored = {
      name: instance.name,
      zone: instance.zone,
      status: instance.status,
      ...(instance.statusMessage ? { statusMessage: instance.statusMessage } : {}),
      body,
      createdAt: new Date(),
    };
    this.instances.set(`${instance.zone}/${instance.name}`, stored);
    return stored;
  }

  protected async handle(request: IncomingMessage, url: URL, raw: string, response: ServerResponse): Promise<void> {
    try {
      const answer = await this.route(request.method ?? 'GET', url, raw, request.headers.authorization);
      send(response, 200, answer);
    } catch (error) {
      if (error instanceof GoogleError) {
        send(response, error.status, {
          error: { code: error.status, message: error.message, errors: [{ message: error.message, domain: 'global', reason: error.code }] },
        });
      } else if (error instanceof OAuthError) {
        send(response, error.status, { error: error.code, error_description: error.message });
      } else {
        send(response, 500, { error: { code: 500, message: String(error) } });
      }
    }
  }

  private async route(method: string, url: URL, raw: string, authorization: string | undefined): Promise<unknown> {
    if (method === 'POST' && url.pathname === '/token') return this.jwtGrant(new URLSearchParams(raw));
    if (method === 'POST' && url.pathname === '/sts/v1/token') return this.stsExchange(new URLSearchParams(raw));
    if (method === 'GET' && url.pathname === '/oidc') {
      if (authorization !== `Bearer ${this.oidc.requestToken}`) throw new OAuthError(401, 'unauthorized', 'bad request token');
      this.oidc.audience = url.searchParams.get('audience') ?? '';
      return { value: this.oidc.idToken };
    }
    const impersonate = /^\/iam\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url.pathname);
    if (method === 'POST' && impersonate) {
      if (!authorization?.startsWith('Bearer federated-')) throw new GoogleError(401, 'authError', 'Request had invalid authentication credentials.');
      const token = `ya29.impersonated-${randomBytes(8).toString('hex')}`;
      this.tokens.add(token);
      return { accessToken: token, expireTime: new Date(Date.now() + 3600_000).toISOString() };
    }
    const compute = /^\/compute\/v1\/projects\/([^/]+)\/(.*)$/.exec(url.pathname);
    if (!compute) throw new GoogleError(404, 'notFound', `no route ${method} ${url.pathname}`);
    if (!authorization?.startsWith('Bearer ') || !this.tokens.has(authorization.slice(7))) {
      throw new GoogleError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
    }
    if (compute[1] !== this.project) throw new GoogleError(404, 'notFound', `The resource 'projects/${compute[1]}' was not found`);
    return this.compute(method, compute[2]!, url.searchParams, raw);
  }

  private jwtGrant(form: URLSearchParams): unknown {
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') throw new OAuthError(400, 'unsupported_grant_type', 'Invalid grant_type');
    const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
    const decoded = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString('utf8') || '{}') as {
      iss?: string;
      aud?: string;
      scope?: string;
      exp?: number;
      iat?: number;
    };
    const key = this.serviceAccounts.get(decoded.iss ?? '');
    if (!key) throw new OAuthError(400, 'invalid_grant', 'Invalid grant: account not found');
    const valid = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(key, Buffer.from(signature ?? '', 'base64url'));
    if (!valid) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    if (decoded.aud !== `${this.url}/token`) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: audience');
    const now = Date.now() / 1000;
    if (!decoded.exp || !decoded.iat || decoded.exp < now || decoded.exp - decoded.iat > 3600)
      throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token');
    if (!decoded.scope?.split(' ').includes('https://www.googleapis.com/auth/cloud-platform')) throw new OAuthError(400, 'invalid_scope', 'scope');
    const token = `ya29.sa-${randomBytes(8).toString('hex')}`;
    this.tokens.add(token);
    return { access_token: token, expires_in: 3599, token_type: 'Bearer' };
  }

  private stsExchange(form: URLSearchParams): unknown {
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange') throw new OAuthError(400, 'invalid_request', 'grant_type');
    if (form.get('subject_token') !== this.oidc.idToken) throw new OAuthError(400, 'invalid_grant', 'The given subject token is invalid');
    if (!form.get('audience')?.startsWith('//iam.googleapis.com/projects/')) throw new OAuthError(400, 'invalid_target', 'audience');
    return {
      access_token: `federated-${randomBytes(8).toString('hex')}`,
      expires_in: 3600,
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    };
  }

  private compute(method: string, path: string, query: URLSearchParams, raw: string): unknown {
    const region = /^regions\/([^/]+)$/.exec(path);
    if (method === 'GET' && region) {
      const zones = this.zones[region[1]!];
      if (!zones) throw new GoogleError(404, 'notFound', `The resource 'projects/${this.project}/regions/${region[1]}' was not found`);
      return { kind: 'compute#region', name: region[1], zones: zones.map((zone) => `${this.computeRoot}projects/${this.project}/zones/${zone}`) };
    }
    if (method === 'GET' && path === 'aggregated/instances') return this.aggregated(query.get('filter') ?? '');
    const wait = /^zones\/([^/]+)\/operations\/([^/]+)\/wait$/.exec(path);
    if (method === 'POST' && wait) return { kind: 'compute#operation', name: wait[2], zone: wait[1], status: 'DONE' };
    const collection = /^zones\/([^/]+)\/instances$/.exec(path);
    if (method === 'POST' && collection) return this.insert(collection[1]!, JSON.parse(raw) as Record<string, unknown>);
    const one = /^zones\/([^/]+)\/instances\/([^/]+)$/.exec(path);
    if (one) {
      const key = `${one[1]}/${one[2]}`;
      const instance = this.instances.get(key);
      if (!instance) throw new GoogleError(404, 'notFound', `The resource 'projects/${this.project}/zones/${one[1]}/instances/${one[2]}' was not found`);
      if (method === 'GET') return this.view(instance);
      if (method === 'DELETE') {
        this.instances.delete(key);
        return operation(one[1]!, 'delete', 'RUNNING');
      }
    }
    throw new GoogleError(404, 'notFound', `no route ${method} ${path}`);
  }

  private insert(zone: string, body: Record<string, unknown>): unknown {
    this.violations.push(...validateDiscovery(body, { $ref: 'Instance' }, SCHEMA.schemas).map((problem) => `instances.insert ${problem}`));
    this.inserts.push({ zone, body });
    const name = String(body.name ?? '');
    if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name))
      throw new GoogleError(
        400,
        'invalid',
        `Invalid value for field 'resource.name': '${name}'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'`,
      );
    if (this.instances.has(`${zone}/${name}`))
      throw new GoogleError(409, 'alreadyExists', `The resource 'projects/${this.project}/zones/${zone}/instances/${name}' already exists`);
    const machineType = String(body.machineType ?? '')
      .split('/')
      .pop();
    const model = (body.scheduling as { provisioningModel?: 'SPOT' | 'STANDARD' } | undefined)?.provisioningModel ?? 'STANDARD';
    const refusal = this.refusals.find(
      (candidate) =>
        (!candidate.zone || candidate.zone === zone) &&
        (!candidate.machineType || candidate.machineType === machineType) &&
        (!candidate.provisioningModel || candidate.provisioningModel === model),
    );
    if (refusal) {
      return {
        ...operation(zone, 'insert', 'DONE'),
        httpErrorStatusCode: 503,
        error: {
          errors: [
            {
              code: refusal.code,
              message: `The zone 'projects/${this.project}/zones/${zone}' does not have enough resources available to fulfill the request (${refusal.code}).`,
            },
          ],
        },
      };
    }
    const instance: FakeGceInstance = { name, zone, status: 'PROVISIONING', body, createdAt: new Date() };
    this.instances.set(`${zone}/${name}`, instance);
    this.onInsert?.(instance);
    return operation(zone, 'insert', 'RUNNING');
  }

  private aggregated(filter: string): unknown {
    const wanted = [...filter.matchAll(/labels\.([a-z0-9_-]+) = "([^"]*)"/g)].map((match) => [match[1]!, match[2]!] as const);
    if (wanted.length === 0 && filter.trim() !== '') throw new GoogleError(400, 'invalid', `Invalid value for field 'filter': '${filter}'`);
    const items: Record<string, { instances: unknown[] }> = {};
    for (const instance of this.instances.values()) {
      const labels = (instance.body.labels ?? {}) as Record<string, string>;
      if (!wanted.every(([key, value]) => labels[key] === value)) continue;
      (items[`zones/${instance.zone}`] ??= { instances: [] }).instances.push(this.view(instance));
    }
    return { kind: 'compute#instanceAggregatedList', items };
  }

  private view(instance: FakeGceInstance): unknown {
    return {
      ...instance.body,
      kind: 'compute#instance',
      name: instance.name,
      zone: `${this.computeRoot}projects/${this.project}/zones/${instance.zone}`,
      machineType: `${this.computeRoot}projects/${this.project}/${String(instance.body.machineType)}`,
      status: instance.status,
      ...(instance.statusMessage ? { statusMessage: instance.statusMessage } : {}),
      creationTimestamp: instance.createdAt.toISOString(),
    };
  }
}

class OAuthError extends StatusError {}

function operation(zone: string, kind: string, status: string): Record<string, unknown> {
  return { kind: 'compute#operation', name: `operation-${Date.now()}-${randomBytes(4).toString('hex')}`, operationType: kind, zone, status };
}
