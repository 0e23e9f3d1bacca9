// `--watch`: every change to the report updates the same comment, until the run is interrupted.

import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runComment, type CommentOutcome } from '../../../src/commands/comment/run.js';
import { buildCommentSettings } from '../../../src/commands/comment/settings.js';
import { commentSpec } from '../../../src/commands/comment/spec.js';
import { parseCommand } from '../../../src/cli/parse.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { tempDir } from '../../helpers/temp.js';
import { HEAD_SHA, startHarness, type Harness } from './harness.js';

let h: Harness;
const dir = tempDir();
beforeAll(async () => {
  h = await startHarness(dir);
});
afterAll(() => h.fake.close());

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('re-posts as an update on each change, including rename-over saves, and stops on interrupt', async () => {
  h.fake.addPull(h.repo, { number: 90, headSha: HEAD_SHA });
  const report = h.report('epoch 1: loss 0.9\n', 'live.md');
  const env = h.env({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: h.pullRequestEvent(90) });
  const parsed = parseCommand(commentSpec('create'), [report, '--watch'], env);
  const settings = buildCommentSettings('create', parsed.values as never, parsed.positionals, env, dir);
  const controller = new AbortController();
  const posted: CommentOutcome[] = [];
  const running = runComment(settings, {
    logger: createMemoryLogger(),
    signal: controller.signal,
    client: { millisecondsPerSecond: 5, minimumWriteIntervalMs: 0 },
    onPosted: (outcome) => posted.push(outcome),
  });

  await until(() => posted.length === 1, 'the first post');
  writeFileSync(report, 'epoch 2: loss 0.5\n');
  await until(() => posted.length === 2, 'the update after an in-place write');
  // Editors that save by writing a temporary file and renaming it over the report.
  const temporary = join(dir, 'live.md.tmp');
  writeFileSync(temporary, 'epoch 3: loss 0.2\n');
  renameSync(temporary, report);
  await until(() => posted.length === 3, 'the update after a rename');
  // A save of the same content is not a change: test/unit/comment/watch.test.ts proves it with events.

  controller.abort();
  const last = await running;
  const comments = h.repo.issueComments.get(90)!;
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toContain('epoch 3: loss 0.2');
  expect(posted.map((outcome) => outcome.updated)).toEqual([false, true, true]);
  expect(last.id).toBe(comments[0]!.id);
  expect(h.fake.violations).toEqual([]);
});
