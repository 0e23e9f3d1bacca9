// The node:http fetch the GitHub client uses: redirects, errors with causes, bounded waits.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetch } from '../../src/http/fetch.js';
import { createGitHubClient } from '../../src/forges/github/client.js';
import { createMemoryLogger } from '../../src/logger.js';

let server: Server;
let base = '';
const seen: Array<{ method: string; url: string; at: number }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', at: Date.now() });
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/moved') {
        response.writeHead(301, { location: '/final' }).end();
      } else if (request.url === '/post-redirect') {
        response.writeHead(303, { location: '/final' }).end();
      } else if (request.url === '/hang') {
        // Never answers; the client's timeout must end the wait.
      } else if (request.method === 'POST' && request.url?.endsWith('/comments')) {
        // A write must be answered with what it created (the client checks).
        response
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: seen.length, html_url: `https://github.com/o/r/issues/1#issuecomment-${seen.length}` }));
      } else {
        response.writeHead(200, { 'content-type': 'application/json', 'x-multi': 'a' }).end(JSON.stringify({ method: request.method, url: request.url, body }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('createHttpFetch', () => {
  const fetch = createHttpFetch({ timeoutMs: 300 });

  it('sends method, headers and body, and exposes status, headers and JSON', async () => {
    const response = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Multi')).toBe('a');
    expect([...(response.headers as unknown as Iterable<[string, string]>)].some(([name]) => name === 'content-type')).toBe(true);
    expect(await response.json()).toEqual({ method: 'POST', url: '/echo', body: '{"a":1}' });
  });

  it('follows redirects, turning a POST into a GET after 303', async () => {
    const moved = await fetch(`${base}/moved`);
    expect(moved.url).toBe(`${base}/final`);
    const after = await fetch(`${base}/post-redirect`, { method: 'POST', body: 'x' });
    expect(await after.json()).toMatchObject({ method: 'GET', url: '/final', body: '' });
  });

  it('fails with the network error as cause', async () => {
    const error = await fetch('http://127.0.0.1:1/').catch((caught: unknown) => caught as Error & { cause?: { code?: string } });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('gives up on a server that never answers', async () => {
    const error = (await fetch(`${base}/hang`).catch((caught: unknown) => caught)) as { cause?: { code?: string } };
    expect(error.cause?.code).toBe('ETIMEDOUT');
  });
});

describe('GitHub client pacing', () => {
  it('spaces mutating requests but not reads', async () => {
    seen.length = 0;
    const client = createGitHubClient({ token: 'ghp_pacingTest000000000001', baseUrl: base, logger: createMemoryLogger(), minimumWriteIntervalMs: 1000 });
    await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 1, body: 'a' });
    await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 1 });
    await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 1, body: 'b' });
    const [first, read, second] = seen;
    // The read does not wait for the write interval; the second write does.
    expect(read!.at - first!.at).toBeLessThan(1000);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(995);
  });

  it('logs each request at debug level, without the token', async () => {
    const logger = createMemoryLogger('debug');
    const client = createGitHubClient({ token: 'ghp_loggingTest0000000000001', baseUrl: base, logger, minimumWriteIntervalMs: 0 });
    await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 7, per_page: 100 });
    expect(logger.lines.join('\n')).toMatch(/debug: GET \/repos\/o\/r\/issues\/7\/comments\?per_page=100 -> 200 \(\d+ ms\)/);
    expect(logger.lines.join('\n')).not.toContain('ghp_loggingTest');
  });

  it('maps an unreachable API to one line naming the cause', async () => {
    const { createGitHubCommentApi } = await import('../../src/forges/github/comment-api.js');
    const client = createGitHubClient({ token: 'ghp_pacingTest000000000001', baseUrl: 'http://127.0.0.1:1', logger: createMemoryLogger(), retries: 0 });
    const api = createGitHubCommentApi(client, { owner: 'o', repo: 'r' }, createMemoryLogger());
    await expect(api.pullRequestsForCommit('abc1234')).rejects.toThrow(/cannot reach 127\.0\.0\.1:1: connection refused \(ECONNREFUSED\)$/);
  });
});
