// A real `cml runner launch` process cancelled the way GitHub Actions cancels a job: SIGINT, then
// SIGTERM while the launch is being undone. The undo must finish: machine terminated, registration
// removed. The CLI is bundled from src once, and talks to the loopback GitHub and EC2 fakes.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundle } from '../../../scripts/bundle.mjs';
import { startHarness, type Harness } from './harness.js';

let dir: string;
let cli: string;
beforeAll(async () => {
  // Bundled the way dist/ is, from the current sources.
  dir = mkdtempSync(join(tmpdir(), 'cml-signals-'));
  await bundle({ outdir: dir, entryPoints: { cml: new URL('../../../src/bin/cml.ts', import.meta.url).pathname }, minify: false, logLevel: 'silent' });
  cli = join(dir, 'cml.js');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let h: Harness;
let child: ChildProcess | undefined;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await h.close();
});

/** Polls `check` every 20 ms, at most `limitMs`. */
async function until(check: () => boolean, limitMs: number): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 20) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('cml runner launch under cancellation', () => {
  it('finishes undoing the launch when SIGTERM follows SIGINT', async () => {
    h.runners.onlineAfterMs = 'never';
    const launched = spawn(process.execPath, [cli, 'runner', 'launch', '--name', 'cml-cancelled', '--startup-timeout', '2m'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...h.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = launched;
    let stderr = '';
    launched.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => launched.on('exit', (code) => resolve(code)));

    // Cancelled once the machine exists and the runner is registered.
    expect(
      await until(() => h.ec2.instances.size === 1 && h.runners.byName('cml-cancelled') !== undefined && stderr.includes('waiting for runner'), 20_000),
    ).toBe(true);
    // The second signal arrives while the machine is being terminated: EC2 answers only once the
    // process has seen it (or after a bound, should the process be gone).
    h.ec2.beforeAnswer = async (action) => {
      if (action !== 'TerminateInstances') return;
      launched.kill('SIGTERM');
      await until(() => stderr.includes('interrupted again') || launched.exitCode !== null, 10_000);
    };
    launched.kill('SIGINT');

    const code = await exited;
    expect(h.runners.byName('cml-cancelled')).toBeUndefined();
    expect([...h.ec2.instances.values()][0]?.state).toBe('terminated');
    expect(stderr).toContain('interrupted again');
    expect(stderr).toContain('removed the registration of runner cml-cancelled');
    expect(code).toBe(1);
  });
});
