// The few Compute Engine v1 calls the runner needs, over the one HTTP client: instances insert, get,
// aggregated list and delete, a region's zones, and zone operations followed with their `wait`
// method (the server holds each call up to two minutes; the number of calls is bounded). Errors
// are read in Google's own shape ({ error: { code, message, errors: [{ reason }] } }, and an
// operation's error.errors[].code).

import { requestJson, type JsonResponse } from '../../http/json.js';
import type { GoogleTokenSource } from './auth.js';

/** At most this many `wait` calls per operation (each up to two minutes on Google's side). */
const MAX_OPERATION_WAITS = 15;
const MAX_PAGES = 20;

export interface GceInstance {
  readonly name: string;
  readonly zone: string;
  readonly status: string;
  readonly statusMessage?: string;
  readonly machineType: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly metadata?: { readonly items?: readonly { readonly key: string; readonly value?: string }[] };
  readonly scheduling?: { readonly provisioningModel?: string; readonly preemptible?: boolean };
  readonly lastStopTimestamp?: string;
}

interface Operation {
  readonly name: string;
  readonly status: string;
  readonly error?: { readonly errors?: readonly { readonly code?: string; readonly message?: string }[] };
  readonly httpErrorStatusCode?: number;
}

/** A refusal from the Compute API: `code` is the operation error code or the error's reason. */
export class ComputeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ComputeError';
  }
}

export class ComputeClient {
  constructor(
    private readonly root: string,
    private readonly project: string,
    private readonly tokens: GoogleTokenSource,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async insert(zone: string, body: unknown): Promise<void> {
    const operation = (await this.call('POST', `zones/${zone}/instances`, body)) as Operation;
    await this.finish(zone, operation);
  }

  async get(zone: string, name: string): Promise<GceInstance | undefined> {
    try {
      return (await this.call('GET', `zones/${zone}/instances/${name}`)) as GceInstance;
    } catch (error) {
      if (error instanceof ComputeError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Deletes and waits until the instance is gone; an instance already gone is not an error. */
  async delete(zone: string, name: string): Promise<void> {
    let operation: Operation;
    try {
      operation = (await this.call('DELETE', `zones/${zone}/instances/${name}`)) as Operation;
    } catch (error) {
      if (error instanceof ComputeError && error.status === 404) return;
      throw error;
    }
    await this.finish(zone, operation);
  }

  /** Instances in every zone matching a `labels.key = value` filter. */
  async list(filter: string): Promise<GceInstance[]> {
    const found: GceInstance[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const query = new URLSearchParams({ filter, ...(pageToken ? { pageToken } : {}) });
      const answer = (await this.call('GET', `aggregated/instances?${query.toString()}`)) as {
        items?: Record<string, { instances?: GceInstance[] }>;
        nextPageToken?: string;
      };
      for (const scoped of Object.values(answer.items ?? {})) found.push(...(scoped.instances ?? []));
      pageToken = answer.nextPageToken;
      if (!pageToken) break;
    }
    return found;
  }

  /** The zones of a region, as names (us-central1-a, ...). */
  async zones(region: string): Promise<string[]> {
    const answer = (await this.call('GET', `regions/${region}`)) as { zones?: string[] };
    return (answer.zones ?? []).map((url) => url.slice(url.lastIndexOf('/') + 1)).sort();
  }

  private async finish(zone: string, first: Operation): Promise<void> {
    let operation = first;
    for (let waits = 0; operation.status !== 'DONE'; waits += 1) {
      if (waits >= MAX_OPERATION_WAITS) throw new ComputeError(504, 'OPERATION_TIMEOUT', `operation ${operation.name} did not finish in time`);
      operation = (await this.call('POST', `zones/${zone}/operations/${operation.name}/wait`)) as Operation;
    }
    const error = operation.error?.errors?.[0];
    if (error) throw new ComputeError(operation.httpErrorStatusCode ?? 400, error.code ?? 'OPERATION_FAILED', error.message ?? 'the operation failed');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.root}projects/${this.project}/${path}`;
    const token = await this.tokens.token();
    const response = await requestJson(this.fetchImpl, url, {
      method,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { json: body }),
    });
    if (!response.ok) throw errorOf(response);
    return response.body;
  }
}

function errorOf(response: JsonResponse): ComputeError {
  const error = (
    response.body as { error?: { code?: number; message?: string; status?: string; errors?: { reason?: string; message?: string }[] } } | undefined
  )?.error;
  const reason = error?.errors?.[0]?.reason ?? error?.status ?? `HTTP_${response.status}`;
  return new ComputeError(response.status, reason, error?.message ?? (response.text.slice(0, 200) || `HTTP ${response.status}`));
}
