// The one place a GitHub API client is made. Everything every command should get alike is composed
// here, once:
//
// - request-policy.ts: reads that fail with 5xx or a network error are asked again with backoff;
//   rate limits (secondary, exhausted quota, a plain 429) are waited out a bounded number of times;
//   writes and GraphQL go one at a time, writes that notify people further apart, at most 10
//   requests in flight.
// - Writes (POST/PATCH/PUT/DELETE) are never retried blindly: a create that failed with 5xx may
//   have been stored. Callers that write decide, after checking, whether to send again.
// - Mutations leave about a second between them (paceWrites, at the fetch).
// - A write follows a redirect only on the same origin with method and body kept (307/308, what
//   GitHub answers for a renamed repository); any other redirect fails it, and a success that
//   lacks the object written fails too, so nobody reports a comment that was never created.
// - GITHUB_API_URL (GitHub Enterprise) is honoured by the caller passing `baseUrl`; HTTP(S)_PROXY
//   by `useProxyFromEnv`.

import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import type { Logger } from '../../logger.js';
import { VERSION } from '../../version.js';
import { createHttpFetch, type HttpFetchOptions } from '../../http/fetch.js';
import { MissingWriteResultError, RedirectedWriteError } from './errors.js';
import { applyRequestPolicy, type LimitKind } from './request-policy.js';

const ClientClass = Octokit.plugin(paginateRest);
export type GitHubClient = InstanceType<typeof ClientClass>;

export interface GitHubClientOptions {
  /** A token, or how to get one when the first request needs it (a GitHub App's installation token). */
  readonly token: string | (() => Promise<string>);
  readonly baseUrl: string;
  readonly logger: Logger;
  /** Route requests through HTTPS_PROXY/HTTP_PROXY (honouring NO_PROXY). */
  readonly useProxyFromEnv?: boolean;
  /** Attempts after the first for retryable reads. */
  readonly retries?: number;
  /** Waits are multiplied by this many milliseconds per second of delay. Tests make it small. */
  readonly millisecondsPerSecond?: number;
  /** Longest rate-limit wait accepted, in seconds, before failing instead. */
  readonly maxRateLimitWaitSeconds?: number;
  /** Times a rate-limited request is sent again. */
  readonly maxRateLimitRetries?: number;
  /** GitHub asks integrations to leave about a second between writes; tests may set 0. */
  readonly minimumWriteIntervalMs?: number;
  /** How the node:http fetch connects (not used through a proxy). */
  readonly http?: HttpFetchOptions;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { logger } = options;
  if (typeof options.token === 'string') logger.mask(options.token);
  const msPerSecond = options.millisecondsPerSecond ?? 1000;
  const maxWait = options.maxRateLimitWaitSeconds ?? 120;
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const writeInterval = options.minimumWriteIntervalMs ?? 1000;

  const onLimit = (kind: LimitKind, retryAfter: number, request: { method: string; url: string }, retryCount: number): boolean => {
    const what = `${request.method} ${request.url}`;
    if (retryCount >= maxRetries) {
      logger.warn(`GitHub ${kind} hit ${retryCount + 1} times for ${what}; giving up`);
      return false;
    }
    if (retryAfter > maxWait) {
      logger.warn(`GitHub ${kind} for ${what} asks to wait ${retryAfter}s, longer than ${maxWait}s; giving up`);
      return false;
    }
    logger.warn(`GitHub ${kind} for ${what}; waiting ${retryAfter}s before trying again`);
    return true;
  };

  const client = new ClientClass({
    ...(typeof options.token === 'string' ? { auth: options.token } : { authStrategy: lazyTokenAuth(options.token) }),
    baseUrl: options.baseUrl,
    userAgent: `continuous-ml/${VERSION}`,
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.debug(message),
    },
    request: {
      fetch: paceWrites(keepWritesOnOrigin(logRequests(options.useProxyFromEnv ? proxyFetch() : createHttpFetch(options.http), logger)), writeInterval),
    },
  });
  client.hook.after('request', (response, request) => checkWriteResult(request.method, request.url, response.status, response.data));
  applyRequestPolicy(client, { retries: options.retries ?? 3, millisecondsPerSecond: msPerSecond, writeIntervalMs: writeInterval, onLimit });
  return client;
}

const MAX_WRITE_REDIRECTS = 20;
const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD';

/**
 * Writes go out with `redirect: 'manual'`: only a 307/308 to the same origin is followed (method,
 * body and token kept). A redirect to another origin would hand the body to a server the token is
 * not for; a 301/302/303 would turn the write into a GET whose answer looks like success.
 */
