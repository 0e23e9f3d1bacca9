// `--watch`: call back whenever a file's content changes, until the signal aborts.
//
// Editors and training scripts save in different ways (write in place, or write a temp file and
// rename it over), so we watch the directory and compare content, not events: several events for
// one save cause one callback, and a save that changes nothing causes none.

import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createHash } from 'node:crypto';

export interface WatchOptions {
  readonly signal: AbortSignal;
  /** Quiet time after the last event before reading the file. */
  readonly debounceMs?: number;
  /** Content already handled; a change back to it is still a change only if it differs from the last seen. */
  readonly initialContent?: string;
  /** Called after each look at the file, with whether its content had changed (lets tests wait on it). */
  readonly onChecked?: (changed: boolean) => void;
}

export async function watchFile(path: string, options: WatchOptions, onChange: (content: string) => Promise<void>): Promise<void> {
  const debounce = options.debounceMs ?? 250;
  let lastHash = options.initialContent === undefined ? undefined : hash(options.initialContent);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let fail: (error: unknown) => void = () => undefined;
  const name = basename(path);

  const check = (): void => {
    running = running
      .then(async () => {
        let content: string;
        try {
          content = await readFile(path, 'utf8');
        } catch {
          options.onChecked?.(false);
          return; // mid-rename or deleted; the next event will bring it back
        }
        const digest = hash(content);
        if (digest === lastHash) {
          options.onChecked?.(false);
          return;
        }
        lastHash = digest;
        await onChange(content);
        options.onChecked?.(true);
      })
      .catch((error: unknown) => fail(error));
  };

  await new Promise<void>((resolve, reject) => {
    if (options.signal.aborted) {
      resolve();
      return;
    }
    fail = (error) => {
      clearTimeout(timer);
      watcher.close();
      reject(error);
    };
    const watcher = watch(dirname(path), { persistent: true }, (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(check, debounce);
    });
    watcher.on('error', (error) => fail(error));
    options.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        watcher.close();
        // Let a post in flight finish, so the last state is not half-sent.
        running.then(resolve, reject);
      },
      { once: true },
    );
  });
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
