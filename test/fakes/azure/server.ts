// A loopback fake of Azure for the runner: Microsoft Entra's v2.0 token endpoint (client secret or
// federated client assertion, checked against what it issued), GitHub's OIDC token URL, and the
// Resource Manager calls the provider makes (resource groups put/get/delete/list by tag, network
// resources and virtual machines put/get/delete), with long-running operations behind
// Azure-AsyncOperation and Location headers. Request bodies are checked against the pruned REST
// specification beside this file; errors come back in ARM's shape. Refusals are scripted per test.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { validateDiscovery, type DiscoverySchema } from '../gcp/discovery-validator.js';
import { LoopbackJsonServer, StatusError, sendJson as send } from '../loopback-json.js';

const SPEC = JSON.parse(readFileSync(new URL('./arm-schema.json', import.meta.url), 'utf8')) as { schemas: Record<string, DiscoverySchema> };
const SCHEMA_OF: Readonly<Record<string, string>> = {
  'Microsoft.Network/networkSecurityGroups': 'NetworkSecurityGroup',
  'Microsoft.Network/publicIPAddresses': 'PublicIPAddress',
  'Microsoft.Network/natGateways': 'NatGateway',
  'Microsoft.Network/virtualNetworks': 'VirtualNetwork',
  'Microsoft.Network/networkInterfaces': 'NetworkInterface',
  'Microsoft.Compute/virtualMachines': 'VirtualMachine',
};

export interface FakeVm {
  size: string;
  priority: string;
  powerState: string;
  provisioningState: string;
  body: Record<string, unknown>;
  createdAt: Date;
}

export interface FakeGroup {
  name: string;
  location: string;
  tags: Record<string, string>;
  provisioningState: string;
  /** `Microsoft.Network/natGateways/name` -> body. */
  resources: Map<string, Record<string, unknown>>;
  vm: FakeVm | undefined;
}

export interface VmRefusal {
  code: string;
  size?: string;
  priority?: 'Spot' | 'Regular';
}

/** Written as ARM's { error: { code, message } }. */
class ArmFault extends StatusError {}
/** Written as Entra's { error, error_description }. */
class EntraFault extends StatusError {}

export class FakeAzure extends LoopbackJsonServer {
  readonly groups = new Map<string, FakeGroup>();
  readonly violations: string[] = [];
  readonly puts: { type: string; group: string; body: Record<string, unknown> }[] = [];
  refusals: VmRefusal[] = [];
  subscription = '00000000-0000-0000-0000-00000000abcd';
  tenant = 'contoso.onmicrosoft.com';
  app = { clientId: '11111111-2222-3333-4444-555555555555', secret: 'az-secret~0123456789abcdefABCDEF' };
  /** The workflow's OIDC token and the request token GitHub wants for it. */
  oidc = { requestToken: 'oidc-request-token-azure-0123456789', idToken: 'eyJhbGciOiJSUzI1NiJ9.github-oidc-azure.sig', audience: '' };
  onVm: ((group: FakeGroup) => void) | undefined;
  readonly tokens = new Set<string>();
  private readonly operations = new Map<string, { polls: number; error?: { code: string; message: string }; then?: () => void }>();
  get armRoot(): string {
    return `${this.url}/arm/`;
  }

  get authorityHost(): string {
    return `${this.url}/login/`;
  }

  /** A resource group as a previous launch (or someone else) left it. */
  seed(name: string, tags: Record<string, string>, vm?: { powerState: string; size?: string; priority?: string }, location = 'eastus'): FakeGroup {
    const group: FakeGroup = { name, location, tags, provisioningState: 'Succeeded', resources: new Map(), vm: undefined };
    if (vm)
      group.vm = {
        size: vm.size ?? 'Standard_F8s_v2',
        priority: vm.priority ?? 'Regular',
        powerState: vm.powerState,
        provisioningState: 'Succeeded',
        body: {},
        createdAt: new Date(),
      };
    this.groups.set(name.toLowerCase(), group);
    return group;
  }

