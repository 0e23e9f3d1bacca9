// `cml report` end to end: a real git repository with a base branch, the training command run for
// real, and the loopback GitHub (every request checked against GitHub's OpenAPI description). The
// report is posted with metrics and params against the base, its plots published to the asset
// branch, the run facts and the job summary written, the comment kept sticky, and a failed command
// reported with its exit code returned.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { layoutQueue } from '../../../src/core/plot/layout-queue.js';
import { installChecksAndPulls } from '../../fakes/github/routes/checks-pulls.js';
import { branchFiles } from '../../fakes/github/routes/git-data.js';
import { tempDir } from '../../helpers/temp.js';
import { startHarness, type Harness } from '../comment/harness.js';
import { makeProject, report } from './harness.js';

let h: Harness;
let project: string;
const dir = tempDir();

beforeAll(async () => {
  h = await startHarness(dir);
  project = makeProject(dir);
  writeFileSync(
    join(project, 'scripts', 'fail.mjs'),
    'for (let i = 1; i <= 60; i += 1) console.log(`epoch ${i}`);\nconsole.error("CUDA out of memory");\nprocess.exit(3);\n',
  );
});
afterAll(() => h.fake.close());
afterEach(() => {
  expect(h.fake.violations).toEqual([]);
  h.fake.requests.length = 0;
});

function pullRequestEnv(number: number, extra: Record<string, string> = {}): Record<string, string> {
  const event = join(dir, `pull-${number}.json`);
  writeFileSync(event, JSON.stringify({ number, pull_request: { number, head: { sha: 'f'.repeat(40), ref: 'feature' }, base: { ref: 'main' } } }));
  return h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_STEP_SUMMARY: join(dir, `summary-${number}.md`), ...extra });
}

