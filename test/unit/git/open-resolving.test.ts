// Git.open(cwd, options, revision): the repository and a revision in one git call (what `cml report`
// needs before its command may start); the first resolve() of that revision is answered from it,
// later ones ask git again.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Git } from '../../../src/git/git.js';

let dir: string;
let repo: string;
let log: string;
let executable: string;
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
const calls = () =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cml-git-open-'));
  repo = join(dir, 'repo');
  mkdirSync(join(repo, 'sub'), { recursive: true });
  git('init', '--quiet', '--initial-branch', 'main');
  writeFileSync(join(repo, 'a.txt'), 'a\n');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'first');
  // git, with each call's arguments written down first.
  log = join(dir, 'calls.log');
  executable = join(dir, 'git-logged');
  writeFileSync(executable, `#!/bin/sh\necho "$*" >> '${log}'\nexec git "$@"\n`);
  chmodSync(executable, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('opens the repository and resolves the revision in one call, from a subfolder too', async () => {
  writeFileSync(log, '');
  const opened = await Git.open(join(repo, 'sub'), { executable }, 'main');
  expect(opened.root).toBe(repo);
  expect(opened.prefix).toBe('sub/');
  expect(await opened.resolve('main')).toBe(git('rev-parse', 'main'));
  expect(calls()).toHaveLength(1);
});

it('answers only the first resolve from the open: a later one sees what changed since', async () => {
  writeFileSync(log, '');
  const opened = await Git.open(repo, { executable }, 'HEAD');
  const before = await opened.resolve('HEAD');
  writeFileSync(join(repo, 'a.txt'), 'b\n');
  git('commit', '--quiet', '-am', 'second');
  expect(await opened.resolve('HEAD')).toBe(git('rev-parse', 'HEAD'));
  expect(before).toBe(git('rev-parse', 'HEAD~1'));
  expect(calls()).toHaveLength(2);
});

it('opens the repository when the revision does not resolve, and resolve() says so', async () => {
  writeFileSync(log, '');
  const opened = await Git.open(repo, { executable }, 'no-such-branch');
  expect(opened.root).toBe(repo);
  expect(await opened.resolve('no-such-branch')).toBeUndefined();
  expect(calls()).toHaveLength(1);
});

it('never passes a revision that looks like an option to git', async () => {
  writeFileSync(log, '');
  const opened = await Git.open(repo, { executable }, '--output=/tmp/x');
  expect(opened.root).toBe(repo);
  expect(calls()).toEqual(['rev-parse --show-toplevel --show-prefix']);
});

it('still says when the folder is not in a repository', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'cml-git-outside-'));
  try {
    await expect(Git.open(outside, { executable }, 'main')).rejects.toThrow(/is not inside a git repository/);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});
