// Publishing report assets to the repository's asset branch through the loopback GitHub (Git
// Data API checked against GitHub's OpenAPI description), rewriting a report's links, refusing
// files outside the workspace, the --publish-url endpoint, and pruning.

import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPrune } from '../../../src/commands/asset/prune.js';
import { runPublish } from '../../../src/commands/asset/publish.js';
import { buildPruneSettings, buildPublishSettings } from '../../../src/commands/asset/settings.js';
import { publishSpec, pruneSpec } from '../../../src/commands/asset/spec.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { callsMutation, type FakeRequest } from '../../fakes/github/server.js';
import { branchFiles, branchHistory, gitStore } from '../../fakes/github/routes/git-data.js';
import { tempDir } from '../../helpers/temp.js';
import { HEAD_SHA, startHarness, type Harness } from '../comment/harness.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5a1d1a50000000049454e44ae426082',
  'hex',
);
const fast = { millisecondsPerSecond: 5, minimumWriteIntervalMs: 0 };
let h: Harness;
const dir = tempDir();
const outside = tempDir('cml-outside-');

beforeAll(async () => {
  h = await startHarness(dir);
  mkdirSync(join(dir, 'plots'), { recursive: true });
  writeFileSync(join(dir, 'plots', 'confusion.png'), PNG);
  writeFileSync(join(dir, 'plots', 'roc.png'), Buffer.concat([PNG, Buffer.from('roc')]));
  writeFileSync(join(dir, 'metrics.csv'), 'epoch,loss\n1,0.5\n');
  writeFileSync(join(outside, 'secret.png'), Buffer.from('not for the public'));
  symlinkSync(join(outside, 'secret.png'), join(dir, 'plots', 'sneaky.png'));
});
afterAll(() => h.fake.close());
afterEach(() => {
  expect(h.fake.violations).toEqual([]);
  h.fake.requests.length = 0;
  h.fake.faults.length = 0;
});

const isCommitOnBranch = (request: FakeRequest): boolean => callsMutation(request.body, 'createCommitOnBranch');

async function publish(argv: string[], env = h.env()) {
  const parsed = parseCommand(publishSpec, argv, env);
  return runPublish(buildPublishSettings(parsed.values, parsed.positionals, env, dir), createMemoryLogger(), fast);
}

