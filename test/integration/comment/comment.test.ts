// `cml comment create|update` against the loopback GitHub: where reports go, how they stay
// sticky, and what happens when GitHub misbehaves. Every request is checked against GitHub's
// OpenAPI description; a test fails if the client sent anything GitHub would reject.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readMarker } from '../../../src/core/comment/marker.js';
import { tempDir } from '../../helpers/temp.js';
import { ALICE_TOKEN, HEAD_SHA, startHarness, type Harness } from './harness.js';

let h: Harness;
const dir = tempDir();

beforeAll(async () => {
  h = await startHarness(dir);
});
afterAll(async () => {
  await h.fake.close();
});
afterEach(() => {
  expect(h.fake.violations).toEqual([]);
  h.fake.requests.length = 0;
  h.fake.faults.length = 0;
});

const writes = (): string[] => h.fake.operations().filter((operation) => /^(POST|PATCH|PUT|DELETE) /.test(operation) && operation !== 'POST /graphql');

describe('where the report goes', () => {
  it('posts on the pull request of a pull_request event', async () => {
    h.fake.addPull(h.repo, { number: 12, headSha: HEAD_SHA });
    const { outcome } = await h.run(
      'create',
      [h.report('# Accuracy 0.91\n')],
      h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(12) }),
    );
    expect(outcome.target).toBe('pr/12');
    expect(outcome.url).toBe(`https://github.com/octo/models/pull/12#issuecomment-${outcome.id}`);
    const stored = h.repo.issueComments.get(12)!;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.body).toContain('# Accuracy 0.91');
    expect(stored[0]!.login).toBe('github-actions[bot]');
    // No lookup of pull requests by commit: the event already says which one.
    expect(h.fake.operations()).not.toContain('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls');
  });

  it('on a push, finds the open pull request whose head is the commit', async () => {
    const sha = '1111111111111111111111111111111111111111';
    h.fake.addPull(h.repo, { number: 30, headSha: sha, state: 'closed' });
    h.fake.addPull(h.repo, { number: 31, headSha: sha });
    const { outcome } = await h.run(
      'create',
      [h.report('push report')],
      h.env({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: h.pushEvent(), GITHUB_SHA: sha }),
    );
    expect(outcome.target).toBe('pr/31');
    expect(h.fake.operations()).toContain('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls');
  });

  it('on a push with no pull request, comments on the commit', async () => {
    const sha = '2222222222222222222222222222222222222222';
    const { outcome } = await h.run(
      'create',
      [h.report('commit report')],
      h.env({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: h.pushEvent(), GITHUB_SHA: sha }),
    );
    expect(outcome.target).toBe(`commit/${sha}`);
    expect(outcome.url).toMatch(new RegExp(`/commit/${sha}#commitcomment-\\d+$`));
    expect(h.repo.commitComments.get(sha)).toHaveLength(1);
  });

  it('honours explicit targets: pr/<n>, issue/<n>, commit/<sha>', async () => {
    h.fake.addPull(h.repo, { number: 40, headSha: '3333333333333333333333333333333333333333' });
    const env = h.env({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: h.pushEvent() });
    expect((await h.run('create', [h.report('a'), '--target', 'pr/40'], env)).outcome.target).toBe('pr/40');
    expect((await h.run('create', [h.report('b'), '--target', 'issue/5'], env)).outcome.target).toBe('issue/5');
    expect(h.repo.issueComments.get(5)).toHaveLength(1);
    const sha = '4444444444444444444444444444444444444444';
    expect((await h.run('create', [h.report('c'), '--target', `commit/${sha}`], env)).outcome.target).toBe(`commit/${sha}`);
  });

  it('reads options from CML_COMMENT_<OPTION> variables', async () => {
    const env = h.env({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: h.pushEvent(), CML_COMMENT_TARGET: 'issue/6' });
    expect((await h.run('create', [h.report('env')], env)).outcome.target).toBe('issue/6');
  });

  it('prefers --token over REPO_TOKEN over GITHUB_TOKEN', async () => {
    const env = h.env({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: h.pushEvent(), REPO_TOKEN: ALICE_TOKEN });
    await h.run('create', [h.report('as alice'), '--target', 'issue/7'], env);
    expect(h.repo.issueComments.get(7)![0]!.login).toBe('alice');
    await h.run('create', [h.report('as bot'), '--target', 'issue/7', '--token', env.GITHUB_TOKEN!], env);
    expect(h.repo.issueComments.get(7)![1]!.login).toBe('github-actions[bot]');
  });
});

