// How every GitHub API request is sent: how many go at once, how far apart, and what is waited out
// or asked again. One hook around Octokit's request, installed by createGitHubClient.
//
// - Reads that fail with 5xx or a network error are asked again after 1, 4, 9… seconds, up to
//   `retries` times; a write carries `request: { retries: 0 }` (NO_AUTOMATIC_RETRY), since a
//   create that failed with 5xx may have been stored. A host name that does not exist (ENOTFOUND)
//   is not asked again: it will not appear a few seconds later. GraphQL's "Something went wrong
//   while executing your query" (HTTP 200) counts as a 5xx.
// - Rate limits are waited out, a bounded number of times and never longer than asked to accept:
//   a secondary limit (403/429 saying "secondary rate", retry-after or 60 s), an exhausted quota
//   (x-ratelimit-remaining: 0, until x-ratelimit-reset; GraphQL's RATE_LIMITED) and a plain 429
//   (retry-after as seconds or a date, else 60 s). None of them acted on the request, so a write
//   is sent again too.
// - GitHub asks integrations not to send mutations concurrently: writes and GraphQL requests go
//   one at a time; writes that notify people (comments, pull requests) at least 3 write intervals
//   apart, searches 2; at most 10 requests are in flight. (Each write's own interval is kept by
//   paceWrites in client.ts, at the fetch, so that redirects and retries are paced too.)
//
// Nothing here waits on a timer unless there is something to wait for: a request that may go at
// once goes at once.

import type { Octokit } from '@octokit/core';
import { connectionFailureOf } from '../../http/fetch.js';

