// watchFile: one callback per change of content, none for a save that changes nothing. Each step
// waits for an event (the watcher's report that it looked at the file), never for a fixed time.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { watchFile } from '../../../src/core/comment/watch.js';
import { tempDir } from '../../helpers/temp.js';

it('calls back for each new content, not for a save of the same content', async () => {
  const dir = tempDir('cml-watch-');
  const path = join(dir, 'live.md');
  writeFileSync(path, 'epoch 1\n');
  const controller = new AbortController();
  const seen: string[] = [];
  const waiting: { wanted: boolean; resolve: () => void }[] = [];
  /** The next look at the file whose outcome is `changed`; bounded so a regression fails instead of hanging. */
  const checked = (changed: boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no check with changed=${changed} within 10 s`)), 10_000);
      waiting.push({ wanted: changed, resolve: () => (clearTimeout(timer), resolve()) });
    });
  const watching = watchFile(
    path,
    {
      signal: controller.signal,
      debounceMs: 20,
      initialContent: 'epoch 1\n',
      onChecked: (changed) => {
        const index = waiting.findIndex((wait) => wait.wanted === changed);
        if (index >= 0) waiting.splice(index, 1)[0]!.resolve();
      },
    },
    async (content) => void seen.push(content),
  );

  let next = checked(true);
  writeFileSync(path, 'epoch 2\n');
  await next;
  // The same content again: the watcher looks and finds nothing new.
  next = checked(false);
  writeFileSync(path, 'epoch 2\n');
  await next;
  next = checked(true);
  writeFileSync(path, 'epoch 3\n');
  await next;

  controller.abort();
  await watching;
  expect(seen).toEqual(['epoch 2\n', 'epoch 3\n']);
});

it('returns at once when the signal is already aborted', async () => {
  const controller = new AbortController();
  controller.abort();
  const seen: string[] = [];
  await watchFile(join(tempDir('cml-watch-'), 'missing.md'), { signal: controller.signal }, async (content) => void seen.push(content));
  expect(seen).toEqual([]);
});
