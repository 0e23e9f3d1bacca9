// `cml check create`, `cml workflow rerun`, `cml tensorboard connect`, `cml repo prepare` and
// GitHub App authentication, against the loopback GitHub (and a bare git remote).

import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/commands/check/run.js';
import { buildCheckSettings } from '../../../src/commands/check/settings.js';
import { checkSpec } from '../../../src/commands/check/spec.js';
import { runRepoPrepare } from '../../../src/commands/repo/run.js';
import { buildRepoPrepareSettings } from '../../../src/commands/repo/settings.js';
import { repoPrepareSpec } from '../../../src/commands/repo/spec.js';
import { runWorkflowRerun } from '../../../src/commands/workflow/run.js';
import { buildWorkflowRerunSettings } from '../../../src/commands/workflow/settings.js';
import { workflowRerunSpec } from '../../../src/commands/workflow/spec.js';
import { describeError } from '../../../src/errors.js';
import { runCommand } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';
import { CLIENT, git, logger, parse, PERSONAL_TOKEN, startHarness, write, type Harness } from '../pr/harness.js';

const dir = tempDir('cml-check-');
let h: Harness;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

beforeAll(async () => {
  h = await startHarness(dir, 'checked');
  h.state.addApp('4242', publicPem, 'octo/models');
});
afterAll(async () => {
  expect(h.fake.violations.map((line) => line.slice(0, 400))).toEqual([]);
  await h.fake.close();
});

async function check(argv: string[], env = h.env()) {
  const log = logger();
  const parsed = parse(checkSpec, argv, env);
  const settings = buildCheckSettings(parsed.values, parsed.positionals, env, h.clone);
  return { result: await runCheck(settings, { logger: log, client: CLIENT }), lines: log.lines };
}

function report(text: string, name = 'report.md'): string {
  const path = join(h.clone, name);
  writeFileSync(path, text);
  return path;
}

