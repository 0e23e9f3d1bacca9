// How the GitHub client sends requests (src/forges/github/request-policy.ts): what is asked again,
// what is waited out, what goes one at a time and how far apart, against a loopback server.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, NO_AUTOMATIC_RETRY } from '../../../src/forges/github/client.js';
import { Octokit } from '@octokit/core';
import { applyRequestPolicy, Lane, rateLimitOf, requestKind, type LimitKind } from '../../../src/forges/github/request-policy.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { startOrigin, type Origin, type Received } from '../http/two-origins.js';

interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
}

let api: Origin;
/** Replies to give before the normal one, in order, for requests `match` accepts. */
let scripted: { match: (request: Received) => boolean; replies: Reply[] } | undefined;
/** How long the server takes to answer (to see requests overlap). */
let answerDelayMs = 0;
let inFlight = 0;
let mostInFlight = new Map<string, number>();
let arrivals: { method: string; url: string; at: number }[] = [];

const COMMENT = { id: 5, html_url: 'https://github.com/o/r/pull/1#issuecomment-5', body: 'report', user: { login: 'me' } };

beforeAll(async () => {
  api = await startOrigin((request, response) => {
    arrivals.push({ method: request.method, url: request.url, at: performance.now() });
    inFlight += 1;
    mostInFlight.set(request.method, Math.max(mostInFlight.get(request.method) ?? 0, inFlight));
    const reply = scripted?.match(request) ? scripted.replies.shift() : undefined;
    const normal: Reply =
      request.url === '/graphql'
        ? { status: 200, body: { data: { viewer: { login: 'me' } } } }
        : { status: request.method === 'POST' ? 201 : 200, body: request.method === 'GET' ? [COMMENT] : COMMENT };
    const { status, headers, body } = reply ?? normal;
    setTimeout(() => {
      inFlight -= 1;
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    }, answerDelayMs);
  });
});
afterAll(() => api.close());
afterEach(() => {
  scripted = undefined;
  answerDelayMs = 0;
  mostInFlight = new Map();
  arrivals = [];
  api.received.length = 0;
});

const setUp = (options: { retries?: number; minimumWriteIntervalMs?: number; maxRateLimitWaitSeconds?: number } = {}) => {
  const logger = createMemoryLogger();
  // One "second" of waiting is a millisecond here.
  const client = createGitHubClient({
    token: 'ghp_requestPolicy0000000000001',
    baseUrl: api.base,
    logger,
    retries: options.retries ?? 3,
    minimumWriteIntervalMs: options.minimumWriteIntervalMs ?? 0,
    millisecondsPerSecond: 1,
    ...(options.maxRateLimitWaitSeconds === undefined ? {} : { maxRateLimitWaitSeconds: options.maxRateLimitWaitSeconds }),
  });
  return { logger, client };
};
const repository = { owner: 'o', repo: 'r' };
const listComments = (client: ReturnType<typeof setUp>['client']) =>
  client.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repository, issue_number: 1 });
const statusOf = (error: unknown): number | undefined => (error as { status?: number }).status;

