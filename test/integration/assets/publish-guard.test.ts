// What may never be published: anything under .git/ (actions/checkout keeps the job token in
// .git/config), dotfiles and files git ignores (.env, credentials) unless named with
// --allow-hidden, files outside the workspace (also through symlinks, also for `asset publish`),
// and files over GitHub's blob limit, refused from their size before they are read.

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPublish } from '../../../src/commands/asset/publish.js';
import { buildPublishSettings } from '../../../src/commands/asset/settings.js';
import { publishSpec } from '../../../src/commands/asset/spec.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { branchFiles } from '../../fakes/github/routes/git-data.js';
import { tempDir } from '../../helpers/temp.js';
import { FAST_CLIENT, HEAD_SHA, startHarness, type Harness } from '../comment/harness.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const TOKEN_LINE = 'extraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==';
const outside = tempDir('cml-outside-');
const dir = tempDir();
let h: Harness;

beforeAll(async () => {
  h = await startHarness(dir);
  execFileSync('git', ['init', '-q', dir]);
  writeFileSync(join(dir, '.git', 'config'), `[http "https://github.com/"]\n\t${TOKEN_LINE}\n`, { flag: 'a' });
  writeFileSync(join(dir, '.gitignore'), 'secrets/\n');
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'secrets', 'key.png'), 'ignored secret');
  writeFileSync(join(dir, '.env'), 'AWS_SECRET_ACCESS_KEY=dotenv-secret');
  writeFileSync(join(dir, '.hidden-plot.png'), Buffer.concat([PNG, Buffer.from('hidden')]));
  writeFileSync(join(dir, 'plot.png'), PNG);
  symlinkSync(join(dir, '.git', 'config'), join(dir, 'config.png'));
  writeFileSync(join(outside, 'secret.png'), 'outside secret');
  symlinkSync(join(outside, 'secret.png'), join(dir, 'sneaky.png'));
  // Sparse: over the limit by its size, without taking the disk space.
  writeFileSync(join(dir, 'huge.png'), '');
  truncateSync(join(dir, 'huge.png'), 101 * 1024 * 1024);
});
afterAll(() => h.fake.close());
afterEach(() => {
  expect(h.fake.violations).toEqual([]);
  h.fake.requests.length = 0;
});

function published(): string {
  return [...branchFiles(h.repo, 'cml-assets').values()].map((file) => file.toString('latin1')).join('\n');
}

describe('comment create --publish', () => {
  it('never publishes .git/ (even through a symlink), dotfiles or ignored files, and says why', async () => {
    h.fake.addPull(h.repo, { number: 200, headSha: HEAD_SHA });
    const report = [
      '[cfg](.git/config)',
      '[env](.env)',
      '![hidden](.hidden-plot.png)',
      '![key](secrets/key.png)',
      '![cfg link](config.png)',
      '![ok](plot.png)',
    ].join('\n');
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(200), GITHUB_WORKSPACE: dir });
    const { lines } = await h.run('create', [h.report(report, 'report.md')], env);
    const body = h.repo.issueComments.get(200)![0]!.body;
    expect(body).toContain('[cfg](.git/config)');
    expect(body).toContain('[env](.env)');
    expect(body).toContain('![hidden](.hidden-plot.png)');
    expect(body).toContain('![key](secrets/key.png)');
    expect(body).toContain('![cfg link](config.png)');
    expect(body).toMatch(/!\[ok\]\(https:\/\/github\.com\/octo\/models\/blob\/cml-assets\//);
    const log = lines.join('\n');
    expect(log).toMatch(/not publishing \.git\/config: it is inside \.git\//);
    expect(log).toMatch(/not publishing config\.png: it is inside \.git\//);
    expect(log).toMatch(/not publishing \.env: a hidden file .*--allow-hidden/);
    expect(log).toMatch(/not publishing secrets\/key\.png: git ignores it .*--allow-hidden/);
    expect(published()).not.toContain('eC1hY2Nlc3MtdG9rZW46');
    expect(published()).not.toContain('dotenv-secret');
    expect(published()).not.toContain('ignored secret');
  });

  it('publishes a dotfile or ignored file named with --allow-hidden, but never .git/', async () => {
    h.fake.addPull(h.repo, { number: 201, headSha: HEAD_SHA });
    const report = ['![hidden](.hidden-plot.png)', '![key](secrets/key.png)', '[cfg](.git/config)'].join('\n');
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(201), GITHUB_WORKSPACE: dir });
    const argv = [h.report(report, 'report2.md'), '--allow-hidden', '.hidden-plot.png', '--allow-hidden', 'secrets', '--allow-hidden', '.git'];
    const { lines } = await h.run('create', argv, env);
    const body = h.repo.issueComments.get(201)![0]!.body;
    expect(body).toMatch(/!\[hidden\]\(https:\/\/github\.com\//);
    expect(body).toMatch(/!\[key\]\(https:\/\/github\.com\//);
    expect(body).toContain('[cfg](.git/config)');
    expect(lines.join('\n')).toMatch(/not publishing \.git\/config: it is inside \.git\//);
    expect(published()).not.toContain('eC1hY2Nlc3MtdG9rZW46');
  });

  it('refuses a file over the blob limit in one line, from its size', async () => {
    h.fake.addPull(h.repo, { number: 202, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(202), GITHUB_WORKSPACE: dir });
    const { lines } = await h.run('create', [h.report('![huge](huge.png)', 'report3.md')], env);
    expect(h.repo.issueComments.get(202)![0]!.body).toContain('![huge](huge.png)');
    expect(lines.join('\n')).toMatch(/not publishing huge\.png: 101 MiB, over the 100 MiB a file may have on branch cml-assets/);
  });
});

describe('asset publish', () => {
  async function publish(argv: string[]) {
    const env = h.env({ GITHUB_WORKSPACE: dir });
    const parsed = parseCommand(publishSpec, argv, env);
    return runPublish(buildPublishSettings(parsed.values, parsed.positionals, env, dir), createMemoryLogger(), FAST_CLIENT);
  }

  it.each([
    ['a file outside the workspace', join(outside, 'secret.png'), /outside the workspace/],
    ['a symlink leading outside', 'sneaky.png', /outside the workspace/],
    ['.git/config', '.git/config', /inside \.git\//],
    ['a symlink into .git/', 'config.png', /inside \.git\//],
    ['a dotfile', '.env', /a hidden file .*--allow-hidden/],
    ['an ignored file', 'secrets/key.png', /git ignores it .*--allow-hidden/],
    ['a file over the blob limit', 'huge.png', /101 MiB, over the 100 MiB/],
  ])('refuses %s in one line', async (_what, file, message) => {
    await expect(publish([file])).rejects.toThrow(message);
    expect(h.fake.operations().filter((operation) => operation.startsWith('POST'))).toEqual([]);
  });

  it('publishes a dotfile named with --allow-hidden', async () => {
    const result = await publish(['.hidden-plot.png', '--allow-hidden', '.hidden-plot.png']);
    expect(result.url).toContain('/blob/cml-assets/assets/');
    await expect(publish(['.git/config', '--allow-hidden', '.git/config'])).rejects.toThrow(/inside \.git\//);
  });
});
