// `asset prune` racing a publish: the rewrite of the asset branch lands only if the branch still
// points where the prune read it; when another job moved it, the prune starts over (bounded) and
// keeps what that job published.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { runPrune } from '../../../src/commands/asset/prune.js';
import { runPublish } from '../../../src/commands/asset/publish.js';
import { buildPruneSettings, buildPublishSettings } from '../../../src/commands/asset/settings.js';
import { pruneSpec, publishSpec } from '../../../src/commands/asset/spec.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { branchFiles, branchHistory, gitStore } from '../../fakes/github/routes/git-data.js';
import { tempDir } from '../../helpers/temp.js';
import { FAST_CLIENT, startHarness, type Harness } from '../comment/harness.js';

const LATE = `assets/cc/${'c'.repeat(64)}.png`;
let h: Harness;
const dir = tempDir();

beforeAll(async () => {
  h = await startHarness(dir);
  writeFileSync(join(dir, 'a.png'), 'first plot');
  writeFileSync(join(dir, 'b.png'), 'second plot');
});
afterAll(() => h.fake.close());
afterEach(() => expect(h.fake.violations).toEqual([]));

/** Another job's publish: a commit on top of the head adding LATE, recorded in the index as added now. */
function publishElsewhere(): void {
  const store = gitStore(h.repo);
  const head = store.refs.get('refs/heads/cml-assets')!;
  const files = new Map(store.trees.get(store.commits.get(head)!.tree)!);
  store.blobs.set('c'.repeat(40), Buffer.from('late asset'));
  files.set(LATE, 'c'.repeat(40));
  const index = JSON.parse(store.blobs.get(files.get('index.json')!)!.toString()) as { assets: Record<string, unknown> };
  index.assets[LATE] = { added: new Date(Date.now() + 60_000).toISOString(), bytes: 10, contentType: 'image/png' };
  store.blobs.set('d'.repeat(40), Buffer.from(JSON.stringify(index)));
  files.set('index.json', 'd'.repeat(40));
  store.trees.set('e'.repeat(40), files);
  store.commits.set('f'.repeat(40), { tree: 'e'.repeat(40), parents: [head], message: 'other job', date: '2026-01-01T00:00:00Z' });
  store.refs.set('refs/heads/cml-assets', 'f'.repeat(40));
}

it('does not drop an asset published between its read of the branch and its rewrite', async () => {
  const env = h.env({ GITHUB_WORKSPACE: dir });
  for (const file of ['a.png', 'b.png']) {
    const parsed = parseCommand(publishSpec, [file], env);
    await runPublish(buildPublishSettings(parsed.values, parsed.positionals, env, dir), createMemoryLogger(), FAST_CLIENT);
  }
  let raced = false;
  h.fake.faults.push({
    // Whatever request moves the branch, the other job lands just before it.
    match: (request) => {
      const movesBranch = request.method === 'PATCH' || (request.path === '/graphql' && JSON.stringify(request.body).includes('updateRefs'));
      if (!movesBranch || raced) return false;
      raced = true;
      publishElsewhere();
      return false;
    },
    reply: { status: 200 },
  });
  const parsed = parseCommand(pruneSpec, ['--older-than', '0', '--no-keep-referenced'], env);
  const logger = createMemoryLogger();
  const outcome = await runPrune(buildPruneSettings(parsed.values, env), logger, FAST_CLIENT);
  expect(raced).toBe(true);
  expect(branchFiles(h.repo, 'cml-assets').get(LATE)?.toString()).toBe('late asset');
  expect(outcome.removed).toHaveLength(2);
  expect(outcome.kept).toBe(1);
  expect(branchHistory(h.repo, 'cml-assets')).toHaveLength(1);
  expect(logger.lines.join('\n')).toMatch(/moved while pruning; starting over/);
});

it('where GraphQL updateRefs is missing, fast-forwards on top of the head it read instead of forcing', async () => {
  const env = h.env({ GITHUB_WORKSPACE: dir });
  writeFileSync(join(dir, 'g.png'), 'third plot');
  const published = parseCommand(publishSpec, ['g.png'], env);
  await runPublish(buildPublishSettings(published.values, published.positionals, env, dir), createMemoryLogger(), FAST_CLIENT);
  const before = branchHistory(h.repo, 'cml-assets');
  h.fake.faults.push({
    match: (request) => request.path === '/graphql' && JSON.stringify(request.body).includes('updateRefs'),
    reply: { status: 200, body: { errors: [{ message: "Field 'updateRefs' doesn't exist on type 'Mutation'" }] } },
  });
  const parsed = parseCommand(pruneSpec, ['--older-than', '0', '--no-keep-referenced'], env);
  const logger = createMemoryLogger();
  h.fake.requests.length = 0;
  const outcome = await runPrune(buildPruneSettings(parsed.values, env), logger, FAST_CLIENT);
  expect(outcome.removed.length).toBeGreaterThan(0);
  expect([...branchFiles(h.repo, 'cml-assets').keys()].sort()).toEqual([LATE, 'index.json'].sort());
  expect(branchHistory(h.repo, 'cml-assets')).toEqual(expect.arrayContaining(before));
  expect(h.fake.requests.filter((request) => request.method === 'PATCH').map((request) => (request.body as { force?: boolean }).force)).toEqual([false]);
  expect(logger.lines.join('\n')).toMatch(/cannot swap a branch atomically .* stay in its history/);
});