describe('cml asset publish', () => {
  it('creates the asset branch, stores the file under its content hash, and prints a repository URL', async () => {
    const result = await publish(['plots/confusion.png', '--md', '--title', 'Confusion matrix']);
    expect(result.url).toMatch(/^https:\/\/github\.com\/octo\/models\/blob\/cml-assets\/assets\/[0-9a-f]{2}\/[0-9a-f]{64}\.png\?raw=true$/);
    expect(result.markdown).toBe(`![Confusion matrix](${result.url})`);
    const files = branchFiles(h.repo, 'cml-assets');
    const path = /blob\/cml-assets\/(.+)\?raw=true$/.exec(result.url)![1]!;
    expect(files.get(path)).toEqual(PNG);
    expect(JSON.parse(files.get('index.json')!.toString()).assets[path]).toMatchObject({ bytes: PNG.length, contentType: 'image/png' });
    // The branch starts at a commit of an empty index (no blob uploads); the file goes in one GraphQL commit.
    expect(h.fake.operations().filter((operation) => operation.startsWith('POST') || operation.startsWith('PATCH'))).toEqual([
      'POST /repos/{owner}/{repo}/git/trees',
      'POST /repos/{owner}/{repo}/git/commits',
      'POST /repos/{owner}/{repo}/git/refs',
      'POST /graphql',
    ]);
    expect(h.fake.requests.filter(isCommitOnBranch)).toHaveLength(1);
    expect(branchHistory(h.repo, 'cml-assets')).toHaveLength(2);
  });

  it('commits on a new branch that another job created first', async () => {
    // Another job's first publish creates the branch between our read and our ref creation.
    let raced = false;
    h.fake.faults.push({
      match: (request) => {
        if (raced || request.operation !== 'POST /repos/{owner}/{repo}/git/refs') return false;
        raced = true;
        const store = gitStore(h.repo);
        store.trees.set('7'.repeat(40), new Map());
        store.commits.set('e'.repeat(40), { tree: '7'.repeat(40), parents: [], message: 'other job', date: '2026-01-01T00:00:00Z' });
        store.refs.set('refs/heads/raced-assets', 'e'.repeat(40));
        return false;
      },
      reply: { status: 200 },
    });
    const result = await publish(['plots/confusion.png', '--asset-branch', 'raced-assets']);
    const history = branchHistory(h.repo, 'raced-assets');
    expect(history).toHaveLength(2);
    expect(history).toContain('e'.repeat(40));
    expect(branchFiles(h.repo, 'raced-assets').get(/blob\/raced-assets\/(.+)\?raw=true$/.exec(result.url)![1]!)).toEqual(PNG);
  });

  it('stores the same bytes once', async () => {
    const commits = branchHistory(h.repo, 'cml-assets').length;
    const again = await publish(['plots/confusion.png']);
    expect(branchHistory(h.repo, 'cml-assets')).toHaveLength(commits);
    expect(h.fake.operations().filter((operation) => operation.startsWith('POST'))).toEqual([]);
    expect(again.url).toContain('/blob/cml-assets/assets/');
  });

  it('adds to the branch with one GraphQL commit on the head it read, and starts over when another job moved it', async () => {
    const before = branchHistory(h.repo, 'cml-assets');
    // Another job publishes between our read of the branch and our commit.
    let raced = false;
    h.fake.faults.push({
      match: (request) => {
        if (!isCommitOnBranch(request) || raced) return false;
        raced = true;
        const store = gitStore(h.repo);
        const head = store.refs.get('refs/heads/cml-assets')!;
        const tree = store.commits.get(head)!.tree;
        store.commits.set('f'.repeat(40), { tree, parents: [head], message: 'other job', date: '2026-01-01T00:00:00Z' });
        store.refs.set('refs/heads/cml-assets', 'f'.repeat(40));
        return false;
      },
      reply: { status: 200 },
    });
    const result = await publish(['plots/roc.png', '--md']);
    expect(result.markdown).toMatch(/^!\[roc\.png\]\(/);
    const after = branchHistory(h.repo, 'cml-assets');
    expect(after).toContain('f'.repeat(40));
    expect(after.length).toBe(before.length + 2);
    // No Git Data API writes: one refused commit (stale head) and one that landed.
    expect(h.fake.operations().filter((operation) => operation.startsWith('POST /repos') || operation.startsWith('PATCH'))).toEqual([]);
    expect(h.fake.requests.filter(isCommitOnBranch)).toHaveLength(2);
    const path = /blob\/cml-assets\/(.+)\?raw=true\)$/.exec(result.markdown)![1]!;
    expect(branchFiles(h.repo, 'cml-assets').get(path)).toEqual(Buffer.concat([PNG, Buffer.from('roc')]));
  });

  it('uses the Git Data API where GitHub has no createCommitOnBranch (older Enterprise Server)', async () => {
    writeFileSync(join(dir, 'plots', 'enterprise.png'), Buffer.concat([PNG, Buffer.from('enterprise')]));
    const before = branchHistory(h.repo, 'cml-assets');
    h.fake.faults.push({
      match: isCommitOnBranch,
      reply: { status: 200, body: { errors: [{ message: "Field 'createCommitOnBranch' doesn't exist on type 'Mutation'" }] } },
    });
    const result = await publish(['plots/enterprise.png']);
    expect(branchHistory(h.repo, 'cml-assets')).toHaveLength(before.length + 1);
    expect(h.fake.operations().filter((operation) => operation.startsWith('POST /repos') || operation.startsWith('PATCH'))).toEqual([
      'POST /repos/{owner}/{repo}/git/blobs',
      'POST /repos/{owner}/{repo}/git/trees',
      'POST /repos/{owner}/{repo}/git/commits',
      'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
    ]);
    expect(branchFiles(h.repo, 'cml-assets').get(/blob\/cml-assets\/(.+)\?raw=true$/.exec(result.url)![1]!)).toEqual(
      Buffer.concat([PNG, Buffer.from('enterprise')]),
    );
  });

  it('a commit whose answer is lost is found on the branch, and not made twice', async () => {
    writeFileSync(join(dir, 'plots', 'lost.png'), Buffer.concat([PNG, Buffer.from('lost answer')]));
    const before = branchHistory(h.repo, 'cml-assets');
    h.fake.faults.push({ match: isCommitOnBranch, after: true, reply: { status: 502, body: { message: 'Bad Gateway' } } });
    const result = await publish(['plots/lost.png']);
    expect(branchHistory(h.repo, 'cml-assets')).toHaveLength(before.length + 1);
    expect(h.fake.requests.filter(isCommitOnBranch)).toHaveLength(1);
    expect(branchFiles(h.repo, 'cml-assets').get(/blob\/cml-assets\/(.+)\?raw=true$/.exec(result.url)![1]!)).toEqual(
      Buffer.concat([PNG, Buffer.from('lost answer')]),
    );
  });

  it('prints [title](url) for files that are not images', async () => {
    const result = await publish(['metrics.csv', '--md']);
    expect(result.markdown).toMatch(/^\[metrics\.csv\]\(https:\/\/github\.com\/.+\.csv\?raw=true\)$/);
  });

  it('says which permission is missing', async () => {
    h.fake.addToken('ghs_readOnlyContents00000000000000001', {
      login: 'github-actions[bot]',
      type: 'Bot',
      integration: true,
      permissions: { contents: 'read' },
    });
    writeFileSync(join(dir, 'new.png'), Buffer.concat([PNG, Buffer.from('new')]));
    await expect(publish(['new.png'], h.env({ GITHUB_TOKEN: 'ghs_readOnlyContents00000000000000001' }))).rejects.toThrow(/not allowed/);
    try {
      await publish(['new.png'], h.env({ GITHUB_TOKEN: 'ghs_readOnlyContents00000000000000001' }));
    } catch (error) {
      expect((error as { hint?: string }).hint).toContain('contents: write');
    }
  });

  it('fails clearly for a missing file', async () => {
    await expect(publish(['nope.png'])).rejects.toThrow(/file not found: .*nope\.png/);
  });
});