describe('cml report against the base branch', () => {
  it('runs the command, posts metrics, params, published plots and run facts, and writes the job summary', async () => {
    h.fake.addPull(h.repo, { number: 12, headSha: 'f'.repeat(40) });
    const { outcome, output } = await report(project, ['--', 'node', 'train.mjs'], pullRequestEnv(12));
    expect(outcome.exitCode).toBe(0);
    expect(output).toMatch(/trained 40 epochs: accuracy/);
    const [comment, ...others] = h.repo.issueComments.get(12)!;
    expect(others).toHaveLength(0);
    expect(outcome.url).toBe(`https://github.com/octo/models/pull/12#issuecomment-${comment!.id}`);
    const body = comment!.body;
    expect(body).toMatch(/^## Training report\n\n✅ \*\*Run succeeded\*\* in /);
    expect(body).toContain('### Metrics: `feature` vs `main`');
    expect(body).toMatch(/\| accuracy +\| [\d.]+ +\| [\d.]+ +\|/);
    expect(body).toMatch(/<details><summary>Params: 1 changed<\/summary>[\s\S]*\| learning_rate +\| 0\.5 +\| 2\.0 +\|/);
    expect(body).not.toMatch(/workspace|\brev\b/);
    // Plots with the base overlaid, published to the asset branch and sized for a comment.
    const images = [...body.matchAll(/<img src="([^"]+)" alt="([^"]+)"[^>]* width="(\d+)">/g)];
    expect(images.map((image) => image[2])).toEqual(['Training curve', 'Confusion matrix']);
    for (const [, src, , width] of images) {
      expect(src).toMatch(/^https:\/\/github\.com\/octo\/models\/blob\/cml-assets\/assets\/.+\.png\?raw=true$/);
      expect(Number(width)).toBeLessThanOrEqual(700);
    }
    expect([...branchFiles(h.repo, 'cml-assets').keys()].filter((path) => path.endsWith('.png'))).toHaveLength(2);
    // Run facts.
    expect(body).toContain('| Command | `node train.mjs` |');
    expect(body).toMatch(/\| Exit \| 0 \|/);
    expect(body).toMatch(/\| Peak memory \| [\d.]+ MiB \|/);
    expect(body).toContain('| Compared | `feature` with `main` |');
    expect(body).toContain('| Commit | fffffff |');
    expect(body).toContain('| Workflow run | [github.com/octo/models/actions/runs/777](https://github.com/octo/models/actions/runs/777) |');
    // The job summary has the whole report, with the published links.
    const summary = readFileSync(join(dir, 'summary-12.md'), 'utf8');
    expect(summary).toContain('### Metrics: `feature` vs `main`');
    expect(summary).toContain('blob/cml-assets/assets/');
    // The report and its images are also on disk, links relative to the file.
    const local = readFileSync(outcome.markdownFile, 'utf8');
    expect(local).toContain('<img src="report-plots/logs_train.png"');
    expect(existsSync(join(project, '.cml', 'report-plots', 'logs_train.png'))).toBe(true);
    // The Actions token is an installation token: who it is was asked of GraphQL, not GET /user (a 403).
    expect(h.fake.operations()).toContain('POST /graphql');
    expect(h.fake.operations()).not.toContain('GET /user');
  });

  it('running again edits the one comment', async () => {
    const { outcome } = await report(project, ['--', 'node', 'train.mjs'], pullRequestEnv(12));
    expect(outcome.updated).toBe(true);
    expect(h.repo.issueComments.get(12)).toHaveLength(1);
    expect(h.fake.operations()).toContain('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}');
  });

  it('finds its comment while the command runs, and posts a new one if it is deleted before the end', async () => {
    h.fake.addPull(h.repo, { number: 13, headSha: 'a'.repeat(40) });
    await report(project, ['--', 'node', 'train.mjs'], pullRequestEnv(13));
    const listing = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
    let deleted = false;
    // Once the comment has been found (the first listing), someone deletes it.
    h.fake.faults.push({
      match: (request) => {
        if (request.operation === listing && !deleted) {
          deleted = true;
          setImmediate(() => h.repo.issueComments.set(13, []));
        }
        return false;
      },
      reply: { status: 500 },
    });
    h.fake.requests.length = 0;
    const { outcome } = await report(project, ['--', 'node', 'train.mjs'], pullRequestEnv(13));
    expect(outcome.updated).toBe(false);
    expect(h.repo.issueComments.get(13)).toHaveLength(1);
    const posting = h.fake.operations().filter((operation) => /comments/.test(operation));
    expect(posting).toEqual([
      listing,
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
      listing,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    h.fake.faults.length = 0;
  });

  it('a failed command is reported with its last 50 lines, and its exit code is returned', async () => {
    const { outcome } = await report(project, ['--', 'node', 'scripts/fail.mjs'], pullRequestEnv(12));
    expect(outcome.exitCode).toBe(3);
    expect(outcome.commandExitCode).toBe(3);
    const body = h.repo.issueComments.get(12)![0]!.body;
    expect(body).toMatch(/❌ \*\*Run failed\*\* \(exit 3\) after /);
    expect(body).toContain('<details><summary>Last 50 lines of output</summary>');
    expect(body).toContain('CUDA out of memory');
    expect(body).toContain('epoch 60');
    expect(body).not.toMatch(/^epoch 11$/m);
    expect(body).toMatch(/^epoch 12$/m);
    expect(body).toContain('| Exit | 3 |');
  });

  it('a failed gate returns 1 after posting, and says which', async () => {
    const { outcome, lines } = await report(project, ['--fail-on', 'accuracy<0.99', '--no-publish'], pullRequestEnv(12));
    expect(outcome.exitCode).toBe(1);
    expect(h.repo.issueComments.get(12)![0]!.body).toMatch(/🔴 1 gate failed[\s\S]*> \[!CAUTION\]/);
    expect(lines.some((line) => /regression: accuracy is 0\.\d+, < 0\.99/.test(line))).toBe(true);
  });

  it('a create that GitHub answers with 502 after storing it is not posted twice', async () => {
    h.fake.addPull(h.repo, { number: 30, headSha: 'f'.repeat(40) });
    h.fake.faults.push({
      match: (request) => request.method === 'POST' && request.path.endsWith('/issues/30/comments'),
      after: true,
      reply: { status: 502, body: { message: 'Server Error' } },
    });
    const { outcome } = await report(project, ['--no-publish'], pullRequestEnv(30));
    expect(outcome.exitCode).toBe(0);
    expect(h.repo.issueComments.get(30)).toHaveLength(1);
  });

  it('--no-comment --md writes the report with its images beside it, and needs no token', async () => {
    const out = join(dir, 'local', 'comment.md');
    const { outcome } = await report(project, ['--no-comment', '--md', out], { GITHUB_TOKEN: undefined });
    expect(outcome.url).toBeUndefined();
    const text = readFileSync(out, 'utf8');
    for (const [, src] of text.matchAll(/<img src="([^"]+)"/g)) expect(existsSync(join(dir, 'local', src!))).toBe(true);
    expect(text).toContain('<img src="comment-plots/logs_train.png"');
  });

  it('lays out the plots before the smaller drift charts, so the chart rasterised last is a small one', async () => {
    // Each chart's estimated area, in the order the queue lays them out.
    const laidOut: number[] = [];
    const add = layoutQueue.add.bind(layoutQueue);
    const spy = vi.spyOn(layoutQueue, 'add').mockImplementation((jobs, run) =>
      add(jobs, async (job) => {
        laidOut.push(job.cost);
        await run(job);
      }),
    );
    try {
      const drift = ['--drift-reference', 'data/reference.csv', '--drift-current', 'data/current.csv'];
      const { outcome } = await report(project, ['--no-comment', '--md', join(dir, 'ordered', 'report.md'), ...drift, '--', 'node', 'train.mjs'], {
        GITHUB_TOKEN: undefined,
      });
      expect(outcome.commandExitCode).toBe(0);
    } finally {
      spy.mockRestore();
    }
    // Two plots (the confusion matrix has a column per revision) and two drifted columns.
    expect(laidOut).toHaveLength(4);
    expect(laidOut).toEqual([...laidOut].sort((a, b) => b - a));
  });
});

describe('what cml report refuses or skips', () => {
  it('without dvc.yaml or flags: one line saying what to declare', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(report(empty, ['--no-comment'], {})).rejects.toThrow(
      /nothing to report: no dvc\.yaml in .* and no --metrics, --params, --plots or --drift-reference/,
    );
  });

  it('--check also puts the report on the head commit as a check run, failed when the command failed', async () => {
    const checks = installChecksAndPulls(h.fake);
    await report(project, ['--check', '--no-publish', '--base', 'main', '--', 'node', '-e', '0'], pullRequestEnv(12));
    const run = checks.checkRuns.at(-1);
    expect(run).toMatchObject({ name: 'cml report', status: 'completed', conclusion: 'success' });
    expect(run?.summary).toContain('## Training report');
    const failed = await report(project, ['--check', '--no-publish', '--base', 'main', '--', 'node', '-e', 'process.exit(3)'], pullRequestEnv(12));
    expect(failed.outcome.exitCode).toBe(3);
    expect(checks.checkRuns.at(-1)).toMatchObject({ name: 'cml report', conclusion: 'failure' });
  });

  it('a push that is the head of an open pull request, in a workflow also on pull_request, does not post a second report', async () => {
    const sha = '9'.repeat(40);
    h.fake.addPull(h.repo, { number: 21, headSha: sha });
    h.repo.commitPulls.set(sha, [21]);
    mkdirSync(join(project, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(project, '.github', 'workflows', 'ci.yml'), 'on: [push, pull_request]\njobs: {}\n');
    const event = join(dir, 'push.json');
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/feature', after: sha }));
    const env = h.env({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: sha,
      GITHUB_WORKSPACE: project,
      GITHUB_WORKFLOW_REF: 'octo/models/.github/workflows/ci.yml@refs/heads/feature',
      GITHUB_STEP_SUMMARY: join(dir, 'summary-push.md'),
    });
    const { outcome, lines } = await report(project, ['--no-publish', '--base', 'main'], env);
    expect(outcome.url).toBeUndefined();
    expect(h.repo.issueComments.get(21)).toBeUndefined();
    expect(
      lines.some((line) =>
        /not posting: commit 9999999 is the head of pull request #21, and \.github\/workflows\/ci\.yml also runs on pull_request/.test(line),
      ),
    ).toBe(true);
    expect(readFileSync(join(dir, 'summary-push.md'), 'utf8')).toContain('## Training report');
  });
});
