// What SIGINT/SIGTERM do to a command that handles an interrupt (src/bin/run.ts wires it to the
// process). The first asks the command to stop cleanly (io.signal): a runner launch then terminates
// its machine and removes its registration. GitHub Actions cancels with SIGINT and sends SIGTERM
// 7.5 s later, so the second signal must not cut that cleanup short: it is reported, and the
// cleanup goes on for a bounded grace period. A third signal (a user who really means "now") or the
// end of the grace period exits at once, leaving `cml runner cleanup` to finish the job.

/** How long a cleanup may still run after the second signal. */
export const INTERRUPT_GRACE_MS = 30_000;

export interface InterruptHost {
  /** Asks the command to stop (aborts io.signal, with the signal's name as the reason, so a command running a child can pass the same one on). */
  readonly abort: (signal: NodeJS.Signals | undefined) => void;
  /** Ends the process at once. */
  readonly exit: (code: number) => void;
  /** One line to standard error. */
  readonly warn: (line: string) => void;
  /** Calls `fn` after `ms` unless the process has ended; must not keep the process alive. */
  readonly startTimer: (ms: number, fn: () => void) => void;
}

export function createInterruptHandler(host: InterruptHost, graceMs = INTERRUPT_GRACE_MS): (signal?: NodeJS.Signals) => void {
  let interrupts = 0;
  return (signal) => {
    interrupts += 1;
    if (interrupts === 1) {
      host.abort(signal);
    } else if (interrupts === 2) {
      host.warn(`interrupted again: finishing the cleanup under way (at most ${Math.round(graceMs / 1000)}s more); interrupt once more to quit now`);
      host.startTimer(graceMs, () => host.exit(130));
    } else {
      host.exit(130);
    }
  };
}