describe('cml comment create --publish', () => {
  it('uploads each local image once, rewrites all four link forms, and leaves outside and missing files alone', async () => {
    h.fake.addPull(h.repo, { number: 100, headSha: HEAD_SHA });
    const report = [
      '# Results',
      '![Confusion](plots/confusion.png "Confusion matrix")',
      '![Again](./plots/confusion.png)',
      '![roc][roc]',
      '<img src="plots/roc.png" width="400">',
      '![dot](data:image/png;base64,' + PNG.toString('base64') + ')',
      '![escape](../' + outside.split('/').pop() + '/secret.png)',
      '![link out](plots/sneaky.png)',
      '![missing](plots/missing.png)',
      '![web](https://example.com/x.png)',
      '',
      '[roc]: plots/roc.png',
    ].join('\n');
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(100), GITHUB_WORKSPACE: dir });
    const { lines } = await h.run('create', [h.report(report)], env);
    const body = h.repo.issueComments.get(100)![0]!.body;
    const urls = [...body.matchAll(/https:\/\/github\.com\/octo\/models\/blob\/cml-assets\/(assets\/[^?]+)\?raw=true/g)].map((match) => match[1]);
    expect(urls).toHaveLength(5);
    expect(new Set(urls).size).toBe(2); // confusion (twice + data URI: same bytes) and roc (twice)
    expect(body).toContain('"Confusion matrix")');
    expect(body).toMatch(/^\[roc\]: https:\/\/github\.com\/.+\?raw=true$/m);
    expect(body).toMatch(/<img src="https:\/\/github\.com\/[^"]+" width="400">/);
    expect(body).toContain('/secret.png)');
    expect(body).toContain('![link out](plots/sneaky.png)');
    expect(body).toContain('![missing](plots/missing.png)');
    expect(body).toContain('![web](https://example.com/x.png)');
    const log = lines.join('\n');
    expect(log).toMatch(/not publishing \.\.\/.+secret\.png: outside the workspace/);
    expect(log).toMatch(/not publishing plots\/sneaky\.png: outside the workspace/);
    expect(log).toMatch(/not publishing plots\/missing\.png: file not found/);
    for (const file of branchFiles(h.repo, 'cml-assets').values()) expect(file.toString()).not.toContain('not for the public');
  });

  it('--no-publish leaves the links as written', async () => {
    h.fake.addPull(h.repo, { number: 101, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(101), GITHUB_WORKSPACE: dir });
    await h.run('create', [h.report('![c](plots/confusion.png)'), '--no-publish'], env);
    expect(h.repo.issueComments.get(101)![0]!.body).toContain('![c](plots/confusion.png)');
  });

  it('--publish-url posts the bytes to a self-hosted endpoint and links its answer', async () => {
    const received: Array<{ type: string | undefined; bytes: number }> = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ type: request.headers['content-type'], bytes: Buffer.concat(chunks).length });
        response.end(`https://assets.example.com/${received.length}.png\n`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
    try {
      h.fake.addPull(h.repo, { number: 102, headSha: HEAD_SHA });
      const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(102), GITHUB_WORKSPACE: dir });
      await h.run('create', [h.report('![c](plots/confusion.png)'), '--publish-url', endpoint], env);
      expect(received).toEqual([{ type: 'image/png', bytes: PNG.length }]);
      expect(h.repo.issueComments.get(102)![0]!.body).toContain('![c](https://assets.example.com/1.png)');
    } finally {
      server.close();
    }
  });

  it('--dry-run names what it would upload and uploads nothing', async () => {
    h.fake.addPull(h.repo, { number: 103, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(103), GITHUB_WORKSPACE: dir });
    const { lines } = await h.run('create', [h.report('![c](plots/confusion.png)\n![s](plots/sneaky.png)\n![m](gone.png)'), '--dry-run'], env);
    expect(lines.join('\n')).toContain('would publish 1 linked file: plots/confusion.png');
    expect(lines.join('\n')).toMatch(/would not publish plots\/sneaky\.png: outside the workspace/);
    expect(lines.join('\n')).toMatch(/would not publish gone\.png: file not found/);
    expect(h.fake.operations().filter((operation) => /^(POST|PATCH)/.test(operation) && operation !== 'POST /graphql')).toEqual([]);
  });
});