describe('sticky reports', () => {
  it('updates our report found on a later page of a long thread, leaving others alone', async () => {
    h.fake.addPull(h.repo, { number: 50, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(50) });
    await h.run('create', [h.report('first version')], env);
    // Bury it under 260 comments: with 100 per page it is now on page 1 of 3, and its update must
    // still be found; then add our marker to someone else's comment on page 3.
    for (let index = 0; index < 260; index += 1) h.fake.addIssueComment(h.repo, 50, `user${index}`, `comment ${index}`);
    const ours = h.repo.issueComments.get(50)![0]!;
    const impostor = h.fake.addIssueComment(h.repo, 50, 'mallory', `copied ${ours.body}`);
    h.fake.requests.length = 0;

    const { outcome } = await h.run('update', [h.report('second version')], env);
    expect(outcome.updated).toBe(true);
    expect(outcome.id).toBe(ours.id);
    expect(ours.body).toContain('second version');
    expect(impostor.body).toContain('copied');
    expect(h.repo.issueComments.get(50)).toHaveLength(262);
    const listed = h.fake.requests.filter((request) => request.operation === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments');
    expect(listed.map((request) => request.query.get('page') ?? '1')).toEqual(['1', '2', '3']);
  });

  it('creates a new report when the only marked comments belong to someone else', async () => {
    h.fake.addPull(h.repo, { number: 51, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(51) });
    const foreign = h.fake.addIssueComment(h.repo, 51, 'mallory', 'x\n\n<!-- continuous-ml:report id="" post="abc" -->');
    const { outcome } = await h.run('update', [h.report('mine')], env);
    expect(outcome.updated).toBe(false);
    expect(foreign.body).toBe('x\n\n<!-- continuous-ml:report id="" post="abc" -->');
    expect(h.repo.issueComments.get(51)).toHaveLength(2);
  });

  it('keeps one report per watermark title', async () => {
    h.fake.addPull(h.repo, { number: 52, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(52) });
    await h.run('update', [h.report('train v1'), '--watermark-title', 'training'], env);
    await h.run('update', [h.report('eval v1'), '--watermark-title', 'evaluation'], env);
    await h.run('create', [h.report('train v2'), '--watermark-title', 'training', '--update'], env);
    const bodies = h.repo.issueComments.get(52)!.map((comment) => comment.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toContain('train v2');
    expect(bodies[1]).toContain('eval v1');
    expect(readMarker(bodies[0]!)?.id).toBe('training');
  });

  it('finds the identity of a personal token with GET /user and of the Actions token without it', async () => {
    h.fake.addPull(h.repo, { number: 53, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(53) });
    await h.run('update', [h.report('bot v1')], env);
    await h.run('update', [h.report('alice v1'), '--token', ALICE_TOKEN], env);
    await h.run('update', [h.report('bot v2')], env);
    await h.run('update', [h.report('alice v2'), '--token', ALICE_TOKEN], env);
    const comments = h.repo.issueComments.get(53)!;
    expect(comments.map((comment) => [comment.login, comment.body.split('\n')[0]])).toEqual([
      ['github-actions[bot]', 'bot v2'],
      ['alice', 'alice v2'],
    ]);
  });
});

describe('long reports', () => {
  it('cuts the comment at a clean place with a note, and keeps the full report in the job summary', async () => {
    h.fake.addPull(h.repo, { number: 60, headSha: HEAD_SHA });
    const summary = join(dir, 'summary.md');
    const rows = Array.from({ length: 4000 }, (_, index) => `| metric_${index} | ${(index / 7).toFixed(6)} |`);
    const report = `# Results\n\n| name | value |\n|---|---|\n${rows.join('\n')}\n\n\`\`\`\n${'log line\n'.repeat(3000)}\`\`\`\n`;
    expect(report.length).toBeGreaterThan(100_000);
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(60), GITHUB_STEP_SUMMARY: summary });
    await h.run('create', [h.report(report)], env);
    const body = h.repo.issueComments.get(60)![0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("cut to fit GitHub's limit");
    expect(body).toContain('https://github.com/octo/models/actions/runs/777');
    // Cut between table rows, never inside one.
    const lastRow = body
      .split('\n')
      .filter((line) => line.startsWith('| metric_'))
      .pop()!;
    expect(lastRow).toMatch(/^\| metric_\d+ \| [\d.]+ \|$/);
    // The marker survives the cut, at the very end, so the next --update still finds this report.
    expect(readMarker(body)).toEqual({ id: '', post: expect.stringMatching(/^[A-Za-z0-9_-]{6,}$/) });
    expect(body).toMatch(/<!-- continuous-ml:report id="" post="[^"]+" -->\s*$/);
    expect(readFileSync(summary, 'utf8')).toContain(rows[3999]);
  });
});

describe('when GitHub fails', () => {
  it('does not post twice when a create fails with 502 after it was stored', async () => {
    h.fake.addPull(h.repo, { number: 70, headSha: HEAD_SHA });
    h.fake.faults.push({ match: (request) => request.method === 'POST', after: true, reply: { status: 502, body: { message: 'Server Error' } } });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(70) });
    const { outcome, lines } = await h.run('create', [h.report('once only')], env);
    expect(h.repo.issueComments.get(70)).toHaveLength(1);
    expect(outcome.id).toBe(h.repo.issueComments.get(70)![0]!.id);
    expect(writes()).toEqual(['POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    expect(lines.join('\n')).toContain('not sending it again');
  });

  it('sends again when a create failed with 502 before it was stored', async () => {
    h.fake.addPull(h.repo, { number: 71, headSha: HEAD_SHA });
    h.fake.faults.push({ match: (request) => request.method === 'POST', reply: { status: 502, body: { message: 'Server Error' } } });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(71) });
    await h.run('create', [h.report('second try')], env);
    expect(h.repo.issueComments.get(71)).toHaveLength(1);
    expect(writes()).toHaveLength(2);
  });

  it('retries reads that fail with 5xx', async () => {
    h.fake.addPull(h.repo, { number: 72, headSha: HEAD_SHA });
    h.fake.faults.push({ match: (request) => request.method === 'GET', times: 2, reply: { status: 503, body: { message: 'Service Unavailable' } } });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(72) });
    const { outcome } = await h.run('update', [h.report('after outage')], env);
    expect(outcome.target).toBe('pr/72');
    expect(h.repo.issueComments.get(72)).toHaveLength(1);
  });

  it('waits out a secondary rate limit and then posts once', async () => {
    h.fake.addPull(h.repo, { number: 73, headSha: HEAD_SHA });
    h.fake.faults.push({
      match: (request) => request.method === 'POST',
      reply: {
        status: 403,
        headers: { 'retry-after': '2' },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      },
    });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(73) });
    const { lines } = await h.run('create', [h.report('patient')], env);
    expect(h.repo.issueComments.get(73)).toHaveLength(1);
    expect(writes()).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/secondary rate limit .* waiting 2s/);
  });

  it('says which permission is missing, and mentions forks', async () => {
    h.fake.addToken('ghs_readOnlyTokenForTests0000000000001', {
      login: 'github-actions[bot]',
      type: 'Bot',
      integration: true,
      permissions: { 'pull-requests': 'read' },
    });
    h.fake.addPull(h.repo, { number: 74, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(74), GITHUB_TOKEN: 'ghs_readOnlyTokenForTests0000000000001' });
    const failure = await h.run('create', [h.report('x')], env).catch((error: Error & { hint?: string }) => error);
    expect(failure).toBeInstanceOf(Error);
    const text = `${(failure as Error).message} ${(failure as { hint?: string }).hint}`;
    expect(text).toContain('Resource not accessible by integration');
    expect(text).toContain('pull-requests: write');
    expect(text).toContain('forks');
    expect(text).not.toContain('ghs_readOnly');
  });

  it('rejects a bad token with one clear line', async () => {
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(75), GITHUB_TOKEN: 'ghp_wrongTokenForTests000000000000001' });
    const failure = (await h.run('create', [h.report('x')], env).catch((error: unknown) => error)) as Error;
    expect(failure.message).toMatch(/401 Bad credentials/);
    expect(failure.message).not.toContain('ghp_wrong');
  });
});