function keepWritesOnOrigin(inner: typeof fetch): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (isRead(method)) return inner(input, init);
    let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    for (let hops = 0; ; hops += 1) {
      const response = await inner(url.href, { ...init, redirect: 'manual' });
      if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
      const location = response.headers.get('location') ?? undefined;
      const target = location === undefined ? undefined : URL.canParse(location, url.href) ? new URL(location, url) : undefined;
      const follow = target !== undefined && (response.status === 307 || response.status === 308) && target.origin === url.origin && hops < MAX_WRITE_REDIRECTS;
      if (!follow) throw new RedirectedWriteError(method, response.status, target?.href ?? location);
      url = target;
    }
  }) as typeof fetch;
}

/** What a successful write must answer with, beyond a JSON object: comments carry their id and link. */
const WRITE_RESULT_FIELDS: ReadonlyArray<{ method: string; route: RegExp; fields: readonly string[] }> = [
  { method: 'POST', route: /\/comments$/, fields: ['id', 'html_url'] },
  { method: 'PATCH', route: /\/comments\/[^/]+$/, fields: ['id', 'html_url'] },
];

function checkWriteResult(method: string, route: string, status: number, data: unknown): void {
  if (isRead(method) || method === 'DELETE' || (status !== 200 && status !== 201)) return;
  if (!data || typeof data !== 'object' || data instanceof ArrayBuffer) throw new MissingWriteResultError(status, 'a JSON object in its body');
  const path = route.replace(/\?.*$/, '');
  for (const expected of WRITE_RESULT_FIELDS) {
    if (expected.method !== method || !expected.route.test(path)) continue;
    const missing = expected.fields.filter(
      (field) => (data as Record<string, unknown>)[field] === undefined || (data as Record<string, unknown>)[field] === null,
    );
    if (missing.length > 0) throw new MissingWriteResultError(status, `the ${missing.join(' and ')} of what it wrote`);
  }
}

/** Octokit's auth strategy shape, for a token that is fetched once, when the first request goes out. */
function lazyTokenAuth(getToken: () => Promise<string>): () => unknown {
  let pending: Promise<string> | undefined;
  const token = (): Promise<string> => (pending ??= getToken());
  return () => {
    type Request = ((endpoint: unknown) => Promise<unknown>) & {
      endpoint: { merge(route: unknown, parameters: unknown): { headers: Record<string, string> } };
    };
    const auth = async () => ({ type: 'token', tokenType: 'installation', token: await token() });
    return Object.assign(auth, {
      hook: async (request: Request, route: unknown, parameters: unknown) => {
        const endpoint = request.endpoint.merge(route, parameters);
        endpoint.headers.authorization = `token ${await token()}`;
        return request(endpoint);
      },
    });
  };
}

/** Per-request options for a write: plugin-retry must not send it again on its own. */
export const NO_AUTOMATIC_RETRY = { request: { retries: 0 } } as const;

/**
 * GitHub asks integrations to leave about a second between mutating requests (secondary rate
 * limits). Reads, including GraphQL queries, go out at once; mutations wait their turn.
 */
function paceWrites(inner: typeof fetch, intervalMs: number): typeof fetch {
  let nextWriteAt = 0;
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const isQuery = /\/graphql$/.test(new URL(url).pathname) && typeof init?.body === 'string' && /^\s*(query\b|\{)/.test(graphqlText(init.body));
    if (intervalMs > 0 && method !== 'GET' && method !== 'HEAD' && !isQuery) {
      const wait = nextWriteAt - Date.now();
      nextWriteAt = Math.max(Date.now(), nextWriteAt) + intervalMs;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return inner(input, init);
  }) as typeof fetch;
}

/** `--log debug`: one line per HTTP request sent (retries included): method, path, status, time. */
function logRequests(inner: typeof fetch, logger: Logger): typeof fetch {
  if (logger.level !== 'debug') return inner;
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const what = `${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}${url.search}`;
    const started = Date.now();
    try {
      const response = await inner(input, init);
      logger.debug(`${what} -> ${response.status} (${Date.now() - started} ms)`);
      return response;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      logger.debug(`${what} -> no answer: ${cause} (${Date.now() - started} ms)`);
      throw error;
    }
  }) as typeof fetch;
}

function graphqlText(body: string): string {
  try {
    const query = (JSON.parse(body) as { query?: unknown }).query;
    return typeof query === 'string' ? query : '';
  } catch {
    return '';
  }
}

/** fetch through the proxy named by the environment; undici is loaded only when a proxy is set. */
function proxyFetch(): typeof fetch {
  let ready: Promise<typeof fetch> | undefined;
  const load = async (): Promise<typeof fetch> => {
    // undici is CommonJS: bundled, its exports arrive on `default`; unbundled, as named exports.
    const loaded = await import('undici');
    const undici = ('EnvHttpProxyAgent' in loaded ? loaded : (loaded as unknown as { default: typeof loaded }).default) as typeof loaded;
    // Routes through HTTPS_PROXY / HTTP_PROXY, and straight to hosts listed in NO_PROXY.
    const dispatcher = new undici.EnvHttpProxyAgent();
    return ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) =>
      undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
  };
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    ready ??= load();
    return (await ready)(input, init);
  }) as typeof fetch;
}
