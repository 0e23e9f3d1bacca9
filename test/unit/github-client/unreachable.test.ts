// An API that cannot be reached (DNS, refused connection) before anything was sent: the error says
// so, a write that fails this way is not "uncertain", and a host name that does not exist is not
// asked for again.

import { createServer } from 'node:net';
import type { AddressInfo, LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionFailedError, connectionFailureOf, createHttpFetch } from '../../../src/http/fetch.js';
import { createGitHubClient } from '../../../src/forges/github/client.js';
import { createGitHubCommentApi } from '../../../src/forges/github/comment-api.js';
import { GitHubApiError } from '../../../src/forges/github/errors.js';
import { postComment } from '../../../src/core/comment/post.js';
import { describeError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/logger.js';

/** A resolver for which no name exists, counting the questions. */
const unknownHosts = () => {
  const asked: string[] = [];
  const lookup = ((hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) => {
    asked.push(hostname);
    process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname })));
  }) as unknown as LookupFunction;
  return { asked, lookup };
};

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('fetch errors before anything was sent', () => {
  it('a refused connection is a ConnectionFailedError, still a TypeError with Node error as cause', async () => {
    const port = await closedPort();
    const error = (await createHttpFetch()(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught)) as ConnectionFailedError;
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ requestSent: false, code: 'ECONNREFUSED', host: `127.0.0.1:${port}`, reason: 'connection refused (ECONNREFUSED)' });
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('a failed DNS lookup names the host', async () => {
    const error = (await createHttpFetch({ lookup: unknownHosts().lookup })('https://api.github.com/user').catch(
      (caught: unknown) => caught,
    )) as ConnectionFailedError;
    expect(error.message).toBe('cannot reach api.github.com: DNS lookup failed (ENOTFOUND)');
  });

  it('a connection that drops after the request went out is not one', async () => {
    const server = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const error = await createHttpFetch()(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }).catch((caught: unknown) => caught);
    server.close();
    expect(error).toBeInstanceOf(TypeError);
    expect(connectionFailureOf(error)).toBeUndefined();
  });
});

describe('the GitHub client when the API cannot be reached', () => {
  const target = { kind: 'pull-request', number: 1 } as const;

  it('fails a write with one line, as certainly not done', async () => {
    const client = createGitHubClient({
      token: 'ghp_unreachable00000000000001',
      baseUrl: 'https://api.github.com',
      logger: createMemoryLogger(),
      http: { lookup: unknownHosts().lookup },
    });
    const error = (await createGitHubCommentApi(client, { owner: 'o', repo: 'r' }, createMemoryLogger())
      .createComment(target, 'report')
      .catch((caught: unknown) => caught)) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.notSent).toBe(true);
    expect(error.uncertain).toBe(false);
    expect(describeError(error)).toBe(
      'cannot create a comment on pull request #1 of o/r: cannot reach api.github.com: DNS lookup failed (ENOTFOUND) (check the network or GITHUB_API_URL)',
    );
  });

  it('makes posting a comment fail at once, without talking about an unconfirmed write', async () => {
    const logger = createMemoryLogger();
    const client = createGitHubClient({
      token: 'ghp_unreachable00000000000001',
      baseUrl: 'https://api.github.com',
      logger,
      http: { lookup: unknownHosts().lookup },
    });
    const sleeps: number[] = [];
    const api = createGitHubCommentApi(client, { owner: 'o', repo: 'r' }, logger);
    const settings = { markdown: 'report', target, update: false, watermarkTitle: '', removeWatermark: false, fullReportUrl: undefined };
    await expect(postComment(settings, { api, logger, sleep: async (ms) => void sleeps.push(ms), nonce: () => 'n1' })).rejects.toThrow(
      /cannot reach api\.github\.com/,
    );
    expect(sleeps).toEqual([]);
    expect(logger.lines.join('\n')).not.toMatch(/did not confirm/);
  });

  it('does not ask again for a host name that does not exist, but retries a refused connection', async () => {
    const dns = unknownHosts();
    const unknown = createGitHubClient({
      token: 'ghp_unreachable00000000000001',
      baseUrl: 'https://api.github.com',
      logger: createMemoryLogger(),
      retries: 3,
      millisecondsPerSecond: 1,
      http: { lookup: dns.lookup },
    });
    await expect(unknown.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).rejects.toThrow();
    expect(dns.asked).toEqual(['api.github.com']);

    const logger = createMemoryLogger('debug');
    const refused = createGitHubClient({
      token: 'ghp_unreachable00000000000001',
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      logger,
      retries: 2,
      millisecondsPerSecond: 1,
    });
    await expect(refused.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).rejects.toThrow();
    expect(logger.lines.filter((line) => /GET \/repos\/o\/r -> no answer: ECONNREFUSED/.test(line))).toHaveLength(3);
  });
});