describe('cml asset prune', () => {
  it('drops old assets that no open pull request shows, and rewrites the branch history', async () => {
    const env = h.env();
    const parsed = parseCommand(pruneSpec, ['--older-than', '0'], env);
    const settings = buildPruneSettings(parsed.values, env);
    // Everything is older than 0 days; what pull request #100's comment shows must stay.
    const shown = new Set([...h.repo.issueComments.get(100)![0]!.body.matchAll(/blob\/cml-assets\/(assets\/[^?]+)/g)].map((match) => match[1]!));
    const before = [...branchFiles(h.repo, 'cml-assets').keys()].filter((path) => path !== 'index.json');
    const dry = await runPrune({ ...settings, dryRun: true }, createMemoryLogger(), fast);
    expect([...branchFiles(h.repo, 'cml-assets').keys()].filter((path) => path !== 'index.json')).toEqual(before);

    const outcome = await runPrune(settings, createMemoryLogger(), fast);
    expect(outcome.removed).toEqual(dry.removed);
    const after = [...branchFiles(h.repo, 'cml-assets').keys()].filter((path) => path !== 'index.json');
    expect(new Set(after)).toEqual(shown);
    expect(outcome.removed.length).toBe(before.length - shown.size);
    expect(outcome.removed.length).toBeGreaterThan(0);
    expect(branchHistory(h.repo, 'cml-assets')).toHaveLength(1);
    const index = JSON.parse(branchFiles(h.repo, 'cml-assets').get('index.json')!.toString()) as { assets: Record<string, unknown> };
    expect(Object.keys(index.assets).sort()).toEqual([...shown].sort());
  });

  it('keeps everything younger than the cut-off', async () => {
    const env = h.env();
    const parsed = parseCommand(pruneSpec, ['--older-than', '30d', '--no-keep-referenced'], env);
    const outcome = await runPrune(buildPruneSettings(parsed.values, env), createMemoryLogger(), fast);
    expect(outcome.removed).toEqual([]);
  });

  it('rejects a malformed --older-than', () => {
    const parsed = parseCommand(pruneSpec, ['--older-than', 'a week'], {});
    expect(() => buildPruneSettings(parsed.values, {})).toThrow(/not a number of days/);
  });
});
