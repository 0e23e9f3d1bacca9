// The few Azure Resource Manager calls the runner needs, over the one HTTP client: PUT, GET and
// DELETE of a resource by its path, and the resource groups carrying a tag. Long-running operations
// are followed to the end through the Azure-AsyncOperation header (else Location), waiting as long
// as Retry-After says (capped) for a bounded number of polls and time. Errors are read in ARM's
// shape ({ error: { code, message, details: [{ code, message }] } }) into one ArmError.

import { requestJson, type JsonResponse } from '../../http/json.js';
import type { EntraTokenSource } from './auth.js';

const MAX_POLLS = 360;
const MAX_POLL_DELAY_MS = 15_000;
const DEFAULT_POLL_DELAY_MS = 5_000;
/** No operation the runner starts (a VM, a resource group's deletion) is followed longer than this. */
const OPERATION_DEADLINE_MS = 30 * 60_000;
const MAX_PAGES = 20;

/** A refusal from ARM or a long-running operation: `codes` are the error's code and its details' codes. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly codes: readonly string[] = [code],
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export interface ArmResourceGroup {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties?: { readonly provisioningState?: string };
}

export interface ArmOptions {
  /** Milliseconds to wait before the next poll; the default reads Retry-After (capped). */
  readonly pollDelayMs?: (retryAfterSeconds: number | undefined) => number;
  readonly now?: () => number;
}

export class ArmClient {
  constructor(
    /** Ends with `/`, e.g. https://management.azure.com/ */
    private readonly root: string,
    private readonly subscription: string,
    private readonly tokens: EntraTokenSource,
    private readonly fetchImpl: typeof fetch,
    private readonly options: ArmOptions = {},
  ) {}

  /** `/subscriptions/<id>/resourceGroups/<group>` and what lies under it. */
  groupPath(group: string, rest = ''): string {
    return `/subscriptions/${this.subscription}/resourceGroups/${encodeURIComponent(group)}${rest}`;
  }

  /** Creates or updates a resource and waits until its provisioning has ended. */
  async put(path: string, apiVersion: string, body: unknown): Promise<unknown> {
    const response = await this.call('PUT', path, apiVersion, body);
    await this.follow(response);
    return response.body;
  }

  async get<T>(path: string, apiVersion: string, query: Record<string, string> = {}): Promise<T | undefined> {
    const url = this.url(path, apiVersion, query);
    const response = await this.send('GET', url);
    if (response.status === 404) return undefined;
    if (!response.ok) throw errorOf(response);
    return response.body as T;
  }

  /** Deletes a resource and waits until it is gone; one already gone is not an error. */
  async delete(path: string, apiVersion: string, query: Record<string, string> = {}): Promise<void> {
    const response = await this.send('DELETE', this.url(path, apiVersion, query));
    if (response.status === 404 || response.status === 204) return;
    if (!response.ok) throw errorOf(response);
    await this.follow(response);
  }

  /** Resource groups with the tag `name` = `value` (ARM filters on one tag). */
  async groupsTagged(name: string, value: string): Promise<ArmResourceGroup[]> {
    const groups: ArmResourceGroup[] = [];
    let url: string | undefined = this.url(`/subscriptions/${this.subscription}/resourcegroups`, '2021-04-01', {
      $filter: `tagName eq '${name}' and tagValue eq '${value}'`,
    });
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const response = await this.send('GET', url);
      if (!response.ok) throw errorOf(response);
      const body = response.body as { value?: ArmResourceGroup[]; nextLink?: string };
      groups.push(...(body.value ?? []));
      url = body.nextLink;
    }
    return groups;
  }

  private url(path: string, apiVersion: string, query: Record<string, string> = {}): string {
    const url = new URL(path.replace(/^\//, ''), this.root);
    url.searchParams.set('api-version', apiVersion);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.toString();
  }

  private async call(method: string, path: string, apiVersion: string, body?: unknown): Promise<JsonResponse> {
    const response = await this.send(method, this.url(path, apiVersion), body);
    if (!response.ok) throw errorOf(response);
    return response;
  }

  private async send(method: string, url: string, body?: unknown): Promise<JsonResponse> {
    const token = await this.tokens.token();
    return requestJson(this.fetchImpl, url, { method, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { json: body }) });
  }

  /** Follows a long-running operation the response started, if any, until it ends. */
  private async follow(started: JsonResponse): Promise<void> {
    const asyncUrl = started.header('azure-asyncoperation');
    const location = started.header('location');
    if (!asyncUrl && !(started.status === 202 && location)) return;
    const now = this.options.now ?? Date.now;
    const deadline = now() + OPERATION_DEADLINE_MS;
    let retryAfter = retryAfterOf(started);
    for (let poll = 0; poll < MAX_POLLS && now() < deadline; poll++) {
      await sleep(
        this.options.pollDelayMs
          ? this.options.pollDelayMs(retryAfter)
          : Math.min(MAX_POLL_DELAY_MS, retryAfter === undefined ? DEFAULT_POLL_DELAY_MS : retryAfter * 1000),
      );
      const response = await this.send('GET', (asyncUrl ?? location)!);
      retryAfter = retryAfterOf(response);
      if (asyncUrl) {
        if (!response.ok) throw errorOf(response);
        const status = String((response.body as { status?: unknown } | undefined)?.status ?? '');
        if (/^succeeded$/i.test(status)) return;
        if (/^(failed|canceled|cancelled)$/i.test(status)) throw errorOf(response, `the operation ${status.toLowerCase()}`);
      } else {
        if (response.status === 202) continue;
        if (!response.ok && response.status !== 404) throw errorOf(response);
        return;
      }
    }
    throw new ArmError(0, 'OperationTimeout', `the operation did not end within ${MAX_POLLS} polls or ${OPERATION_DEADLINE_MS / 60_000} minutes`);
  }
}

function retryAfterOf(response: JsonResponse): number | undefined {
  const seconds = Number(response.header('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function errorOf(response: JsonResponse, fallback?: string): ArmError {
  const error = (response.body as { error?: { code?: string; message?: string; details?: { code?: string; message?: string }[] } } | undefined)?.error;
  const details = error?.details ?? [];
  const code = error?.code ?? `HTTP_${response.status}`;
  const message =
    [error?.message, ...details.map((detail) => detail.message)].find((text) => typeof text === 'string' && text.trim() !== '') ??
    fallback ??
    (response.text.slice(0, 200) || `HTTP ${response.status}`);
  return new ArmError(response.status, code, oneLine(message), [
    code,
    ...details.map((detail) => detail.code).filter((value): value is string => typeof value === 'string'),
  ]);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