describe('cml check create', () => {
  it('puts the report on the head of the pull request, completed and successful by default', async () => {
    const event = join(dir, 'event.json');
    const prHead = 'c'.repeat(40);
    writeFileSync(event, JSON.stringify({ pull_request: { number: 3, head: { sha: prHead } } }));
    const { result } = await check([report('## Model\n\naccuracy 0.93\n')], h.env({ GITHUB_EVENT_PATH: event, GITHUB_EVENT_NAME: 'pull_request' }));
    const run = h.state.checkRuns.at(-1)!;
    expect(result.url).toBe(`https://github.com/octo/models/runs/${run.id}`);
    expect([run.name, run.headSha, run.status, run.conclusion, run.title]).toEqual(['CML Report', prHead, 'completed', 'success', 'CML Report']);
    expect(run.summary).toBe('## Model\n\naccuracy 0.93\n');
  });

  it('on an explicit sha, with a conclusion, status and title', async () => {
    await check([report('failing gates\n'), '--commit-sha', h.head, '--conclusion', 'failure', '--title', 'Gates']);
    const run = h.state.checkRuns.at(-1)!;
    expect([run.name, run.headSha, run.conclusion]).toEqual(['Gates', h.head, 'failure']);
    await check([report('training\n'), '--status', 'in_progress']);
    expect([h.state.checkRuns.at(-1)!.status, h.state.checkRuns.at(-1)!.conclusion]).toEqual(['in_progress', null]);
  });

  it("cuts a long report to GitHub's limit with a note, and keeps it whole in the job summary", async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const long = Array.from({ length: 3000 }, (_, index) => `| row ${index} | ${'x'.repeat(20)} |`).join('\n') + '\n';
    const { lines } = await check([report(long)], h.env({ GITHUB_STEP_SUMMARY: summary }));
    const run = h.state.checkRuns.at(-1)!;
    expect(run.summary.length).toBeLessThanOrEqual(65_535);
    expect(run.summary).toMatch(/cut to fit GitHub's limit on check run output .*\[job summary\]\(https:\/\/github.com\/octo\/models\/actions\/runs\/777\)/);
    expect(readFileSync(summary, 'utf8')).toContain(long);
    expect(lines.join('\n')).toMatch(/the check run shows the first/);
  });

  it('publishes linked images as comment create does', async () => {
    write(h.clone, { 'plot.png': '\x89PNG fake bytes' });
    await check([report('![plot](plot.png)\n')]);
    expect(h.state.checkRuns.at(-1)!.summary).toMatch(/^!\[plot\]\(https:\/\/github.com\/octo\/models\/blob\/cml-assets\/.+\?raw=true\)\n$/);
  });

  it("turns GitHub's refusal of a personal token into one line saying which token to use", async () => {
    const error = await check([report('x\n'), '--no-publish'], h.env({ REPO_TOKEN: PERSONAL_TOKEN })).catch((caught: unknown) => caught);
    expect(describeError(error)).toMatch(
      /only for the workflow's GITHUB_TOKEN or a GitHub App, not for a personal access token \(drop --token\/REPO_TOKEN .* --github-app-id/,
    );
  });

  it('rejects a conclusion CML does not know as a usage mistake', async () => {
    const run = await runCommand(['check', 'create', 'report.md', '--conclusion', 'passed'], { cwd: h.clone, env: h.env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--conclusion must be one of success, failure, neutral, cancelled, skipped, timed_out; got "passed"/);
  });
});

describe('GitHub App authentication', () => {
  it('mints an installation token with the App key (file path) and uses it, never printing it', async () => {
    const keyFile = join(dir, 'app.pem');
    writeFileSync(keyFile, privatePem);
    const env = h.env({ GITHUB_TOKEN: '', CML_GITHUB_APP_ID: '4242', CML_GITHUB_APP_PRIVATE_KEY: keyFile });
    const { lines } = await check([report('from the app\n'), '--no-publish'], env);
    expect(h.state.mintedTokens).toHaveLength(1);
    expect(h.state.checkRuns.at(-1)!.login).toBe('app-4242[bot]');
    expect(lines.join('\n')).not.toContain(h.state.mintedTokens[0]);
    expect(h.fake.operations()).toEqual(
      expect.arrayContaining(['GET /repos/{owner}/{repo}/installation', 'POST /app/installations/{installation_id}/access_tokens']),
    );
  });

  it('takes the key as PEM text in a flag, with literal \\n as secrets often carry it', async () => {
    const pemOneLine = privatePem.trim().replace(/\n/g, '\\n');
    const env = h.env({ GITHUB_TOKEN: '' });
    await check([report('flags\n'), '--no-publish', '--github-app-id', '4242', `--github-app-private-key=${pemOneLine}`], env);
    expect(h.state.checkRuns.at(-1)!.login).toBe('app-4242[bot]');
  });

  it('serves the other commands too: comment create posts as the App', async () => {
    const event = join(dir, 'event-app.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 8, head: { sha: h.head } } }));
    h.fake.addPull(h.repo, { number: 8, headSha: h.head });
    const env = h.env({
      GITHUB_TOKEN: '',
      CML_GITHUB_APP_ID: '4242',
      CML_GITHUB_APP_PRIVATE_KEY: privatePem,
      GITHUB_EVENT_PATH: event,
      GITHUB_EVENT_NAME: 'pull_request',
    });
    const run = await runCommand(['comment', 'create', report('from the app\n', 'app.md'), '--no-publish'], { cwd: h.clone, env });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain(h.state.mintedTokens.at(-1));
    expect(h.repo.issueComments.get(8)?.at(-1)?.login).toBe('app-4242[bot]');
  });

  it('says in one line when the App is not installed on the repository', async () => {
    h.state.addApp('5151', publicPem);
    const env = h.env({ GITHUB_TOKEN: '', CML_GITHUB_APP_ID: '5151', CML_GITHUB_APP_PRIVATE_KEY: privatePem });
    const error = await check([report('x\n'), '--no-publish'], env).catch((caught: unknown) => caught);
    expect(describeError(error)).toMatch(/GitHub App 5151 is not installed on octo\/models/);
  });

  it('refuses an App id without its key, and a key that is not one', async () => {
    expect(() => buildCheckSettings(parse(checkSpec, ['r.md'], {}).values, ['r.md'], { CML_GITHUB_APP_ID: '1' }, h.clone)).toThrow(
      /CML_GITHUB_APP_ID is set but CML_GITHUB_APP_PRIVATE_KEY is not/,
    );
    expect(() =>
      buildCheckSettings(
        parse(checkSpec, ['r.md'], {}).values,
        ['r.md'],
        { CML_GITHUB_APP_ID: '1', CML_GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----' },
        h.clone,
      ),
    ).toThrow(/cannot be read as a PEM private key/);
  });
});

describe('cml workflow rerun', () => {
  async function rerun(argv: string[], env = h.env()) {
    const log = logger();
    await runWorkflowRerun(buildWorkflowRerunSettings(parse(workflowRerunSpec, argv, env).values, env), { logger: log, client: CLIENT });
    return log.lines;
  }

  it('re-runs the failed jobs of the run', async () => {
    h.state.runs.set('octo/models#31337', 'failure');
    const lines = await rerun(['--id', '31337']);
    expect(h.state.rerunRequests).toEqual([31337]);
    expect(lines.join('\n')).toMatch(/re-running the failed jobs of run 31337 of octo\/models/);
  });

  it('names actions: write when the token may not', async () => {
    h.fake.addToken('ghs_readActions000000000000000000001', { login: 'github-actions[bot]', type: 'Bot', integration: true, permissions: { actions: 'read' } });
    const error = await rerun(['--id', '31337'], h.env({ GITHUB_TOKEN: 'ghs_readActions000000000000000000001' })).catch((caught: unknown) => caught);
    expect(describeError(error)).toMatch(/permissions: actions: write/);
  });

  it('needs --id', async () => {
    const run = await runCommand(['workflow', 'rerun'], { cwd: h.clone, env: h.env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs --id <run id>/);
  });
});

describe('cml tensorboard connect', () => {
  it('exits 1 with one line saying tensorboard.dev is gone and what to use instead', async () => {
    for (const argv of [
      ['tensorboard', 'connect', '--logdir', 'logs', '--md'],
      ['tensorboard-dev', '--credentials', '{}'],
    ]) {
      const run = await runCommand(argv, { cwd: h.clone, env: {} });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/tensorboard.dev shut down in January 2024.*cml tensorboard scalars <logdir>/);
    }
  });
});

describe("CML's native-store flags", () => {
  it('accepts --publish-native on comment create and --native on asset publish, and changes nothing', async () => {
    write(h.clone, { 'native.png': '\x89PNG native bytes' });
    const comment = await runCommand(['comment', 'create', report('![n](native.png)\n', 'native.md'), '--publish-native', '--dry-run'], {
      cwd: h.clone,
      env: h.env(),
    });
    expect(comment.stderr).not.toMatch(/unknown option/);
    expect(comment.code).toBe(0);
    const asset = await runCommand(['asset', 'publish', 'native.png', '--native'], { cwd: h.clone, env: h.env() });
    expect(asset.code).toBe(0);
    expect(asset.stdout).toMatch(/^https:\/\/github.com\/octo\/models\/blob\/cml-assets\/.+\?raw=true\n$/);
  });
});

describe('cml repo prepare', () => {
  it('sets the git user, keeps the token for later pushes and fetches the whole history', async () => {
    const shallow = join(dir, 'shallow');
    write(h.clone, { 'second.txt': '2\n' });
    git(h.clone, 'add', '--all');
    git(h.clone, 'commit', '--quiet', '-m', 'second');
    git(h.clone, 'push', '--quiet', 'origin', 'main');
    git(dir, 'clone', '--quiet', '--depth=1', `file://${h.remote}`, shallow);
    expect(git(shallow, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const env = h.env();
    const settings = buildRepoPrepareSettings(parse(repoPrepareSpec, [], env).values, env, shallow);
    const log = logger();
    await runRepoPrepare(settings, { logger: log, client: CLIENT });
    expect(git(shallow, 'rev-parse', '--is-shallow-repository').trim()).toBe('false');
    expect(git(shallow, 'config', 'user.name').trim()).toBe('github-actions[bot]');
    const header = git(shallow, 'config', '--get-all', 'http.https://github.com/.extraheader').trim();
    expect(header).toBe(`AUTHORIZATION: basic ${Buffer.from(`x-access-token:${env.GITHUB_TOKEN}`).toString('base64')}`);
    expect(log.lines.join('\n')).not.toContain(env.GITHUB_TOKEN);
  });
});