describe('failures asked again', () => {
  it('asks a read again after 5xx answers, then returns the answer', async () => {
    scripted = { match: (request) => request.method === 'GET', replies: [503, 502].map((status) => ({ status, body: { message: 'Server Error' } })) };
    const { client } = setUp();
    const { data } = await listComments(client);
    expect(data).toEqual([COMMENT]);
    expect(api.received).toHaveLength(3);
  });

  it('gives up on a read after `retries` more tries, with the last status', async () => {
    scripted = { match: () => true, replies: Array.from({ length: 10 }, () => ({ status: 503, body: { message: 'Service Unavailable' } })) };
    const { client } = setUp({ retries: 2 });
    const failure = await listComments(client).catch((error: unknown) => error);
    expect(statusOf(failure)).toBe(503);
    expect(api.received).toHaveLength(3);
  });

  it('sends a write marked NO_AUTOMATIC_RETRY once, even after a 5xx', async () => {
    scripted = { match: () => true, replies: [{ status: 502, body: { message: 'Bad Gateway' } }] };
    const { client } = setUp();
    const failure = await client
      .request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repository, issue_number: 1, body: 'x', ...NO_AUTOMATIC_RETRY })
      .catch((error: unknown) => error);
    expect(statusOf(failure)).toBe(502);
    expect(api.received).toHaveLength(1);
  });

  it.each([401, 403, 404, 422])('does not ask again after a %i: it is an answer', async (status) => {
    scripted = { match: () => true, replies: [{ status, body: { message: 'No' } }] };
    const { client } = setUp();
    const failure = await listComments(client).catch((error: unknown) => error);
    expect(statusOf(failure)).toBe(status);
    expect(api.received).toHaveLength(1);
  });

  it('asks a GraphQL query again when GitHub says something went wrong executing it (HTTP 200)', async () => {
    scripted = {
      match: () => true,
      replies: [{ status: 200, body: { errors: [{ message: 'Something went wrong while executing your query. Please try again.' }] } }],
    };
    const { client } = setUp();
    const { data } = await client.request('POST /graphql', { query: 'query { viewer { login } }' });
    expect(data).toEqual({ data: { viewer: { login: 'me' } } });
    expect(api.received).toHaveLength(2);
  });
});

describe('rate limits waited out', () => {
  it('waits for the reset of an exhausted quota, one second after it, then sends the write again', async () => {
    const reset = Math.floor(Date.now() / 1000) + 2;
    scripted = {
      match: () => true,
      replies: [{ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { message: 'API rate limit exceeded' } }],
    };
    const { client, logger } = setUp();
    const { data } = await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repository,
      comment_id: 5,
      body: 'x',
      ...NO_AUTOMATIC_RETRY,
    });
    expect(data).toEqual(COMMENT);
    expect(api.received.map((request) => request.method)).toEqual(['PATCH', 'PATCH']);
    expect(logger.lines.join('\n')).toMatch(
      /GitHub rate limit for PATCH \/repos\/\{owner\}\/\{repo\}\/issues\/comments\/\{comment_id\}; waiting [23]s before trying again/,
    );
  });

  it('waits out a GraphQL RATE_LIMITED answer (HTTP 200)', async () => {
    scripted = { match: () => true, replies: [{ status: 200, body: { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }] } }] };
    const { client, logger } = setUp();
    const { data } = await client.request('POST /graphql', { query: 'query { viewer { login } }', ...NO_AUTOMATIC_RETRY });
    expect(data).toEqual({ data: { viewer: { login: 'me' } } });
    expect(api.received).toHaveLength(2);
    expect(logger.lines.join('\n')).toMatch(/GitHub rate limit for POST \/graphql; waiting/);
  });

  it('gives up, saying so, when asked to wait longer than it accepts', async () => {
    scripted = {
      match: () => true,
      replies: [{ status: 403, headers: { 'retry-after': '600' }, body: { message: 'You have exceeded a secondary rate limit.' } }],
    };
    const { client, logger } = setUp({ maxRateLimitWaitSeconds: 120 });
    const failure = await listComments(client).catch((error: unknown) => error);
    expect(statusOf(failure)).toBe(403);
    expect(api.received).toHaveLength(1);
    expect(logger.lines.join('\n')).toMatch(/secondary rate limit .* asks to wait 600s, longer than 120s; giving up/);
  });

  it('gives up after a bounded number of limits on one request', async () => {
    scripted = {
      match: () => true,
      replies: Array.from({ length: 10 }, () => ({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } })),
    };
    const { client, logger } = setUp();
    const failure = await listComments(client).catch((error: unknown) => error);
    expect(statusOf(failure)).toBe(429);
    expect(api.received).toHaveLength(4);
    expect(logger.lines.join('\n')).toMatch(/rate limit \(429\) hit 4 times .*; giving up/);
  });
});

