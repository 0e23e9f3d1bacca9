// The asset branch read ahead of time (while a training command runs, for `cml report`): storing
// later starts from that state without reading it again, and a branch another job moved in the
// meantime is read again, so nothing that job published is lost.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { runPublish } from '../../../src/commands/asset/publish.js';
import { buildPublishSettings } from '../../../src/commands/asset/settings.js';
import { publishSpec } from '../../../src/commands/asset/spec.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { makeAsset } from '../../../src/core/assets/content.js';
import { openForge } from '../../../src/forges/drivers.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { branchFiles, branchHistory } from '../../fakes/github/routes/git-data.js';
import { callsMutation } from '../../fakes/github/server.js';
import { tempDir } from '../../helpers/temp.js';
import { FAST_CLIENT, startHarness, type Harness } from '../comment/harness.js';

let h: Harness;
const dir = tempDir();

beforeAll(async () => {
  h = await startHarness(dir);
  writeFileSync(join(dir, 'first.png'), 'first plot');
  writeFileSync(join(dir, 'other.png'), "another job's plot");
});
afterAll(() => h.fake.close());
afterEach(() => {
  expect(h.fake.violations).toEqual([]);
  h.fake.requests.length = 0;
});

const env = () => h.env({ GITHUB_WORKSPACE: dir });

async function publishFile(file: string): Promise<string> {
  const parsed = parseCommand(publishSpec, [file], env());
  return (await runPublish(buildPublishSettings(parsed.values, parsed.positionals, env(), dir), createMemoryLogger(), FAST_CLIENT)).url;
}

function openStore() {
  const parsed = parseCommand(publishSpec, ['first.png'], env());
  const { connection } = buildPublishSettings(parsed.values, parsed.positionals, env(), dir);
  return openForge(connection, { logger: createMemoryLogger(), client: FAST_CLIENT }).assetStore('cml-assets');
}

const pathOf = (url: string) => /blob\/cml-assets\/(.+)\?raw=true$/.exec(url)![1]!;

it('stores from the state read ahead: assets already there cost no request at all', async () => {
  const url = await publishFile('first.png');
  h.fake.requests.length = 0;
  const store = openStore();
  await store.prefetch!();
  expect(h.fake.operations().filter((operation) => !operation.startsWith('GET'))).toEqual([]);
  const reads = h.fake.requests.length;
  expect(reads).toBe(3); // the ref, its commit, index.json

  const asset = makeAsset(Buffer.from('first plot'), 'image/png', '.png');
  const urls = await store.store([asset]);
  expect(urls.get(asset.path)).toBe(url);
  expect(h.fake.requests).toHaveLength(reads);
});

it('reads the branch again when another job moved it after the read ahead, and keeps what that job published', async () => {
  const store = openStore();
  await store.prefetch!();
  const before = branchHistory(h.repo, 'cml-assets')[0];
  const otherUrl = await publishFile('other.png');
  const otherHead = branchHistory(h.repo, 'cml-assets')[0];
  const commits = branchHistory(h.repo, 'cml-assets').length;
  h.fake.requests.length = 0;

  const asset = makeAsset(Buffer.from('a new plot'), 'image/png', '.png');
  await store.store([asset]);
  // The first commit (on the old head) was refused as stale; the second, on the new head, landed.
  const attempts = h.fake.requests.filter((request) => callsMutation(request.body, 'createCommitOnBranch'));
  expect(attempts.map((request) => (request.body as { variables: { input: { expectedHeadOid: string } } }).variables.input.expectedHeadOid)).toEqual([
    before,
    otherHead,
  ]);
  const files = branchFiles(h.repo, 'cml-assets');
  expect(files.get(asset.path)?.toString()).toBe('a new plot');
  expect(files.get(pathOf(otherUrl))?.toString()).toBe("another job's plot");
  const index = JSON.parse(files.get('index.json')!.toString()) as { assets: Record<string, unknown> };
  expect(Object.keys(index.assets)).toEqual(expect.arrayContaining([asset.path, pathOf(otherUrl)]));
  expect(branchHistory(h.repo, 'cml-assets')).toHaveLength(commits + 1);
});

it('a failed read ahead is not an error: storing reads the branch itself', async () => {
  const store = openStore();
  h.fake.faults.push({
    match: (request) => request.method === 'GET' && request.path.includes('/git/ref/'),
    reply: { status: 500, body: { message: 'Server Error' } },
    times: 10,
  });
  await expect(store.prefetch!()).resolves.toBeUndefined();
  h.fake.faults.length = 0;
  h.fake.requests.length = 0;
  const asset = makeAsset(Buffer.from('first plot'), 'image/png', '.png');
  await store.store([asset]);
  expect(h.fake.operations().filter((operation) => operation.startsWith('GET'))).toHaveLength(3);
});
