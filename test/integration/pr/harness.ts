// Shared set-up for `pr create`, `check create` and `repo prepare` tests: a loopback GitHub with
// check runs, pull requests and Apps, a bare git repository as the remote, and a clone of it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCommand } from '../../../src/cli/parse.js';
import { createMemoryLogger, type Logger } from '../../../src/logger.js';
import type { CommandSpec, OptionMap } from '../../../src/options/spec.js';
import { installChecksAndPulls, type ChecksAndPulls } from '../../fakes/github/routes/checks-pulls.js';
import { GitHubFake, type FakeRepo } from '../../fakes/github/server.js';
import { git } from '../metrics/repo.js';

export { git };

export const ACTIONS_TOKEN = 'ghs_actionsTokenForPrTests0000000001';
export const PERSONAL_TOKEN = 'ghp_personalTokenForPrTests000000001';
/** Tests shorten waits: no pause between writes, short retries. */
export const CLIENT = { millisecondsPerSecond: 5, minimumWriteIntervalMs: 0 };

export function write(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

export interface Harness {
  readonly fake: GitHubFake;
  readonly state: ChecksAndPulls;
  readonly repo: FakeRepo;
  /** The bare repository standing in for GitHub's git server. */
  readonly remote: string;
  /** A clone of it, on main, with one commit. */
  readonly clone: string;
  readonly head: string;
  env(extra?: Record<string, string>): Record<string, string>;
}

export async function startHarness(dir: string, name: string): Promise<Harness> {
  const fake = await GitHubFake.start();
  const state = installChecksAndPulls(fake);
  fake.addToken(ACTIONS_TOKEN, { login: 'github-actions[bot]', type: 'Bot', integration: true });
  fake.addToken(PERSONAL_TOKEN, { login: 'alice', type: 'User' });
  const repo = fake.addRepo('octo', 'models');
  const remote = join(dir, `${name}.git`);
  const clone = join(dir, name);
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  git(dir, 'init', '--quiet', '--initial-branch=main', clone);
  git(clone, 'config', 'commit.gpgsign', 'false');
  git(clone, 'remote', 'add', 'origin', remote);
  write(clone, { 'train.py': 'print("train")\n', '.gitignore': 'cache/\n' });
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'initial');
  git(clone, 'push', '--quiet', 'origin', 'main');
  const head = git(clone, 'rev-parse', 'HEAD').trim();
  return {
    fake,
    state,
    repo,
    remote,
    clone,
    head,
    env: (extra = {}) => ({
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'octo/models',
      GITHUB_API_URL: fake.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: head,
      GITHUB_RUN_ID: '777',
      GITHUB_TOKEN: ACTIONS_TOKEN,
      ...extra,
    }),
  };
}

/** Parses argv with a command's spec, as the CLI does, for the settings builders. */
export function parse<O extends OptionMap>(spec: CommandSpec<O>, argv: string[], env: Record<string, string>) {
  return parseCommand(spec, argv, env);
}

export function logger(): Logger & { lines: string[] } {
  return createMemoryLogger('debug');
}
