// The GitHub client and redirects: the token never reaches another origin, a write is never
// passed on to one, and a write that stored nothing is an error, not "created comment undefined".

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../src/forges/github/client.js';
import { createGitHubCommentApi } from '../../../src/forges/github/comment-api.js';
import { GitHubApiError } from '../../../src/forges/github/errors.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { startOrigin, type Origin } from '../http/two-origins.js';

const TOKEN = 'ghp_redirectedWrites0000000001';
const comment = (id: number) => ({ id, html_url: `https://github.com/o/r/pull/1#issuecomment-${id}`, body: 'report', user: { login: 'me' } });

let api: Origin;
let other: Origin;
/** Where the API sends requests to /repos/moved/…: "other" (another origin) or "renamed" (same origin). */
const redirects: Array<{ path: RegExp; status: number; to: (path: string) => string }> = [];

beforeAll(async () => {
  other = await startOrigin((request, response) => {
    // Answers like a server that accepts anything: what a naive client would take for success.
    response.writeHead(request.method === 'GET' ? 200 : 201, { 'content-type': 'application/json' }).end(request.method === 'GET' ? '[]' : '{"ok":true}');
  });
  api = await startOrigin((request, response) => {
    const rule = redirects.find((candidate) => candidate.path.test(request.url));
    if (rule) {
      response.writeHead(rule.status, { location: rule.to(request.url) }).end();
      return;
    }
    if (request.url.startsWith('/repos/o/empty/')) {
      response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    response
      .writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' })
      .end(JSON.stringify(request.method === 'GET' ? [comment(1)] : comment(2)));
  });
});
afterAll(async () => {
  await api.close();
  await other.close();
});

const client = () => createGitHubClient({ token: TOKEN, baseUrl: api.base, logger: createMemoryLogger(), retries: 0, minimumWriteIntervalMs: 0 });
const commentApi = (repo: string) => createGitHubCommentApi(client(), { owner: 'o', repo }, createMemoryLogger());
const target = { kind: 'pull-request', number: 1 } as const;

describe('redirects to another origin', () => {
  it('a 302 GET reaches the other origin without the token', async () => {
    redirects.splice(0, Infinity, { path: /^\/repos\/o\/away\//, status: 302, to: (path) => `${other.base}${path}` });
    other.received.length = 0;
    await client().request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'away', issue_number: 1 });
    expect(other.received).toHaveLength(1);
    expect(other.received[0]!.headers.authorization).toBeUndefined();
  });

  it('a 307 POST fails with one line, and the other origin sees neither the token nor the body', async () => {
    redirects.splice(0, Infinity, { path: /^\/repos\/o\/away\//, status: 307, to: (path) => `${other.base}${path}` });
    other.received.length = 0;
    const error = (await commentApi('away')
      .createComment(target, 'report')
      .catch((caught: unknown) => caught)) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.message).toMatch(
      /^cannot create a comment on pull request #1 of o\/away: the API redirected the POST \(307\) to http:\/\/127\.0\.0\.1:\d+\/repos\/o\/away\/issues\/1\/comments, so nothing was sent on or stored$/,
    );
    expect(error.uncertain).toBe(false);
    expect(other.received).toEqual([]);
  });

  it('a 303 (or 301/302) that would turn a PATCH or POST into a GET fails the write', async () => {
    for (const status of [301, 302, 303]) {
      redirects.splice(0, Infinity, { path: /^\/repos\/o\/away\//, status, to: () => '/repos/o/r/issues/1/comments' });
      await expect(commentApi('away').updateComment(target, 5, 'report')).rejects.toThrow(new RegExp(`the API redirected the PATCH \\(${status}\\)`));
      await expect(commentApi('away').createComment(target, 'report')).rejects.toThrow(new RegExp(`the API redirected the POST \\(${status}\\)`));
    }
  });
});

describe('a write that stored nothing', () => {
  it('is an error when a success answer lacks the comment', async () => {
    const error = (await commentApi('empty')
      .createComment(target, 'report')
      .catch((caught: unknown) => caught)) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.message).toBe('cannot create a comment on pull request #1 of o/empty: the API answered 201 without the id and html_url of what it wrote');
    // It may have been stored: the caller looks before sending again.
    expect(error.uncertain).toBe(true);
  });
});

describe('a renamed repository', () => {
  it('still takes writes: 307 on the same origin is followed with method, body and token', async () => {
    redirects.splice(0, Infinity, { path: /^\/repos\/o\/old\//, status: 307, to: (path) => path.replace('/o/old/', '/o/r/') });
    api.received.length = 0;
    const created = await commentApi('old').createComment(target, 'report');
    expect(created).toMatchObject({ id: 2, url: 'https://github.com/o/r/pull/1#issuecomment-2' });
    const [first, second] = api.received;
    expect(first!.url).toBe('/repos/o/old/issues/1/comments');
    expect(second).toMatchObject({ method: 'POST', url: '/repos/o/r/issues/1/comments', body: '{"body":"report"}' });
    expect(second!.headers.authorization).toBe(`token ${TOKEN}`);
  });
});
