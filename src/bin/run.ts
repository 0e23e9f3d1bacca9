// Shared by the executables in src/bin: wires process streams and signals into runCli.

import { runCli } from '../cli/main.js';

export async function main(prefix: readonly string[]): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  // The reason names the signal, so a command running a child can pass the same one on.
  const stop = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    // A second Ctrl-C means "now": do not wait for a graceful finish.
    if (interrupts > 1) process.exit(130);
    controller.abort(signal);
  };
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
