// The one place a GitHub API client is made. Retry, throttling and pagination are composed here,
// once, so every command gets the same behaviour:
//
// - Reads that fail with 5xx or a network error are retried with backoff (plugin-retry).
// - Rate limits (403/429 with retry-after or x-ratelimit-remaining: 0) are waited out a bounded
//   number of times (plugin-throttling). 429 is left to throttling, not retry. A plain 429 that the
//   plugin does not recognise (no rate-limit headers, not a secondary limit) is waited out here
//   with the same bounds: it means "slow down", and the request was not acted on.
// - Writes (POST/PATCH/PUT/DELETE) are never retried blindly: a create that failed with 5xx may
//   have been stored. Callers that write decide, after checking, whether to send again.
// - A write follows a redirect only on the same origin with method and body kept (307/308, what
//   GitHub answers for a renamed repository); any other redirect fails it, and a success that
//   lacks the object written fails too, so nobody reports a comment that was never created.
// - GITHUB_API_URL (GitHub Enterprise) is honoured by the caller passing `baseUrl`; HTTP(S)_PROXY
//   by `useProxyFromEnv`.

import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../../logger.js';
import { VERSION } from '../../version.js';
import { connectionFailureOf, createHttpFetch, type HttpFetchOptions } from '../../http/fetch.js';
import { MissingWriteResultError, RedirectedWriteError } from './errors.js';

/**
 * Reads are retried after network errors, but not when the API's host name does not exist
 * (ENOTFOUND): asking again a few seconds later will not make it appear. Listed before plugin-retry
 * so that it sees the error first.
 */
function noRetryForUnknownHost(octokit: Octokit): void {
  octokit.hook.error('request', (error, options) => {
    if (connectionFailureOf(error)?.code === 'ENOTFOUND') options.request = { ...options.request, retries: 0 };
    throw error;
  });
}

const ClientClass = Octokit.plugin(noRetryForUnknownHost, retry, throttling, paginateRest);
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

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
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

  // Each client gets its own limiter groups: the plugin's defaults are process-wide singletons,
  // which would couple unrelated clients (and tests) together.
  const group = (id: string, minTime: number, maxConcurrent: number): Bottleneck.Group =>
    new Bottleneck.Group({ id, minTime, maxConcurrent, timeout: 120_000 });

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
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: msPerSecond,
      // 429 belongs to the throttling plugin; the rest are answers, not failures.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      id: 'continuous-ml',
      retryAfterBaseValue: msPerSecond,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      global: group('cml-global', 0, 10),
      // Writes are paced in paceWrites() instead: the plugin would also pace GraphQL reads.
      write: group('cml-write', 0, 1),
      search: group('cml-search', 2 * writeInterval, 1),
      notifications: group('cml-notifications', 3 * writeInterval, 1),
    } as ConstructorParameters<typeof ClientClass>[0] extends infer O ? (O extends { throttle?: infer T } ? T : never) : never,
  });
  client.hook.after('request', (response, request) => checkWriteResult(request.method, request.url, response.status, response.data));
  const onTooManyRequests = onLimit('rate limit (429)');
  client.hook.wrap('request', async (request, requestOptions) => {
    for (let retryCount = 0; ; retryCount += 1) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = plainTooManyRequestsWait(error);
        if (wait === undefined || !onTooManyRequests(wait, requestOptions, client, retryCount)) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait * msPerSecond));
      }
    }
  });
  return client;
}

/** GitHub's advice for a 429 without retry-after: wait at least a minute. */
const TOO_MANY_REQUESTS_FALLBACK_SECONDS = 60;

/**
 * Seconds to wait for a 429 the throttling plugin leaves alone (it handles secondary limits and
 * exhausted quotas, x-ratelimit-remaining: 0); undefined for any other error.
 */
function plainTooManyRequestsWait(error: unknown): number | undefined {
  const { status, message, response } = error as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
  if (status !== 429 || /\bsecondary rate\b/i.test(message ?? '')) return undefined;
  const headers = response?.headers ?? {};
  if (headers['x-ratelimit-remaining'] === '0') return undefined;
  const retryAfter = headers['retry-after']?.trim();
  if (!retryAfter) return TOO_MANY_REQUESTS_FALLBACK_SECONDS;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter);
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? TOO_MANY_REQUESTS_FALLBACK_SECONDS : Math.max(0, Math.ceil((at - Date.now()) / 1000));
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
