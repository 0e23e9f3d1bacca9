// Shared by the executables in src/bin: wires process streams and signals into runCli.

import { createInterruptHandler } from '../cli/interrupts.js';
import { runCli } from '../cli/main.js';

export async function main(prefix: readonly string[]): Promise<void> {
  const controller = new AbortController();
  const stop = createInterruptHandler({
    abort: (signal) => controller.abort(signal),
    exit: (code) => process.exit(code),
    warn: (line) => process.stderr.write(`${line}\n`),
    startTimer: (ms, fn) => setTimeout(fn, ms).unref(),
  });
  const code = await runCli([...prefix, ...process.argv.slice(2)], {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    signal: controller.signal,
    // Only commands that clean up on interrupt (a watch, a runner being launched) take over
    // SIGINT/SIGTERM; every other command keeps Node's default and ends at once.
    trapSignals: () => {
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
  });
  process.exitCode = code;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
}