describe('dry runs and local output', () => {
  it('--dry-run reads but writes nothing, and shows what would be sent', async () => {
    h.fake.addPull(h.repo, { number: 80, headSha: HEAD_SHA });
    const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(80) });
    const { outcome, lines } = await h.run('update', [h.report('preview'), '--dry-run'], env);
    expect(writes()).toEqual([]);
    expect(outcome.dryRun).toBe(true);
    expect(outcome.body).toContain('preview');
    expect(lines.join('\n')).toContain('would create a comment on pull request #80 of octo/models');
  });

  it('with no token and no GitHub context, writes the rendered comment locally', async () => {
    const local = join(dir, 'out', 'comment.md');
    const { outcome, lines } = await h.run('create', [h.report('offline'), '--local-file', local], { PATH: process.env.PATH ?? '' });
    expect(outcome.target).toBe('local');
    expect(outcome.url).toBe(local);
    expect(readFileSync(local, 'utf8')).toContain('offline');
    expect(lines.join('\n')).toContain('no GitHub token and not running in GitHub Actions');
    expect(h.fake.requests).toEqual([]);
  });

  it('inside Actions without a token, fails and says how to pass one', async () => {
    const env = h.env({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: h.pushEvent() });
    delete env.GITHUB_TOKEN;
    await expect(h.run('create', [h.report('x')], env)).rejects.toThrow(/no GitHub token/);
  });
});
