// Shared set-up for comment tests: a loopback GitHub with one repository, tokens for a person and
// for the Actions bot, and a workspace with an event payload and a report.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runComment, type CommentOutcome } from '../../../src/commands/comment/run.js';
import { buildCommentSettings } from '../../../src/commands/comment/settings.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { commentOptions, commentSpec, type CommentMode } from '../../../src/commands/comment/spec.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { GitHubFake, type FakeRepo } from '../../fakes/github/server.js';

export const ACTIONS_TOKEN = 'ghs_actionsTokenForTests000000000001';
export const ALICE_TOKEN = 'ghp_aliceTokenForTests0000000000000001';
/** Client tuning for tests: short waits, no pacing between writes. */
export const FAST_CLIENT = { millisecondsPerSecond: 5, minimumWriteIntervalMs: 0 };
export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export interface Harness {
  readonly fake: GitHubFake;
  readonly repo: FakeRepo;
  readonly dir: string;
  env(extra?: Record<string, string>): Record<string, string>;
  pullRequestEvent(number: number, headSha?: string): string;
  pushEvent(): string;
  report(text: string, name?: string): string;
  run(mode: CommentMode, argv: string[], env: Record<string, string>): Promise<{ outcome: CommentOutcome; lines: string[] }>;
}

export async function startHarness(dir: string): Promise<Harness> {
  const fake = await GitHubFake.start();
  fake.addToken(ACTIONS_TOKEN, { login: 'github-actions[bot]', type: 'Bot', integration: true });
  fake.addToken(ALICE_TOKEN, { login: 'alice', type: 'User' });
  const repo = fake.addRepo('octo', 'models');
  let counter = 0;
  return {
    fake,
    repo,
    dir,
    env(extra = {}) {
      return {
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'octo/models',
        GITHUB_API_URL: fake.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_SHA: HEAD_SHA,
        GITHUB_RUN_ID: '777',
        GITHUB_TOKEN: ACTIONS_TOKEN,
        ...extra,
      };
    },
    pullRequestEvent(number, headSha = HEAD_SHA) {
      counter += 1;
      const path = join(dir, `event-${counter}.json`);
      writeFileSync(
        path,
        JSON.stringify({ action: 'synchronize', number, pull_request: { number, head: { sha: headSha, ref: 'feature' }, base: { ref: 'main' } } }),
      );
      return path;
    },
    pushEvent() {
      counter += 1;
      const path = join(dir, `event-${counter}.json`);
      writeFileSync(path, JSON.stringify({ ref: 'refs/heads/main', after: HEAD_SHA, head_commit: { id: HEAD_SHA } }));
      return path;
    },
    report(text, name) {
      counter += 1;
      const path = join(dir, name ?? `report-${counter}.md`);
      writeFileSync(path, text);
      return path;
    },
    async run(mode, argv, env) {
      const logger = createMemoryLogger('debug');
      const parsed = parseCommand(commentSpec(mode), argv, env);
      const settings = buildCommentSettings(mode, parsed.values as never, parsed.positionals, env, dir);
      const outcome = await runComment(settings, {
        logger,
        signal: new AbortController().signal,
        client: { millisecondsPerSecond: 5, minimumWriteIntervalMs: 0 },
        retryDelayMs: 5,
      });
      return { outcome, lines: logger.lines };
    },
  };
}

export { commentOptions };
