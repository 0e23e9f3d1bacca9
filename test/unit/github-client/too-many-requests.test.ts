// A plain 429 (no rate-limit headers, not a secondary limit) with retry-after is waited out a
// bounded number of times, like the other rate limits, then fails with one line that says so.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../src/forges/github/client.js';
import { createGitHubCommentApi } from '../../../src/forges/github/comment-api.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { startOrigin, type Origin } from '../http/two-origins.js';

let api: Origin;
/** 429s still to send before answering normally; -1: always 429. */
let busy = 0;
let retryAfter: string | undefined = '1';

beforeAll(async () => {
  api = await startOrigin((request, response) => {
    if (busy !== 0) {
      busy -= busy > 0 ? 1 : 0;
      response
        .writeHead(429, { 'content-type': 'application/json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) })
        .end('{"message":"Too Many Requests"}');
      return;
    }
    const comment = { id: 3, html_url: 'https://github.com/o/r/pull/1#issuecomment-3', body: 'report', user: { login: 'me' } };
    response
      .writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' })
      .end(JSON.stringify(request.method === 'POST' ? comment : [comment]));
  });
});
afterAll(() => api.close());

const setUp = (options: { maxRateLimitWaitSeconds?: number } = {}) => {
  const logger = createMemoryLogger();
  // One "second" of retry-after is a millisecond here.
  const client = createGitHubClient({
    token: 'ghp_tooManyRequests000000001',
    baseUrl: api.base,
    logger,
    retries: 0,
    minimumWriteIntervalMs: 0,
    millisecondsPerSecond: 1,
    ...options,
  });
  return { logger, comments: createGitHubCommentApi(client, { owner: 'o', repo: 'r' }, logger) };
};
const target = { kind: 'pull-request', number: 1 } as const;

describe('a plain 429 with retry-after', () => {
  it('is waited out, then the read goes through', async () => {
    busy = 1;
    retryAfter = '1';
    api.received.length = 0;
    const { logger, comments } = setUp();
    const pages = [];
    for await (const page of comments.listComments(target)) pages.push(page);
    expect(pages.flat()).toHaveLength(1);
    expect(api.received).toHaveLength(2);
    expect(logger.lines.join('\n')).toMatch(/rate limit .*waiting 1s before trying again/);
  });

  it('is waited out for a write too: a 429 stored nothing', async () => {
    busy = 2;
    api.received.length = 0;
    const created = await setUp().comments.createComment(target, 'report');
    expect(created.id).toBe(3);
    expect(api.received.map((request) => request.method)).toEqual(['POST', 'POST', 'POST']);
  });

  it('accepts retry-after as an HTTP date', async () => {
    busy = 1;
    retryAfter = new Date(Date.now() + 1000).toUTCString();
    api.received.length = 0;
    const created = await setUp().comments.createComment(target, 'report');
    expect(created.id).toBe(3);
    expect(api.received).toHaveLength(2);
  });

  it('gives up after a bounded number of tries, with one line that is not about permissions', async () => {
    busy = -1;
    retryAfter = '1';
    api.received.length = 0;
    const error = (await setUp()
      .comments.createComment(target, 'report')
      .catch((caught: unknown) => caught)) as Error & { hint?: string };
    busy = 0;
    expect(api.received).toHaveLength(4);
    expect(error.message).toBe('cannot create a comment on pull request #1 of o/r: GitHub asked to slow down (429 Too Many Requests)');
    expect(error.hint).not.toMatch(/permission/);
  });

  it('fails at once when the wait asked for is longer than allowed', async () => {
    busy = 1;
    retryAfter = '600';
    api.received.length = 0;
    const { logger, comments } = setUp({ maxRateLimitWaitSeconds: 120 });
    await expect(comments.createComment(target, 'report')).rejects.toThrow(/GitHub asked to slow down \(429/);
    busy = 0;
    expect(api.received).toHaveLength(1);
    expect(logger.lines.join('\n')).toMatch(/asks to wait 600s, longer than 120s; giving up/);
  });
});
