// The two front doors: `cml runner ...` through the CLI entry, and the runner action's main and
// post steps through the files GitHub Actions uses for outputs and state.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';
import { post, run } from '../../../src/action/runner.js';
import { captureActionOutput, type ActionOutput } from '../../helpers/action-output.js';
import { AWS_SECRET, GITHUB_TOKEN, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function cli(argv: string[]): Promise<CliRun> {
  return runCommand(argv, { cwd: process.cwd(), env: h.env });
}

describe('cml runner (CLI)', () => {
  it('launch --json prints name, labels, instance id, type, market, region and hourly price; stop ends it', async () => {
    const launched = await cli(['runner', '--name', 'cml-cli-1', '--labels', 'cml,gpu', '--json']);
    expect(launched.code).toBe(0);
    const result = JSON.parse(launched.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      name: 'cml-cli-1',
      labels: ['cml', 'gpu'],
      instanceType: 'm5.2xlarge',
      market: 'on-demand',
      region: 'us-east-1',
      hourlyPrice: 0.384,
      reused: false,
    });
    expect(result.instanceId).toMatch(/^i-0/);
    expect(launched.stderr).not.toContain(GITHUB_TOKEN);

    const stopped = await cli(['runner', 'stop', '--name', 'cml-cli-1', '--json']);
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout)).toEqual({ name: 'cml-cli-1', terminated: [result.instanceId], deregistered: true, interrupted: false });

    const cleaned = await cli(['runner', 'cleanup', '--json']);
    expect(JSON.parse(cleaned.stdout)).toEqual({ terminated: [], deregistered: [], rerun: [], dryRun: false });
  });

  it('cleanup --json keeps its documented field names (instanceId) for what it terminated', async () => {
    const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
    const expired = h.ec2.seedInstance({
      tags: {
        'cml:tool': 'continuous-ml',
        'cml:scope': 'repo:acme/widget',
        'cml:runner-name': 'cml-old',
        'cml:ready-by': iso(-60_000),
        'cml:expires-at': iso(-1000),
        Name: 'cml-old',
      },
    });
    const cleaned = await cli(['runner', 'cleanup', '--json']);
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toBe(
      JSON.stringify({
        terminated: [{ instanceId: expired.id, runnerName: 'cml-old', reason: JSON.parse(cleaned.stdout).terminated[0].reason }],
        deregistered: [],
        rerun: [],
        dryRun: false,
      }) + '\n',
    );
  });

  it('prints one clear line for a user error and lists the runner commands in help', async () => {
    const stop = await cli(['runner', 'stop']);
    expect(stop.code).toBe(1);
    expect(stop.stderr.trim()).toBe('error: `cml runner stop` needs the runner name (cml runner stop --name <name> (printed by `cml runner launch`))');
    const help = await cli(['runner', 'launch', '--help']);
    for (const flag of [
      '--cloud-region',
      '--cloud-type',
      '--cloud-gpu',
      '--cloud-hdd-size',
      '--cloud-image',
      '--cloud-spot',
      '--cloud-spot-price',
      '--cloud-startup-script',
      '--cloud-permission-set',
      '--cloud-metadata',
      '--cloud-aws-security-group',
      '--cloud-aws-subnet',
      '--labels',
      '--name',
      '--idle-timeout',
      '--single',
      '--reuse',
      '--reuse-idle',
      '--repo',
      '--token',
      '--startup-timeout',
      '--max-lifetime',
      '--json',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});

describe('runner action', () => {
  let files: string;
  let output: ActionOutput;
  const saved = { ...process.env };
  beforeEach(() => {
    output = captureActionOutput();
    files = mkdtempSync(join(tmpdir(), 'cml-action-'));
    writeFileSync(join(files, 'output'), '');
    writeFileSync(join(files, 'state'), '');
    writeFileSync(join(files, 'summary'), '');
    process.env.GITHUB_STEP_SUMMARY = join(files, 'summary');
    process.env.GITHUB_OUTPUT = join(files, 'output');
    process.env.GITHUB_STATE = join(files, 'state');
  });
  afterEach(() => {
    output.restore();
    process.env = { ...saved };
    process.exitCode = undefined;
    rmSync(files, { recursive: true, force: true });
  });

  // The action reads the summary path from the env it is given, like every other setting.
  const inputs = (values: Record<string, string>) => ({
    ...h.env,
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
    ...Object.fromEntries(Object.entries(values).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
  });
  const commandFile = (name: string) => readFileSync(join(files, name), 'utf8');
  const expectSecretsOnlyInMasks = () => {
    for (const line of output.lines().filter((text) => !text.startsWith('::add-mask::'))) {
      expect(line).not.toContain(GITHUB_TOKEN);
      expect(line).not.toContain(AWS_SECRET);
    }
  };

  it('mode start sets the outputs and saves state; its post step leaves a finished start alone', async () => {
    await run(inputs({ mode: 'start', name: 'cml-action-1', token: GITHUB_TOKEN, 'startup-timeout': '30s' }));
    expect(process.exitCode).toBeUndefined();
    const outputs = commandFile('output');
    expect(outputs).toMatch(/label<<[^\n]+\ncml-action-1\n/);
    expect(outputs).toMatch(/runner-name<<[^\n]+\ncml-action-1\n/);
    expect(outputs).toMatch(/instance-id<<[^\n]+\ni-0[0-9a-f]{16}\n/);
    expect(commandFile('state')).toMatch(/launched<<[^\n]+\ntrue\n/);
    expect(commandFile('summary')).toContain('<h3>Runner cml-action-1</h3>');
    expect(commandFile('summary')).toContain('<td>on-demand</td><td>us-east-1</td><td>$0.3840/h (on-demand list price (us-east-1))</td>');

    process.env.STATE_mode = 'start';
    process.env.STATE_launched = 'true';
    process.env['STATE_instance-id'] = [...h.ec2.instances.keys()][0];
    await post(inputs({ token: GITHUB_TOKEN }));
    expect([...h.ec2.instances.values()][0]?.state).toBe('pending');
    // The token, the AWS secret and the runner's JIT config are masked before anything else is printed.
    const masks = output
      .commands()
      .filter((c) => c.command === 'add-mask')
      .map((c) => c.value);
    expect(masks.slice(0, 2)).toEqual([GITHUB_TOKEN, AWS_SECRET]);
    expect(masks[2]).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(output.lines()[0]).toBe(`::add-mask::${GITHUB_TOKEN}`);
    expect(output.lines()).toContain(
      `runner cml-action-1 is online on ${[...h.ec2.instances.keys()][0]}; target it with \`runs-on: [self-hosted, cml-action-1]\` (or its labels cml)`,
    );
    expect(output.commands().filter((c) => c.command === 'error')).toEqual([]);
    expectSecretsOnlyInMasks();
  });

  it('the post step terminates and deregisters a start that did not finish', async () => {
    h.runners.onlineAfterMs = 'never';
    const launching = run(inputs({ mode: 'start', name: 'cml-action-2', token: GITHUB_TOKEN, 'startup-timeout': '10s' }));
    // The job is cancelled while the main step waits: only the post step runs afterwards.
    for (let i = 0; i < 250 && !commandFile('state').includes('instance-id'); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const state = commandFile('state');
    expect(state).toMatch(/instance-id<<[^\n]+\ni-0/);
    const instanceId = /instance-id<<[^\n]+\n(i-0[0-9a-f]+)\n/.exec(state)![1]!;
    const runnerId = /runner-id<<[^\n]+\n(\d+)\n/.exec(state)![1]!;
    process.env.STATE_mode = 'start';
    process.env['STATE_instance-id'] = instanceId;
    process.env['STATE_runner-id'] = runnerId;
    process.env['STATE_runner-name'] = 'cml-action-2';
    await post(inputs({ token: GITHUB_TOKEN }));
    expect(h.ec2.instances.get(instanceId)?.state).toBe('terminated');
    expect(h.runners.byName('cml-action-2')).toBeUndefined();
    // The abandoned main step then fails on its own (its machine is gone) without leaving anything.
    await launching;
    expect(process.exitCode).toBe(1);
    expect(output.lines()).toContain(`the runner start did not finish: terminating ${instanceId} and removing its registration`);
    const errors = output
      .commands()
      .filter((c) => c.command === 'error')
      .map((c) => c.value);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${instanceId} stopped before runner cml-action-2 came online .*the registration was removed\\)$`));
    expectSecretsOnlyInMasks();
  });

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
    expect(liveInstances()).toEqual([]);
    expect([...h.runners.runners.values()].filter((runner) => runner.name.startsWith('cml-act'))).toEqual([]);

    // The post step of a start cancelled after both machines existed undoes both.
    await run(inputs({ mode: 'start', name: 'cml-act', count: '2', token: GITHUB_TOKEN }));
    process.env.STATE_mode = 'start';
    expect(saved('instance-id').split(',')).toHaveLength(2);
    process.env['STATE_instance-id'] = saved('instance-id');
    process.env['STATE_runner-id'] = saved('runner-id');
    process.env['STATE_runner-name'] = saved('runner-name');
    await post(inputs({ token: GITHUB_TOKEN }));
    expect(liveInstances()).toEqual([]);
    expect([...h.runners.runners.values()].filter((runner) => runner.name.startsWith('cml-act'))).toEqual([]);
  });

  it('mode stop without a name does nothing and succeeds; an unknown mode fails with one line', async () => {
    await run(inputs({ mode: 'stop', token: GITHUB_TOKEN }));
    expect(process.exitCode).toBeUndefined();
    await run(inputs({ mode: 'pause', token: GITHUB_TOKEN }));
    expect(process.exitCode).toBe(1);
    expect(output.lines()).toContain('no runner name given: nothing to stop');
    expect(output.commands().filter((c) => c.command === 'error')).toEqual([
      { command: 'error', value: 'input "mode" must be start, stop or cleanup; got "pause"' },
    ]);
    expectSecretsOnlyInMasks();
  });
});

function liveInstances() {
  return [...h.ec2.instances.values()].filter((instance) => instance.state === 'pending' || instance.state === 'running');
}
