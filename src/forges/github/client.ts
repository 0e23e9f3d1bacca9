// The one place a GitHub API client is made. Retry, throttling and pagination are composed here,
// once, so every command gets the same behaviour:
//
// - Reads that fail with 5xx or a network error are retried with backoff (plugin-retry).
// - Rate limits (403/429 with retry-after or x-ratelimit-remaining: 0) are waited out a bounded
//   number of times (plugin-throttling). 429 is left to throttling, not retry.
// - Writes (POST/PATCH/PUT/DELETE) are never retried blindly: a create that failed with 5xx may
//   have been stored. Callers that write decide, after checking, whether to send again.
// - GITHUB_API_URL (GitHub Enterprise) is honoured by the caller passing `baseUrl`; HTTP(S)_PROXY
//   by `useProxyFromEnv`.

import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../../logger.js';
import { VERSION } from '../../version.js';
import { createHttpFetch } from '../../http/fetch.js';

const ClientClass = Octokit.plugin(retry, throttling, paginateRest);
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

  return new ClientClass({
    ...(typeof options.token === 'string' ? { auth: options.token } : { authStrategy: lazyTokenAuth(options.token) }),
    baseUrl: options.baseUrl,
    userAgent: `continuous-ml/${VERSION}`,
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.debug(message),
    },
    request: { fetch: logRequests(paceWrites(options.useProxyFromEnv ? proxyFetch() : createHttpFetch(), writeInterval), logger) },
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
}

/** Octokit's auth strategy shape, for a token that is fetched once, when the first request goes out. */
function lazyTokenAuth(getToken: () => Promise<string>): () => unknown {
  let pending: Promise<string> | undefined;
  const token = (): Promise<string> => (pending ??= getToken());
  return () => {
    type Request = ((endpoint: unknown) => Promise<unknown>) & { endpoint: { merge(route: unknown, parameters: unknown): { headers: Record<string, string> } } };
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
