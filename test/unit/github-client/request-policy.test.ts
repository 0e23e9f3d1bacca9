// How the GitHub client sends requests (src/forges/github/request-policy.ts): what is asked again,
// what is waited out, what goes one at a time and how far apart, against a loopback server.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, NO_AUTOMATIC_RETRY } from '../../../src/forges/github/client.js';
import { Lane, rateLimitOf } from '../../../src/forges/github/request-policy.js';
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

  it('is no limit for a 403 that is a permission answer, or any other status', () => {
    expect(rateLimitOf(error(403, 'Resource not accessible by integration'))).toBeUndefined();
    expect(rateLimitOf(error(403, 'Forbidden', { 'x-ratelimit-remaining': '12' }))).toBeUndefined();
    expect(rateLimitOf(error(500, 'secondary rate limit'))).toBeUndefined();
    expect(rateLimitOf(new Error('socket hang up'))).toBeUndefined();
  });
});