export interface RequestPolicyOptions {
  /** Times a failed read (5xx, network error) is asked again, unless the request says otherwise. */
  readonly retries: number;
  /** Waits are multiplied by this many milliseconds per second of delay. Tests make it small. */
  readonly millisecondsPerSecond: number;
  /** The interval writes keep between them; notifying writes keep 3 of them, searches 2. */
  readonly writeIntervalMs: number;
  /**
   * Asked before a rate limit is waited out: false gives up (the error is thrown). `retryCount` is
   * how many times this request has been limited already.
   */
  readonly onLimit: (kind: LimitKind, retryAfterSeconds: number, request: { method: string; url: string }, retryCount: number) => boolean;
  /** The wait (tests record it instead). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

export type LimitKind = 'secondary rate limit' | 'rate limit' | 'rate limit (429)';

/** Statuses that are answers, not failures: asking again gets the same one. (429 is a rate limit.) */
const NOT_RETRIED = new Set([400, 401, 403, 404, 410, 422, 429, 451]);
/** GitHub's advice when a limit gives no retry-after: wait at least a minute. */
const FALLBACK_WAIT_SECONDS = 60;
const MAX_IN_FLIGHT = 10;

type RequestOptions = Parameters<Parameters<Octokit['hook']['wrap']>[1]>[1] & {
  method: string;
  url: string;
  /** Octokit always passes this object (empty by default). */
  request: { retries?: number };
};

/** Installs the policy on a client: call once, after the plugins that add hooks of their own. */
export function applyRequestPolicy(octokit: Octokit, options: RequestPolicyOptions): void {
  const sleep = options.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  const lanes = {
    inFlight: new Lane(MAX_IN_FLIGHT, 0),
    auth: new Lane(1, 0),
    serial: new Lane(1, 0),
    notifying: new Lane(1, 3 * options.writeIntervalMs),
    search: new Lane(1, 2 * options.writeIntervalMs),
  };

  octokit.hook.wrap('request', async (request, requestOptions) => {
    const sent = requestOptions as RequestOptions;
    const kind = requestKind(sent.method, sent.url);
    const attempt = async (): Promise<Awaited<ReturnType<typeof request>>> => {
      let retried = 0;
      let limited = 0;
      for (;;) {
        try {
          return graphqlChecked(await request(requestOptions), sent);
        } catch (error) {
          const limit = rateLimitOf(error);
          if (limit) {
            if (!options.onLimit(limit.kind, limit.seconds, sent, limited)) throw error;
            limited += 1;
            await sleep(limit.seconds * options.millisecondsPerSecond);
            continue;
          }
          // A request may say how often it may be asked again (NO_AUTOMATIC_RETRY: never).
          if (retried < (sent.request.retries ?? options.retries) && isRetryable(error)) {
            retried += 1;
            await sleep(retried * retried * options.millisecondsPerSecond);
            continue;
          }
          throw error;
        }
      }
    };
    if (kind === 'auth') return lanes.auth.run(attempt);
    const inFlight = (): Promise<Awaited<ReturnType<typeof request>>> => lanes.inFlight.run(attempt);
    if (kind === 'search') return lanes.search.run(inFlight);
    if (kind === 'notifying-write') return lanes.serial.run(() => lanes.notifying.run(inFlight));
    if (kind === 'write' || kind === 'graphql') return lanes.serial.run(inFlight);
    return inFlight();
  });
}

export type RequestKind = 'read' | 'search' | 'graphql' | 'write' | 'notifying-write' | 'auth';

/** Which lanes a request goes through. */
export function requestKind(method: string, url: string): RequestKind {
  // A route template ('/repos/{owner}/…') or, from pagination, a whole URL (on GitHub Enterprise
  // Server under /api/v3).
  // Stryker disable next-line Regex: without ^, replace() still takes the first /api/v3, which a REST path has only as its prefix.
  const path = new URL(url, 'https://api.github.invalid').pathname.replace(/^\/api\/v3(?=\/)/, '');
  const upper = method.toUpperCase();
  if (isTokenRequest(upper, path)) return 'auth';
  // GitHub Enterprise Server answers GraphQL at /api/graphql.
  if (/^(\/api)?\/graphql$/.test(path)) return 'graphql';
  if (upper === 'GET' || upper === 'HEAD') return path.startsWith('/search/') ? 'search' : 'read';
  return NOTIFYING_WRITES.test(path) ? 'notifying-write' : 'write';
}

/** Requests that create access tokens (GitHub Apps, OAuth): one at a time, apart from the rest. */
function isTokenRequest(method: string, path: string): boolean {
  return (
    (method === 'PATCH' && /^\/applications\/[^/]+\/token\/scoped$/.test(path)) ||
    (method === 'POST' &&
      (/^\/applications\/[^/]+\/token$/.test(path) || /^\/app\/installations\/[^/]+\/access_tokens$/.test(path) || path === '/login/oauth/access_token'))
  );
}

/**
 * Writes that notify people, which GitHub asks to space out further (the routes of its REST API
 * that trigger notifications; placeholders match one path segment).
 */
const NOTIFYING_ROUTES = [
  '/orgs/{org}/invitations',
  '/orgs/{org}/invitations/{invitation_id}',
  '/orgs/{org}/teams/{team_slug}/discussions',
  '/orgs/{org}/teams/{team_slug}/discussions/{discussion_number}/comments',
  '/repos/{owner}/{repo}/collaborators/{username}',
  '/repos/{owner}/{repo}/commits/{commit_sha}/comments',
  '/repos/{owner}/{repo}/issues',
  '/repos/{owner}/{repo}/issues/{issue_number}/comments',
  '/repos/{owner}/{repo}/issues/{issue_number}/sub_issue',
  '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority',
  '/repos/{owner}/{repo}/pulls',
  '/repos/{owner}/{repo}/pulls/{pull_number}/comments',
  '/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies',
  '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
  '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
  '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
  '/repos/{owner}/{repo}/releases',
  '/teams/{team_id}/discussions',
  '/teams/{team_id}/discussions/{discussion_number}/comments',
];
const NOTIFYING_WRITES = new RegExp(`^(?:${NOTIFYING_ROUTES.map((route) => route.replace(/\{[^}]+\}/g, '[^/]+')).join('|')})/?$`, 'i');

/** A failure asking again may cure: an HTTP error of 5xx (or a status not known to be final), or no answer; not an unknown host. */
function isRetryable(error: unknown): boolean {
  const { status, request } = error as { status?: number; request?: unknown };
  // Octokit's RequestError (a network failure is one with status 500); errors of our own are final.
  // Stryker disable next-line EqualityOperator: 400 is in NOT_RETRIED as well.
  if (request === undefined || typeof status !== 'number' || status < 400 || NOT_RETRIED.has(status)) return false;
  return connectionFailureOf(error)?.code !== 'ENOTFOUND';
}

interface GraphqlBody {
  readonly errors?: ReadonlyArray<{ readonly type?: string; readonly message?: string }>;
}

/** A GraphQL answer with HTTP 200 that is really a rate limit or a server failure, as an error. */
function graphqlChecked<T extends { data?: unknown }>(response: T, request: RequestOptions): T {
  const errors = (response.data as GraphqlBody | undefined)?.errors;
  if (!Array.isArray(errors)) return response;
  if (errors.some((error) => error?.type === 'RATE_LIMITED')) {
    throw Object.assign(new Error('GraphQL rate limit exceeded'), { status: 200, request, response, graphqlRateLimited: true });
  }
  if (/Something went wrong while executing your query/.test(String(errors[0]?.message))) {
    throw Object.assign(new Error(errors[0]!.message!), { status: 500, request, response });
  }
  return response;
}

/** The limit an error stands for and how long it asks to wait, or undefined when it is no limit. */
export function rateLimitOf(error: unknown): { kind: LimitKind; seconds: number } | undefined {
  const { status, message, response, graphqlRateLimited } = error as {
    status?: number;
    message?: string;
    response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
    graphqlRateLimited?: boolean;
  };
  const headers = response?.headers ?? {};
  // Header values arrive trimmed; an absent one reads as ''.
  const header = (name: string): string => String(headers[name] ?? '');
  if (graphqlRateLimited || ((status === 403 || status === 429) && header('x-ratelimit-remaining') === '0')) {
    const reset = Number(header('x-ratelimit-reset')) * 1000;
    // One second more, so that the request goes after the reset, not at it.
    return { kind: 'rate limit', seconds: Math.max(Math.ceil((reset - Date.now()) / 1000) + 1, 0) };
  }
  if (status !== 403 && status !== 429) return undefined;
  if (/\bsecondary rate\b/i.test(String(message))) {
    return { kind: 'secondary rate limit', seconds: Number(header('retry-after')) || FALLBACK_WAIT_SECONDS };
  }
  if (status !== 429) return undefined;
  return { kind: 'rate limit (429)', seconds: retryAfterSeconds(header('retry-after')) };
}

/** retry-after as delay-seconds or an HTTP date (RFC 9110, 10.2.3); a minute when absent ('') or unreadable. */
function retryAfterSeconds(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? FALLBACK_WAIT_SECONDS : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * At most `capacity` tasks at once, each started at least `spacingMs` after the one before, in the
 * order they came. A task that may start now starts in the same tick.
 */
export class Lane {
  private running = 0;
  private lastStart = -Infinity;
  private readonly waiting: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly capacity: number,
    private readonly spacingMs: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.waiting.length > 0 || !this.mayStart()) {
      // next() counts the task as running when it lets it go.
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.next();
      });
    } else {
      this.running += 1;
      this.lastStart = performance.now();
    }
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.next();
    }
  }

  private mayStart(): boolean {
    // Stryker disable next-line EqualityOperator: with a clock in fractions of a millisecond, exactly the spacing apart does not occur.
    return this.running < this.capacity && performance.now() - this.lastStart >= this.spacingMs;
  }

  /** Lets waiting tasks go while there is room, or sets one timer for when the next may start. */
  private next(): void {
    // Stryker disable next-line ConditionalExpression: a second timer would only wake this up once more; each wake-up checks again.
    if (this.timer !== undefined) return;
    while (this.waiting.length > 0 && this.running < this.capacity) {
      const wait = this.lastStart + this.spacingMs - performance.now();
      // Stryker disable next-line EqualityOperator: at exactly 0 a timer of 0 ms starts the same task a moment later, in the same order.
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.next();
        }, wait);
        return;
      }
      this.running += 1;
      this.lastStart = performance.now();
      this.waiting.shift()!();
    }
  }
}
