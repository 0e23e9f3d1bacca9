// Captures what action code writes to standard output (workflow commands such as `::add-mask::`,
// `::error::`, `::debug::`, and plain log lines), so a test can assert on it and none of it reaches
// the test's own output, where the Actions runner of this project's CI would obey the commands.

import { vi } from 'vitest';

export interface ActionOutput {
  /** Everything written so far, split into lines. */
  lines(): string[];
  /** The workflow commands written so far, e.g. { command: 'error', value: 'one line' }. */
  commands(): { command: string; value: string }[];
  restore(): void;
}

export function captureActionOutput(): ActionOutput {
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    rest.find((argument): argument is () => void => typeof argument === 'function')?.();
    return true;
  }) as typeof process.stdout.write);
  const lines = () => text.split('\n').filter((line) => line !== '');
  return {
    lines,
    commands: () =>
      lines().flatMap((line) => {
        const match = /^::([a-z-]+)(?: [^\n]*?)?::(.*)$/.exec(line);
        return match ? [{ command: match[1]!, value: match[2]! }] : [];
      }),
    restore: () => spy.mockRestore(),
  };
}
