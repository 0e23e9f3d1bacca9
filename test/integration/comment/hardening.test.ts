// Rough edges of `comment` and `asset` found by probing: AWS secrets in the environment are
// masked, a 403 on image upload still posts the report (saying what was not published and why),
// --watch without a token is an error, and a DNS failure fails at once (nothing was sent).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';
import { HEAD_SHA, startHarness, type Harness } from './harness.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789';
let h: Harness;
const dir = tempDir();

beforeAll(async () => {
  h = await startHarness(dir);
  writeFileSync(join(dir, 'plot.png'), 'a plot');
});
afterAll(() => h.fake.close());
afterEach(() => {
  expect(h.fake.violations).toEqual([]);
  h.fake.faults.length = 0;
});

describe('AWS secrets in the environment', () => {
  it.each([
    ['comment create', ['comment', 'create', `${SECRET}.md`]],
    ['asset publish', ['asset', 'publish', `${SESSION}.png`]],
    ['asset prune', ['asset', 'prune', '--repo', `${SECRET}/x`]],
  ])('are masked by %s', async (_name, argv) => {
    const env = { ...h.env(), AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION };
    const result = await runCommand(argv, { cwd: dir, env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('***');
    expect(result.stderr + result.stdout).not.toContain(SECRET);
    expect(result.stderr + result.stdout).not.toContain(SESSION);
  });
});

describe('publishing refused for permissions', () => {
  it('posts the report anyway, with its links as written, and says which files were not published and why', async () => {
    h.fake.addToken('ghs_noContentsWrite000000000000000001', {
      login: 'github-actions[bot]',
      type: 'Bot',
      integration: true,
      permissions: { contents: 'read', 'pull-requests': 'write', issues: 'write' },
    });
    h.fake.addPull(h.repo, { number: 300, headSha: HEAD_SHA });
    const env = h.env({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: h.pullRequestEvent(300),
      GITHUB_WORKSPACE: dir,
      GITHUB_TOKEN: 'ghs_noContentsWrite000000000000000001',
    });
    const { outcome, lines } = await h.run('create', [h.report('# Results\n![plot](plot.png)\n')], env);
    expect(outcome.target).toBe('pr/300');
    expect(h.repo.issueComments.get(300)![0]!.body).toContain('![plot](plot.png)');
    expect(lines.join('\n')).toMatch(/not published: plot\.png: .*not allowed.*contents: write/);
  });
});

describe('--watch', () => {
  it('without a token is an error line, not a silent exit 0', async () => {
    const result = await runCommand(['comment', 'create', h.report('x'), '--watch'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--watch needs a GitHub token/);
  });
});

describe('no network', () => {
  it('a DNS failure fails at once in one line, without talking about an unconfirmed write', async () => {
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(301), GITHUB_API_URL: 'http://api.cml-test.invalid' });
    const failure = (await h.run('create', [h.report('offline')], env).catch((error: unknown) => error)) as Error;
    expect(failure.message).toMatch(/cannot reach [^:]+: DNS lookup failed \((ENOTFOUND|EAI_AGAIN)\)/);
    const result = await runCommand(['comment', 'create', h.report('offline again')], { cwd: dir, env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toMatch(/did not confirm|checking whether it was stored/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
