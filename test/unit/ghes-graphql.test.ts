// On GitHub Enterprise Server, REST lives under /api/v3 and GraphQL at /api/graphql: the identity
// lookup of an installation token must ask the latter.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/forges/github/client.js';
import { createGitHubCommentApi } from '../../src/forges/github/comment-api.js';
import { createMemoryLogger } from '../../src/logger.js';

let server: Server;
let base = '';
const paths: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    paths.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      if (request.url === '/api/v3/user') {
        response.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Resource not accessible by integration' }));
      } else if (request.url === '/api/graphql') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { viewer: { login: 'report-app' } } }));
      } else {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

it('asks /api/graphql for the identity of an app token on GitHub Enterprise Server', async () => {
  const logger = createMemoryLogger();
  const client = createGitHubClient({ token: 'ghs_enterpriseAppToken00000001', baseUrl: `${base}/api/v3`, logger, retries: 0 });
  // Not known to be an installation token: GET /user first, GraphQL after its 403.
  const api = createGitHubCommentApi(client, { owner: 'o', repo: 'r' }, logger);
  expect(await api.viewerLogin()).toBe('report-app[bot]');
  expect(paths).toEqual(['GET /api/v3/user', 'POST /api/graphql']);
  // An installation token: GraphQL at once.
  paths.length = 0;
  const app = createGitHubCommentApi(client, { owner: 'o', repo: 'r' }, logger, { installationToken: true });
  expect(await app.viewerLogin()).toBe('report-app[bot]');
  expect(paths).toEqual(['POST /api/graphql']);
});
