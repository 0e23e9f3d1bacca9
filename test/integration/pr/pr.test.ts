// `cml pr create` against a bare git remote and the loopback GitHub: the first run commits and
// opens one pull request, a re-run reuses it, nothing to commit opens nothing, merge or auto-merge.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../../src/errors.js';
import { runPr } from '../../../src/commands/pr/run.js';
import { buildPrSettings } from '../../../src/commands/pr/settings.js';
import { prSpec } from '../../../src/commands/pr/spec.js';
import { runCommand } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';
import { ACTIONS_TOKEN, CLIENT, git, logger, parse, PERSONAL_TOKEN, startHarness, write, type Harness } from './harness.js';

const dir = tempDir('cml-pr-');
let h: Harness;
beforeAll(async () => {
  h = await startHarness(dir, 'pr');
});
afterAll(async () => {
  expect(h.fake.violations.map((line) => line.slice(0, 400))).toEqual([]);
  await h.fake.close();
});

async function pr(argv: string[], env = h.env(), cwd = h.clone) {
  const log = logger();
  const parsed = parse(prSpec, argv, env);
  const settings = buildPrSettings(parsed.values, parsed.positionals, env, cwd);
  const outcome = await runPr(settings, { logger: log, client: CLIENT });
  return { outcome, lines: log.lines };
}

