// The push credentials: git sends exactly our header to the forge's server, even when a checkout
// persisted one in .git/config, while neither argv nor .git/config carries the token; and
// `repo prepare` keeps it for later steps without it ever being in a process's argv.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { persistCredentials, remoteBranch } from '../../../src/git/commits.js';
import { Git } from '../../../src/git/git.js';
import { tempDir } from '../../helpers/temp.js';
import { git } from './harness.js';

const dir = tempDir('cml-git-auth-');
let server: Server;
let base = '';
const seen: string[][] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    const headers: string[] = [];
    for (let index = 0; index < request.rawHeaders.length; index += 2) {
      if (request.rawHeaders[index]?.toLowerCase() === 'authorization') headers.push(request.rawHeaders[index + 1] ?? '');
    }
    seen.push(headers);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server.close());

it('sends only the given header, replacing one persisted by a checkout, and leaves .git/config alone', async () => {
  git(dir, 'init', '--quiet', 'clone');
  const clone = join(dir, 'clone');
  git(clone, 'config', `http.${base}.extraheader`, 'AUTHORIZATION: basic b2xkOm9sZA==');
  const before = readFileSync(join(clone, '.git', 'config'), 'utf8');
  const repository = await Git.find(clone);
  await expect(remoteBranch(repository, `${base}octo/models.git`, 'main', { serverUrl: base, header: 'AUTHORIZATION: basic bmV3Om5ldw==' })).rejects.toThrow();
  expect(seen.length).toBeGreaterThan(0);
  for (const headers of seen) expect(headers).toEqual(['basic bmV3Om5ldw==']);
  expect(readFileSync(join(clone, '.git', 'config'), 'utf8')).toBe(before);
});

it('persists the header for later steps in the repository config only', async () => {
  git(dir, 'init', '--quiet', 'prepared');
  const clone = join(dir, 'prepared');
  const repository = await Git.find(clone);
  await persistCredentials(repository, { serverUrl: 'https://github.com/', header: 'AUTHORIZATION: basic c2VjcmV0' });
  expect(git(clone, 'config', '--get-all', 'http.https://github.com/.extraheader').trim()).toBe('AUTHORIZATION: basic c2VjcmV0');
  // Again (a second prepare): still one header.
  await persistCredentials(repository, { serverUrl: 'https://github.com/', header: 'AUTHORIZATION: basic c2VjcmV0Mg==' });
  expect(git(clone, 'config', '--get-all', 'http.https://github.com/.extraheader').trim()).toBe('AUTHORIZATION: basic c2VjcmV0Mg==');
});
