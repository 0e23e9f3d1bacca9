// GitHub Actions cancels a job with SIGINT, then SIGTERM 7.5 s later, then SIGKILL. A runner launch
// being undone when the SIGTERM arrives must finish terminating its machine and removing its
// registration rather than exit and leave them behind.

import { describe, expect, it } from 'vitest';
import { createInterruptHandler, type InterruptHost } from '../../../src/cli/interrupts.js';

function host() {
  const events: string[] = [];
  const timers: { ms: number; fn: () => void }[] = [];
  const fake: InterruptHost = {
    abort: () => events.push('abort'),
    exit: (code) => events.push(`exit ${code}`),
    warn: (line) => events.push(`warn ${line}`),
    startTimer: (ms, fn) => timers.push({ ms, fn }),
  };
  return { fake, events, timers };
}

describe('interrupts', () => {
  it('the first signal asks the command to stop cleanly', () => {
    const { fake, events } = host();
    createInterruptHandler(fake)();
    expect(events).toEqual(['abort']);
  });

  it('a second signal (SIGTERM after SIGINT) lets the cleanup under way finish', () => {
    const { fake, events } = host();
    const onSignal = createInterruptHandler(fake);
    onSignal();
    onSignal();
    expect(events.filter((event) => event.startsWith('exit'))).toEqual([]);
    expect(events.filter((event) => event.startsWith('warn'))).toHaveLength(1);
  });

  it('a third signal ends the process at once', () => {
    const { fake, events } = host();
    const onSignal = createInterruptHandler(fake);
    onSignal();
    onSignal();
    onSignal();
    expect(events.at(-1)).toBe('exit 130');
  });

  it('after a second signal, a cleanup that hangs is given a bounded grace period', () => {
    const { fake, events, timers } = host();
    const onSignal = createInterruptHandler(fake);
    onSignal();
    expect(timers).toEqual([]);
    onSignal();
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBeGreaterThan(0);
    expect(timers[0]!.ms).toBeLessThanOrEqual(60_000);
    timers[0]!.fn();
    expect(events.at(-1)).toBe('exit 130');
  });
});