describe('cml pr create', () => {
  it('commits the given file on a branch named after HEAD, pushes it and opens one pull request', async () => {
    write(h.clone, { 'model.pkl': 'weights-1\n', 'notes.txt': 'not asked for\n' });
    const { outcome } = await pr(['model.pkl', '--skip-ci']);
    const branch = `main-cml-pr-${h.head.slice(0, 7)}`;
    expect(outcome.branch).toBe(branch);
    expect(outcome.created).toBe(true);
    expect(outcome.pull?.url).toBe('https://github.com/octo/models/pull/1');
    // On the remote: one commit on top of HEAD with only model.pkl, by the Actions bot, [skip ci].
    expect(git(h.remote, 'rev-parse', `${branch}^`).trim()).toBe(h.head);
    expect(git(h.remote, 'show', '--name-only', '--format=%an <%ae>%n%s', branch).trim().split('\n')).toEqual([
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
      `CML PR for ${h.head.slice(0, 7)} [skip ci]`,
      '',
      'model.pkl',
    ]);
    const pull = h.repo.pulls.get(1)!;
    expect([pull.headRef, pull.baseRef, pull.title]).toEqual([branch, 'main', `CML PR for main ${h.head.slice(0, 7)}`]);
    // The work tree, the index and the current branch are as they were.
    expect(git(h.clone, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(git(h.clone, 'rev-parse', 'HEAD').trim()).toBe(h.head);
    expect(git(h.clone, 'status', '--porcelain').trim().split('\n').sort()).toEqual(['?? model.pkl', '?? notes.txt']);
  });

  it('on a re-run updates the branch and reuses the open pull request', async () => {
    write(h.clone, { 'model.pkl': 'weights-2\n' });
    const { outcome, lines } = await pr(['model.pkl']);
    expect(outcome.created).toBe(false);
    expect(outcome.pull?.number).toBe(1);
    expect(h.repo.pulls.size).toBe(1);
    expect(git(h.remote, 'show', `${outcome.branch}:model.pkl`)).toBe('weights-2\n');
    expect(lines.join('\n')).toMatch(/reusing open pull request #1/);

    // The same changes again: nothing pushed, the same pull request.
    const again = await pr(['model.pkl']);
    expect(again.outcome.pull?.number).toBe(1);
    expect(again.lines.join('\n')).toMatch(/already has these changes/);
  });

  it('with nothing to commit says so, pushes nothing and opens nothing', async () => {
    const before = git(h.remote, 'for-each-ref', '--format=%(refname)');
    const { outcome, lines } = await pr(['train.py', '--branch', 'empty-branch']);
    expect(outcome.pull).toBeUndefined();
    expect(lines.join('\n')).toMatch(/nothing to commit in train.py/);
    expect(git(h.remote, 'for-each-ref', '--format=%(refname)')).toBe(before);
  });

  it('commits every change when no path is given, and prints [title](url) with --md', async () => {
    write(h.clone, { 'data/new.csv': 'a\n1\n', 'cache/skip.bin': 'ignored\n' });
    const run = await runCommand(['pr', 'create', '--md', '--branch', 'all-changes', '--title', 'Retrained [v2]', '--log', 'warn'], {
      cwd: h.clone,
      env: h.env(),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('[Retrained \\[v2\\]](https://github.com/octo/models/pull/2)\n');
    const files = git(h.remote, 'show', '--name-only', '--format=', 'all-changes').trim().split('\n').sort();
    expect(files).toEqual(['data/new.csv', 'model.pkl', 'notes.txt']);
  });

  it('merges now when GitHub allows it, and turns on auto-merge when it does not', async () => {
    write(h.clone, { 'merge-me.txt': '1\n' });
    const merged = await pr(['merge-me.txt', '--branch', 'merge-now', '--squash']);
    expect(merged.outcome.merge).toBe('merged');
    expect(h.repo.pulls.get(merged.outcome.pull!.number)?.merged).toBe(true);

    // Required checks pending: merging now is refused, auto-merge is turned on instead.
    h.state.autoMergeAllowed.add('octo/models');
    write(h.clone, { 'later.txt': '1\n' });
    h.fake.faults.push({
      match: (request) => request.operation === 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
      reply: { status: 405, body: { message: 'Required status check "train" is expected.' } },
    });
    const auto = await pr(['later.txt', '--branch', 'merge-later', '--rebase']);
    expect(auto.outcome.merge).toBe('auto-merge');
    expect(h.repo.pulls.get(auto.outcome.pull!.number)?.autoMerge).toBe('REBASE');
    expect(auto.lines.join('\n')).toMatch(/auto-merge \(rebase\) is on/);
  });

  it('says in one line when auto-merge is not allowed in the repository', async () => {
    h.state.autoMergeAllowed.delete('octo/models');
    write(h.clone, { 'blocked.txt': '1\n' });
    h.fake.faults.push({
      match: (request) => request.operation === 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
      reply: { status: 405, body: { message: 'not mergeable' } },
    });
    await expect(pr(['blocked.txt', '--branch', 'blocked', '--merge'])).rejects.toThrow(/cannot enable auto-merge .*Auto merge is not allowed/);
  });

  it('leaves neither the token nor a header in .git/config', async () => {
    const config = readFileSync(join(h.clone, '.git', 'config'), 'utf8');
    expect(config).not.toContain(ACTIONS_TOKEN);
    expect(config).not.toMatch(/extraheader/i);
  });

  it('refuses a pull request token without pull-requests: write in one line naming it', async () => {
    h.fake.addToken('ghs_readOnlyPulls0000000000000000001', {
      login: 'github-actions[bot]',
      type: 'Bot',
      integration: true,
      permissions: { 'pull-requests': 'read' },
    });
    write(h.clone, { 'ro.txt': '1\n' });
    const error = await pr(['ro.txt', '--branch', 'read-only'], h.env({ GITHUB_TOKEN: 'ghs_readOnlyPulls0000000000000000001' })).catch(
      (caught: unknown) => caught,
    );
    expect(describeError(error)).toMatch(
      /^cannot open a pull request .*not allowed to.*\(grant the job `permissions: pull-requests: write`; on pull requests from forks/,
    );
  });

  it('names contents: write and the fork rule when the push is refused', async () => {
    const hook = join(h.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "Permission to octo/models.git denied to github-actions[bot]." >&2\nexit 1\n', { mode: 0o755 });
    try {
      write(h.clone, { 'denied.txt': '1\n' });
      const error = await pr(['denied.txt', '--branch', 'denied']).catch((caught: unknown) => caught);
      expect(describeError(error)).toMatch(
        /^cannot push denied to origin: the token is not allowed to .*`permissions: contents: write`; on pull requests from forks GITHUB_TOKEN is read-only/,
      );
    } finally {
      rmSync(hook);
    }
  });

  it('rejects two merge methods at once as a usage mistake', async () => {
    const run = await runCommand(['pr', 'create', '--merge', '--squash'], { cwd: h.clone, env: h.env({ GITHUB_TOKEN: PERSONAL_TOKEN }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--merge and --squash cannot be combined/);
  });
});