  protected handle(request: IncomingMessage, url: URL, raw: string, response: ServerResponse): void {
    try {
      const { status = 200, body, headers = {} } = this.route(request.method ?? 'GET', url, raw, request.headers.authorization);
      send(response, status, body, headers);
    } catch (error) {
      if (error instanceof ArmFault) send(response, error.status, { error: { code: error.code, message: error.message } });
      else if (error instanceof EntraFault)
        send(response, error.status, {
          error: error.code,
          error_description: `${error.message}\r\nTrace ID: 0f1e\r\nCorrelation ID: 9a8b\r\nTimestamp: 2026-01-01 00:00:00Z`,
          error_codes: [7000215],
        });
      else send(response, 500, { error: { code: 'InternalServerError', message: String(error) } });
    }
  }

  private route(method: string, url: URL, raw: string, authorization: string | undefined): Answer {
    const token = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (method === 'POST' && token) return { body: this.grant(decodeURIComponent(token[1]!), new URLSearchParams(raw)) };
    if (method === 'GET' && url.pathname === '/oidc') {
      if (authorization !== `Bearer ${this.oidc.requestToken}`) throw new EntraFault(401, 'unauthorized', 'bad request token');
      this.oidc.audience = url.searchParams.get('audience') ?? '';
      return { body: { value: this.oidc.audience === 'api://AzureADTokenExchange' ? this.oidc.idToken : 'token-for-another-audience' } };
    }
    if (!url.pathname.startsWith('/arm/')) throw new ArmFault(404, 'NotFound', `no route ${method} ${url.pathname}`);
    if (!authorization?.startsWith('Bearer ') || !this.tokens.has(authorization.slice(7)))
      throw new ArmFault(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    const operation = /^\/arm\/operations\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && operation) return this.poll(operation[1]!, url.searchParams.get('kind') ?? 'async');
    if (!url.searchParams.get('api-version'))
      throw new ArmFault(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    const path = url.pathname.slice('/arm'.length);
    const sub = /^\/subscriptions\/([^/]+)\/(.*)$/i.exec(path);
    if (!sub) throw new ArmFault(404, 'NotFound', `no route ${method} ${path}`);
    if (sub[1] !== this.subscription) throw new ArmFault(404, 'SubscriptionNotFound', `The subscription '${sub[1]}' could not be found.`);
    return this.arm(method, sub[2]!, url.searchParams, raw);
  }

  private grant(tenant: string, form: URLSearchParams): unknown {
    if (tenant !== this.tenant) throw new EntraFault(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials') throw new EntraFault(400, 'unsupported_grant_type', 'AADSTS70003: grant_type');
    if (form.get('client_id') !== this.app.clientId)
      throw new EntraFault(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`);
    if (form.get('scope') !== `${this.url}/.default`)
      throw new EntraFault(400, 'invalid_scope', `AADSTS70011: The provided value for scope ${form.get('scope')} is not valid.`);
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (secret !== this.app.secret)
        throw new EntraFault(
          401,
          'invalid_client',
          'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        );
    } else if (assertion !== null) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
        throw new EntraFault(400, 'invalid_request', 'AADSTS50027: client_assertion_type');
      if (assertion !== this.oidc.idToken)
        throw new EntraFault(400, 'invalid_client', 'AADSTS700213: No matching federated identity record found for presented assertion.');
    } else {
      throw new EntraFault(401, 'invalid_client', 'AADSTS7000218: The request body must contain the following parameter: client_assertion or client_secret.');
    }
    const issued = `eyJ0eXAiOiJKV1Qi.arm-${randomBytes(8).toString('hex')}`;
    this.tokens.add(issued);
    return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: issued };
  }

  private arm(method: string, path: string, query: URLSearchParams, raw: string): Answer {
    if (method === 'GET' && /^resourcegroups$/i.test(path)) return { body: { value: this.tagged(query.get('$filter') ?? '') } };
    const groupMatch = /^resourcegroups\/([^/]+)(?:\/providers\/([^/]+\/[^/]+)\/([^/]+))?$/i.exec(path);
    if (!groupMatch) throw new ArmFault(404, 'NotFound', `no route ${method} ${path}`);
    const name = decodeURIComponent(groupMatch[1]!);
    const group = this.groups.get(name.toLowerCase());
    const type = groupMatch[2];
    if (!type) {
      if (method === 'PUT') {
        const body = JSON.parse(raw) as { location: string; tags?: Record<string, string> };
        this.violations.push(...validateDiscovery(body, { $ref: 'ResourceGroup' }, SPEC.schemas).map((problem) => `resourceGroups PUT ${problem}`));
        this.puts.push({ type: 'resourceGroups', group: name, body: body as unknown as Record<string, unknown> });
        const created: FakeGroup = group ?? { name, location: body.location, tags: {}, provisioningState: 'Succeeded', resources: new Map(), vm: undefined };
        created.tags = body.tags ?? {};
        this.groups.set(name.toLowerCase(), created);
        return { status: group ? 200 : 201, body: this.groupView(created) };
      }
      if (!group) throw new ArmFault(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
      if (method === 'GET') return { body: this.groupView(group) };
      if (method === 'DELETE') {
        group.provisioningState = 'Deleting';
        return this.started('location', undefined, () => this.groups.delete(name.toLowerCase()));
      }
    }
    if (!group) throw new ArmFault(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
    const resource = decodeURIComponent(groupMatch[3]!);
    if (type === 'Microsoft.Compute/virtualMachines') return this.vm(method, group, raw, query);
    const key = `${type}/${resource}`;
    if (method === 'PUT') {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const schema = SCHEMA_OF[type!];
      if (!schema) this.violations.push(`PUT ${type}: not a type this fake knows`);
      else this.violations.push(...validateDiscovery(body, { $ref: schema }, SPEC.schemas).map((problem) => `${type} PUT ${problem}`));
      this.puts.push({ type: type!, group: name, body });
      group.resources.set(key, body);
      return this.started('async', { ...body, name: resource, properties: { ...(body.properties as object), provisioningState: 'Updating' } });
    }
    if (method === 'GET' && group.resources.has(key)) return { body: group.resources.get(key) };
    throw new ArmFault(404, 'ResourceNotFound', `The Resource '${type}/${resource}' under resource group '${name}' was not found.`);
  }

  private vm(method: string, group: FakeGroup, raw: string, query: URLSearchParams): Answer {
    if (method === 'PUT') {
      const body = JSON.parse(raw) as {
        properties: { hardwareProfile: { vmSize: string }; priority?: string; networkProfile: { networkInterfaces: { id: string }[] } };
      };
      this.violations.push(...validateDiscovery(body, { $ref: 'VirtualMachine' }, SPEC.schemas).map((problem) => `virtualMachines PUT ${problem}`));
      this.puts.push({ type: 'Microsoft.Compute/virtualMachines', group: group.name, body: body as unknown as Record<string, unknown> });
      const priority = body.properties.priority ?? 'Regular';
      if (group.vm && group.vm.priority !== priority) throw new ArmFault(409, 'PropertyChangeNotAllowed', "Changing property 'priority' is not allowed.");
      const nic = body.properties.networkProfile.networkInterfaces[0]?.id ?? '';
      if (!group.resources.has(nic.replace(/^.*\/providers\//, '')))
        throw new ArmFault(400, 'InvalidResourceReference', `Resource ${nic} referenced by resource ${group.name}/runner was not found.`);
      const size = body.properties.hardwareProfile.vmSize;
      const refusal = this.refusals.find(
        (candidate) => (!candidate.size || candidate.size === size) && (!candidate.priority || candidate.priority === priority),
      );
      group.vm = {
        size,
        priority,
        powerState: 'starting',
        provisioningState: refusal ? 'Failed' : 'Succeeded',
        body: body as unknown as Record<string, unknown>,
        createdAt: new Date(),
      };
      const error = refusal
        ? {
            code: refusal.code,
            message: `Allocation failed. We do not have sufficient capacity for the requested VM size ${size} in this region (${refusal.code}).`,
          }
        : undefined;
      return this.started('async', this.vmView(group), refusal ? undefined : () => this.onVm?.(group), error);
    }
    if (!group.vm)
      throw new ArmFault(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.Compute/virtualMachines/runner' under resource group '${group.name}' was not found.`,
      );
    if (method === 'GET') return { body: this.vmView(group, query.get('$expand') === 'instanceView') };
    if (method === 'DELETE') return this.started('location', undefined, () => (group.vm = undefined));
    throw new ArmFault(405, 'MethodNotAllowed', method);
  }

  /** A long-running operation: one poll in progress, then done (`then` runs) or failed. */
  private started(kind: 'async' | 'location', body: unknown, then?: () => void, error?: { code: string; message: string }): Answer {
    const id = randomBytes(6).toString('hex');
    this.operations.set(id, { polls: 0, ...(error ? { error } : {}), ...(then ? { then } : {}) });
    const target = `${this.url}/arm/operations/${id}?kind=${kind}`;
    const headers: Record<string, string> =
      kind === 'async' ? { 'azure-asyncoperation': target, 'retry-after': '0' } : { location: target, 'retry-after': '0' };
    return { status: kind === 'async' ? 201 : 202, body, headers };
  }

  private poll(id: string, kind: string): Answer {
    const operation = this.operations.get(id);
    if (!operation) throw new ArmFault(404, 'NotFound', `no operation ${id}`);
    operation.polls++;
    if (operation.polls < 2)
      return kind === 'async' ? { body: { status: 'InProgress' }, headers: { 'retry-after': '0' } } : { status: 202, headers: { 'retry-after': '0' } };
    this.operations.delete(id);
    if (operation.error) return { body: { status: 'Failed', error: operation.error } };
    operation.then?.();
    return kind === 'async' ? { body: { status: 'Succeeded' } } : { status: 200 };
  }

  private tagged(filter: string): unknown[] {
    const match = /^tagName eq '([^']+)' and tagValue eq '([^']*)'$/.exec(filter);
    if (!match) throw new ArmFault(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
    return [...this.groups.values()].filter((group) => group.tags[match[1]!] === match[2]).map((group) => this.groupView(group));
  }

  private groupView(group: FakeGroup): unknown {
    return {
      id: `/subscriptions/${this.subscription}/resourceGroups/${group.name}`,
      name: group.name,
      type: 'Microsoft.Resources/resourceGroups',
      location: group.location,
      tags: group.tags,
      properties: { provisioningState: group.provisioningState },
    };
  }

  private vmView(group: FakeGroup, instanceView = false): unknown {
    const vm = group.vm!;
    const properties: Record<string, unknown> = {
      ...(vm.body.properties as Record<string, unknown>),
      hardwareProfile: { vmSize: vm.size },
      priority: vm.priority,
      provisioningState: vm.provisioningState,
      timeCreated: vm.createdAt.toISOString(),
    };
    // ARM never returns customData.
    const osProfile = properties.osProfile as Record<string, unknown> | undefined;
    if (osProfile) properties.osProfile = Object.fromEntries(Object.entries(osProfile).filter(([key]) => key !== 'customData'));
    if (instanceView) {
      properties.instanceView = {
        statuses: [
          { code: `ProvisioningState/${vm.provisioningState.toLowerCase()}` },
          { code: `PowerState/${vm.powerState}`, displayStatus: `VM ${vm.powerState}` },
        ],
      };
    }
    return { name: 'runner', location: group.location, tags: vm.body.tags ?? {}, properties };
  }
}

interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}
