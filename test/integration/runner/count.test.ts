// `cml runner launch --count N` on EC2: N registrations and N instances, launched together, all
// with the same labels plus the batch name; all or nothing when one of them fails.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { post, run } from '../../../src/action/runner.js';
import { runCli } from '../../../src/cli/main.js';
import { runLaunches } from '../../../src/commands/runner/launch.js';
import { buildLaunchSettings } from '../../../src/commands/runner/settings.js';
import { launchSpec } from '../../../src/commands/runner/spec.js';
import { GITHUB_TOKEN, fastClient, flags, startHarness, type Harness } from './harness.js';

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

describe('the runner action with count', () => {
  const saved = { ...process.env };
  let files: string;
  beforeEach(() => {
    files = mkdtempSync(join(tmpdir(), 'cml-action-count-'));
    for (const name of ['output', 'state', 'summary']) writeFileSync(join(files, name), '');
    process.env.GITHUB_OUTPUT = join(files, 'output');
    process.env.GITHUB_STATE = join(files, 'state');
  });
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
    rmSync(files, { recursive: true, force: true });
  });
  const inputs = (values: Record<string, string>) => ({ ...h.env, GITHUB_STEP_SUMMARY: join(files, 'summary'), ...Object.fromEntries(Object.entries(values).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])) });

  it('outputs the batch label and comma lists; mode stop takes that list; the post step undoes every machine of an unfinished start', async () => {
    await run(inputs({ mode: 'start', name: 'cml-act', count: '2', token: GITHUB_TOKEN }));
    expect(process.exitCode).toBeUndefined();
    const outputs = readFileSync(join(files, 'output'), 'utf8');
    expect(outputs).toMatch(/label<<[^\n]+\ncml-act\n/);
    expect(outputs).toMatch(/runner-name<<[^\n]+\ncml-act-[12],cml-act-[12]\n/);
    expect(outputs).toMatch(/instance-id<<[^\n]+\ni-0[0-9a-f]{16},i-0[0-9a-f]{16}\n/);
    const state = () => readFileSync(join(files, 'state'), 'utf8');
    // Each machine saves the lists again; the last value of a name wins, as in GitHub Actions.
    const saved = (name: string) => [...state().matchAll(new RegExp(`${name}<<[^\n]+\n([^\n]+)\n`, 'g'))].at(-1)![1]!;

    // mode: stop takes the runner-name output as it is, a comma list.
    await run(inputs({ mode: 'stop', name: saved('runner-name'), token: GITHUB_TOKEN }));
    expect(process.exitCode).toBeUndefined();
    expect(live()).toEqual([]);
    expect([...h.runners.runners.values()].filter((runner) => runner.name.startsWith('cml-act'))).toEqual([]);

    // The post step of a start cancelled after both machines existed undoes both.
    await run(inputs({ mode: 'start', name: 'cml-act', count: '2', token: GITHUB_TOKEN }));
    process.env.STATE_mode = 'start';
    expect(saved('instance-id').split(',')).toHaveLength(2);
    process.env['STATE_instance-id'] = saved('instance-id');
    process.env['STATE_runner-id'] = saved('runner-id');
    process.env['STATE_runner-name'] = saved('runner-name');
    await post(inputs({ token: GITHUB_TOKEN }));
    expect(live()).toEqual([]);
    expect([...h.runners.runners.values()].filter((runner) => runner.name.startsWith('cml-act'))).toEqual([]);
  });
});
