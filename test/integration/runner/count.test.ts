// `cml runner launch --count N` on EC2: N registrations and N instances, launched together, all
// with the same labels plus the batch name; all or nothing when one of them fails. The action with
// count is in cli-action.test.ts.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { runLaunches } from '../../../src/commands/runner/launch.js';
import { buildLaunchSettings } from '../../../src/commands/runner/settings.js';
import { launchSpec } from '../../../src/commands/runner/spec.js';
import { fastClient, flags, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const live = () => [...h.ec2.instances.values()].filter((instance) => instance.state === 'pending' || instance.state === 'running');

describe('cml runner launch --count on EC2', () => {
  it('launches three instances, each with its own registration, and prints a JSON array', async () => {
    let stdout = '';
    const code = await runCli(['runner', 'launch', '--count', '3', '--name', 'cml-matrix', '--labels', 'cml-gpu', '--json'], {
      env: h.env,
      cwd: process.cwd(),
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { name: string; labels: string[]; instanceId: string }[];
    expect(printed.map((entry) => entry.name).sort()).toEqual(['cml-matrix-1', 'cml-matrix-2', 'cml-matrix-3']);
    expect(new Set(printed.map((entry) => entry.instanceId)).size).toBe(3);
    expect(h.ec2.launches()).toHaveLength(3);
    for (const entry of printed) {
      expect(entry.labels).toEqual(['cml-gpu', 'cml-matrix']);
      expect(h.runners.byName(entry.name)?.labels).toEqual(expect.arrayContaining(['cml-gpu', 'cml-matrix', entry.name]));
      expect(h.ec2.instances.get(entry.instanceId)?.tags.get('cml:runner-name')).toBe(entry.name);
    }
  });

  it('removes every instance and registration of the batch when one runner does not come online', async () => {
    h.runners.onlineAfterMs = 'never';
    h.ec2.onRunInstances = (instance) => {
      const name = instance.tags.get('cml:runner-name') ?? '';
      const runner = h.runners.byName(name);
      if (runner && !name.endsWith('-2')) runner.status = 'online';
    };
    const settings = buildLaunchSettings(flags(launchSpec, ['--count', '3', '--name', 'cml-partial', '--startup-timeout', '2s']), h.env);
    await expect(runLaunches(settings, { logger: h.logger, signal: new AbortController().signal, client: fastClient, pollIntervalMs: 20 })).rejects.toThrow(
      /runner cml-partial-2 did not come online within 2s.*; the 2 runners already online were removed too/,
    );
    expect(live()).toEqual([]);
    expect([...h.runners.runners.values()].filter((runner) => runner.name.startsWith('cml-partial'))).toEqual([]);
  });
});