describe('how many at once, and how far apart', () => {
  it('sends writes one at a time, and up to 10 reads at once', async () => {
    answerDelayMs = 30;
    const { client } = setUp();
    const patch = () =>
      client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repository, comment_id: 5, body: 'x', ...NO_AUTOMATIC_RETRY });
    await Promise.all([patch(), patch(), patch()]);
    expect(mostInFlight.get('PATCH')).toBe(1);
    await Promise.all(Array.from({ length: 14 }, () => listComments(client)));
    expect(mostInFlight.get('GET')).toBe(10);
  });

  it('keeps writes that notify people three write intervals apart, and searches two', async () => {
    const interval = 25;
    const { client } = setUp({ minimumWriteIntervalMs: interval });
    const comment = () =>
      client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repository, issue_number: 1, body: 'x', ...NO_AUTOMATIC_RETRY });
    await Promise.all([comment(), comment()]);
    const search = () => client.request('GET /search/issues', { q: 'repo:o/r' });
    await Promise.all([search(), search()]);
    const gap = (method: string, path: RegExp) => {
      const [first, second] = arrivals.filter((arrival) => arrival.method === method && path.test(arrival.url));
      return second!.at - first!.at;
    };
    // Timers may fire up to a millisecond early against this clock.
    expect(gap('POST', /comments$/)).toBeGreaterThanOrEqual(3 * interval - 2);
    expect(gap('GET', /^\/search\//)).toBeGreaterThanOrEqual(2 * interval - 2);
  });
});

describe('Lane', () => {
  it('starts a task that may start in the same tick, with no timer in between', async () => {
    const lane = new Lane(2, 0);
    let started = false;
    const done = lane.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
    await done;
  });

  it('runs at most `capacity` tasks at once, in the order they came', async () => {
    const lane = new Lane(2, 0);
    const order: number[] = [];
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        lane.run(async () => {
          order.push(index);
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('frees the place of a task that fails', async () => {
    const lane = new Lane(1, 0);
    await expect(lane.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(lane.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('rateLimitOf', () => {
  const error = (status: number, message: string, headers: Record<string, string> = {}) => ({ status, message, response: { headers } });

  it('reads a secondary limit, with retry-after or a minute', () => {
    expect(rateLimitOf(error(403, 'You have exceeded a secondary rate limit', { 'retry-after': '7' }))).toEqual({ kind: 'secondary rate limit', seconds: 7 });
    expect(rateLimitOf(error(429, 'You have exceeded a secondary rate limit'))).toEqual({ kind: 'secondary rate limit', seconds: 60 });
  });

  it('reads a plain 429, with retry-after as seconds, a date, or a minute', () => {
    expect(rateLimitOf(error(429, 'Too Many Requests', { 'retry-after': '3' }))).toEqual({ kind: 'rate limit (429)', seconds: 3 });
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(rateLimitOf(error(429, 'Too Many Requests', { 'retry-after': inTwoSeconds }))!.seconds).toBeLessThanOrEqual(2);
    expect(rateLimitOf(error(429, 'Too Many Requests', { 'retry-after': 'soon' }))).toEqual({ kind: 'rate limit (429)', seconds: 60 });
  });

  it('reads an exhausted quota on 403 and 429 alike, waiting until one second after the reset', () => {
    const reset = String(Math.floor(Date.now() / 1000) + 10);
    for (const status of [403, 429]) {
      const limit = rateLimitOf(error(status, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }))!;
      expect(limit.kind).toBe('rate limit');
      expect(limit.seconds).toBeGreaterThanOrEqual(10);
      expect(limit.seconds).toBeLessThanOrEqual(11);
    }
    expect(rateLimitOf(error(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1000' }))).toEqual({
      kind: 'rate limit',
      seconds: 0,
    });
  });

  it('waits no time for a GraphQL RATE_LIMITED without a reset time', () => {
    expect(rateLimitOf({ status: 200, graphqlRateLimited: true, response: { headers: {} } })).toEqual({ kind: 'rate limit', seconds: 0 });
  });

  it('takes retry-after as whole seconds or a date, nothing in between', () => {
    for (const value of ['12abc', 'abc12', '']) expect(rateLimitOf(error(429, 'Too Many Requests', { 'retry-after': value }))!.seconds).toBe(60);
    expect(rateLimitOf(error(429, 'Too Many Requests', { 'retry-after': new Date(Date.now() - 60_000).toUTCString() }))!.seconds).toBe(0);
  });

  it('is no limit for a 403 that is a permission answer, or any other status', () => {
    expect(rateLimitOf(error(500, 'Server Error', { 'x-ratelimit-remaining': '0' }))).toBeUndefined();
    expect(rateLimitOf({ status: 403 })).toBeUndefined();
    expect(rateLimitOf(error(403, 'Resource not accessible by integration'))).toBeUndefined();
    expect(rateLimitOf(error(403, 'Forbidden', { 'x-ratelimit-remaining': '12' }))).toBeUndefined();
    expect(rateLimitOf(error(500, 'secondary rate limit'))).toBeUndefined();
    expect(rateLimitOf(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('requestKind', () => {
  it.each([
    // Writes that notify people: every route GitHub lists, as a template or a path.
    ['POST', '/orgs/{org}/invitations', 'notifying-write'],
    ['DELETE', '/orgs/acme/invitations/12', 'notifying-write'],
    ['POST', '/orgs/acme/teams/ml/discussions', 'notifying-write'],
    ['POST', '/orgs/acme/teams/ml/discussions/3/comments', 'notifying-write'],
    ['PUT', '/repos/o/r/collaborators/alice', 'notifying-write'],
    ['POST', '/repos/o/r/commits/abc123/comments', 'notifying-write'],
    ['POST', '/repos/o/r/issues', 'notifying-write'],
    ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'notifying-write'],
    ['POST', '/repos/o/r/issues/1/sub_issue', 'notifying-write'],
    ['PATCH', '/repos/o/r/issues/1/sub_issues/priority', 'notifying-write'],
    ['POST', '/repos/o/r/pulls', 'notifying-write'],
    ['POST', '/repos/o/r/pulls/2/comments', 'notifying-write'],
    ['POST', '/repos/o/r/pulls/2/comments/9/replies', 'notifying-write'],
    ['PUT', '/repos/o/r/pulls/2/merge', 'notifying-write'],
    ['POST', '/repos/o/r/pulls/2/requested_reviewers', 'notifying-write'],
    ['POST', '/repos/o/r/pulls/2/reviews', 'notifying-write'],
    ['POST', '/repos/o/r/releases', 'notifying-write'],
    ['POST', '/teams/5/discussions', 'notifying-write'],
    ['POST', '/teams/5/discussions/3/comments', 'notifying-write'],
    ['POST', 'https://ghe.example.com/api/v3/repos/o/r/issues/1/comments', 'notifying-write'],
    ['POST', '/repos/o/r/issues/1/comments/', 'notifying-write'],
    ['POST', '/REPOS/o/r/ISSUES/1/COMMENTS', 'notifying-write'],
    // Other writes: editing a comment notifies nobody.
    ['PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'write'],
    ['POST', '/repos/o/r/git/commits', 'write'],
    ['POST', '/repos/o/r/issues/1/comments/extra', 'write'],
    ['POST', '/x/repos/o/r/issues', 'write'],
    ['POST', '/repos/o/r/check-runs', 'write'],
    // Requests that create access tokens.
    ['POST', '/app/installations/42/access_tokens', 'auth'],
    ['POST', '/applications/Iv1.abc/token', 'auth'],
    ['PATCH', '/applications/Iv1.abc/token/scoped', 'auth'],
    ['POST', '/login/oauth/access_token', 'auth'],
    ['GET', '/app/installations/42/access_tokens', 'read'],
    ['POST', '/applications/Iv1.abc/token/scoped', 'write'],
    ['PATCH', '/applications/Iv1.abc/token', 'write'],
    ['PATCH', '/applications/Iv1.abc/token/scoped/x', 'write'],
    ['PATCH', '/x/applications/Iv1.abc/token/scoped', 'write'],
    ['PATCH', '/applications/a/b/token/scoped', 'write'],
    ['POST', '/app/installations/42/access_tokens/x', 'write'],
    ['POST', '/x/app/installations/42/access_tokens', 'write'],
    ['POST', '/app/installations/4/2/access_tokens', 'write'],
    ['POST', '/applications/Iv1.abc/token/x', 'write'],
    ['POST', '/x/applications/Iv1.abc/token', 'write'],
    ['POST', '/applications/a/b/token', 'write'],
    // GraphQL (GitHub Enterprise Server: /api/graphql), searches, reads.
    ['POST', '/graphql', 'graphql'],
    ['POST', 'https://ghe.example.com/api/graphql', 'graphql'],
    ['POST', '/graphql/x', 'write'],
    ['POST', '/x/graphql', 'write'],
    ['GET', '/search/issues', 'search'],
    ['GET', 'https://ghe.example.com/api/v3/search/code?q=x', 'search'],
    ['HEAD', '/repos/o/r', 'read'],
    ['GET', '/repos/o/r/issues/1/comments', 'read'],
  ])('%s %s is a %s', (method, url, kind) => {
    expect(requestKind(method, url)).toBe(kind);
  });
});

describe('the waits', () => {
  /** A bare client with the policy, whose waits are recorded instead of waited: 7 ms a "second". */
  const recorded = (options: { onLimit?: (kind: LimitKind, seconds: number, request: { method: string; url: string }, count: number) => boolean } = {}) => {
    const sleeps: number[] = [];
    const client = new Octokit({ baseUrl: api.base });
    applyRequestPolicy(client, {
      retries: 3,
      millisecondsPerSecond: 7,
      writeIntervalMs: 0,
      onLimit: options.onLimit ?? (() => true),
      sleep: async (milliseconds) => void sleeps.push(milliseconds),
    });
    return { client, sleeps };
  };

  it('waits 1, 4 and 9 seconds before asking a read again', async () => {
    scripted = { match: () => true, replies: [503, 503, 503].map((status) => ({ status, body: { message: 'Service Unavailable' } })) };
    const { client, sleeps } = recorded();
    await client.request('GET /repos/{owner}/{repo}', repository);
    expect(sleeps).toEqual([7, 28, 63]);
  });

  it('waits as long as a limit asks, and tells onLimit how often this request was limited', async () => {
    scripted = {
      match: () => true,
      replies: [3, 2].map((seconds) => ({ status: 429, headers: { 'retry-after': String(seconds) }, body: { message: 'Too Many Requests' } })),
    };
    const limits: unknown[] = [];
    const { client, sleeps } = recorded({ onLimit: (kind, seconds, request, count) => (limits.push([kind, seconds, request.method, count]), true) });
    await client.request('GET /repos/{owner}/{repo}', repository);
    expect(sleeps).toEqual([21, 14]);
    expect(limits).toEqual([
      ['rate limit (429)', 3, 'GET', 0],
      ['rate limit (429)', 2, 'GET', 1],
    ]);
  });

  it('really waits, when no one records the waits', async () => {
    scripted = { match: () => true, replies: [{ status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } }] };
    const client = createGitHubClient({ token: 'ghp_requestPolicy0000000000001', baseUrl: api.base, logger: createMemoryLogger(), millisecondsPerSecond: 40 });
    const started = performance.now();
    await listComments(client);
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
  });

  it('sends token requests one at a time, and GraphQL requests one at a time', async () => {
    answerDelayMs = 20;
    const { client } = recorded();
    await Promise.all(Array.from({ length: 3 }, () => client.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 1 })));
    expect(mostInFlight.get('POST')).toBe(1);
    mostInFlight = new Map();
    await Promise.all(Array.from({ length: 3 }, () => client.request('POST /graphql', { query: 'query { viewer { login } }' })));
    expect(mostInFlight.get('POST')).toBe(1);
  });
});

describe('what is asked again', () => {
  /** A bare client with the policy, whose every answer is turned into `failure` (counting the tries). */
  const failing = (failure: object) => {
    const client = new Octokit({ baseUrl: api.base });
    let tries = 0;
    client.hook.after('request', () => {
      tries += 1;
      throw failure;
    });
    applyRequestPolicy(client, { retries: 2, millisecondsPerSecond: 0, writeIntervalMs: 0, onLimit: () => true });
    return { request: () => client.request('GET /repos/{owner}/{repo}', repository).catch(() => tries) };
  };

  it('only Octokit request errors of 5xx (or another status not known to be final)', async () => {
    expect(await failing({ status: 503, request: {} }).request()).toBe(3);
    expect(await failing({ status: 409, request: {} }).request()).toBe(3);
    expect(await failing({ status: 503 }).request()).toBe(1);
    expect(await failing({ status: '503', request: {} }).request()).toBe(1);
    expect(await failing({ status: 304, request: {} }).request()).toBe(1);
    expect(await failing({ status: 404, request: {} }).request()).toBe(1);
  });

  it('reads a JSON null as an answer, not as an error list', async () => {
    scripted = { match: () => true, replies: [{ status: 200, body: null }] };
    const { data } = await listComments(setUp().client);
    expect(data).toBeNull();
  });
});

describe('GraphQL answers (HTTP 200) that are errors', () => {
  const graphql = (errors: unknown, options: { maxRateLimitRetries?: number } = {}) => {
    scripted = { match: () => true, replies: [{ status: 200, body: { errors } }] };
    const client = createGitHubClient({
      token: 'ghp_requestPolicy0000000000001',
      baseUrl: api.base,
      logger: createMemoryLogger(),
      millisecondsPerSecond: 1,
      ...options,
    });
    return client.request('POST /graphql', { query: 'query { viewer { login } }', ...NO_AUTOMATIC_RETRY });
  };

  it('waits out RATE_LIMITED among other errors, and an error list with holes', async () => {
    await graphql([
      { type: 'NOT_FOUND', message: 'x' },
      { type: 'RATE_LIMITED', message: 'API rate limit exceeded' },
    ]);
    expect(api.received).toHaveLength(2);
    api.received.length = 0;
    await graphql([null, { type: 'RATE_LIMITED', message: 'API rate limit exceeded' }]);
    expect(api.received).toHaveLength(2);
  });

  it('passes other errors on as the answer, and says so when it gives up on a limit', async () => {
    const { data } = await graphql([{ type: 'NOT_FOUND', message: 'Could not resolve to a Repository' }]);
    expect(data).toEqual({ errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a Repository' }] });
    expect(await graphql([null]).then(({ data: answer }) => answer)).toEqual({ errors: [null] });
    await expect(graphql([{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }], { maxRateLimitRetries: 0 })).rejects.toThrow(
      'GraphQL rate limit exceeded',
    );
  });

  it('passes an answer without an error list on, including an empty one (204)', async () => {
    scripted = { match: () => true, replies: [{ status: 204, body: '' }] };
    const { client } = setUp();
    const { status } = await client.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repository,
      comment_id: 5,
      ...NO_AUTOMATIC_RETRY,
    });
    expect(status).toBe(204);
  });
});

describe('Lane order', () => {
  it('lets a task that may start wait behind those already waiting', async () => {
    const lane = new Lane(1, 10);
    const started: string[] = [];
    const task = (name: string) => () => {
      started.push(name);
      return Promise.resolve();
    };
    await lane.run(task('a'));
    const b = lane.run(task('b')); // waits: 10 ms have not passed
    const until = performance.now() + 15;
    while (performance.now() < until); // its timer is late: the spacing has passed, b still waits
    const c = lane.run(task('c'));
    await Promise.all([b, c]);
    expect(started).toEqual(['a', 'b', 'c']);
  });
});
