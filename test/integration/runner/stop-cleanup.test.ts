import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCleanup } from '../../../src/commands/runner/cleanup.js';
import { runLaunch } from '../../../src/commands/runner/launch.js';
import { buildCleanupSettings, buildLaunchSettings, buildStopSettings } from '../../../src/commands/runner/settings.js';
import { cleanupSpec, launchSpec, stopSpec } from '../../../src/commands/runner/spec.js';
import { runStop } from '../../../src/commands/runner/stop.js';
import { fastClient, flags, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const deps = () => ({ logger: h.logger, signal: new AbortController().signal, client: fastClient, pollIntervalMs: 20 });
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const ours = (name: string, extra: Record<string, string> = {}) => ({
  'cml:tool': 'continuous-ml',
  'cml:scope': 'repo:acme/widget',
  'cml:runner-name': name,
  'cml:ready-by': iso(-60_000),
  'cml:expires-at': iso(3600_000),
  Name: name,
  ...extra,
});

describe('cml runner stop', () => {
  it('terminates the instance and removes the registration of one runner', async () => {
    const launched = await runLaunch(buildLaunchSettings(flags(launchSpec, ['--name', 'cml-stop-me']), h.env), deps());
    const other = await runLaunch(buildLaunchSettings(flags(launchSpec, ['--name', 'cml-keep-me']), h.env), deps());
    const outcome = await runStop(buildStopSettings(flags(stopSpec, ['--name', 'cml-stop-me']), h.env), deps());
    expect(outcome).toEqual({ runnerName: 'cml-stop-me', terminated: [launched.machineId], deregistered: true, interrupted: false });
    expect(h.ec2.instances.get(launched.machineId!)?.state).toBe('terminated');
    expect(h.ec2.instances.get(other.machineId!)?.state).toBe('pending');
    expect(h.runners.byName('cml-stop-me')).toBeUndefined();
    expect(h.runners.byName('cml-keep-me')).toBeDefined();
    expect(h.github.violations).toEqual([]);
  });

  it('is idempotent and reports a spot interruption', async () => {
    h.ec2.seedInstance({
      state: 'terminated',
      market: 'spot',
      stateReason: { code: 'Server.SpotInstanceTermination', message: 'Server.SpotInstanceTermination: Spot instance termination' },
      tags: ours('cml-lost'),
    });
    const outcome = await runStop(buildStopSettings(flags(stopSpec, ['--name', 'cml-lost']), h.env), deps());
    expect(outcome).toEqual({ runnerName: 'cml-lost', terminated: [], deregistered: false, interrupted: true });
    expect(h.logger.lines.join('\n')).toMatch(/lost its machine to a spot interruption/);
  });

  it('needs a name on the command line', () => {
    expect(() => buildStopSettings(flags(stopSpec, []), h.env)).toThrow(/needs the runner name/);
  });
});

describe('cml runner cleanup', () => {
  it('terminates orphans and expired machines, keeps booting and healthy ones, removes stale registrations', async () => {
    const expired = h.ec2.seedInstance({ tags: ours('cml-expired', { 'cml:expires-at': iso(-1000) }) });
    h.runners.add({ name: 'cml-expired', scope: 'repos/acme/widget', status: 'online', labels: ['self-hosted', 'cml', 'continuous-ml-aws-us-east-1'] });
    const gone = h.ec2.seedInstance({ tags: ours('cml-gone') });
    const offline = h.ec2.seedInstance({ tags: ours('cml-offline') });
    h.runners.add({ name: 'cml-offline', scope: 'repos/acme/widget', status: 'offline', labels: ['self-hosted', 'cml', 'continuous-ml-aws-us-east-1'] });
    const booting = h.ec2.seedInstance({ state: 'pending', tags: ours('cml-booting', { 'cml:ready-by': iso(300_000) }) });
    h.runners.add({ name: 'cml-booting', scope: 'repos/acme/widget', status: 'offline', labels: ['self-hosted', 'cml', 'continuous-ml-aws-us-east-1'] });
    const healthy = h.ec2.seedInstance({ tags: ours('cml-healthy') });
    h.runners.add({
      name: 'cml-healthy',
      scope: 'repos/acme/widget',
      status: 'online',
      busy: true,
      labels: ['self-hosted', 'cml', 'continuous-ml-aws-us-east-1'],
    });
    const foreign = h.ec2.seedInstance({ tags: { ...ours('cml-foreign'), 'cml:scope': 'repo:acme/other', 'cml:expires-at': iso(-1000) } });
    h.runners.add({ name: 'stale-no-machine', scope: 'repos/acme/widget', status: 'offline', labels: ['self-hosted', 'cml', 'continuous-ml-aws-us-east-1'] });
    h.runners.add({ name: 'someone-elses', scope: 'repos/acme/widget', status: 'offline', labels: ['self-hosted', 'gpu'] });

    const dry = await runCleanup(buildCleanupSettings(flags(cleanupSpec, ['--dry-run']), h.env), deps());
    expect(dry.terminated.map((entry) => entry.runnerName).sort()).toEqual(['cml-expired', 'cml-gone', 'cml-offline']);
    expect(h.ec2.actions()).not.toContain('TerminateInstances');
    expect(h.runners.runners.size).toBe(6);

    const outcome = await runCleanup(buildCleanupSettings(flags(cleanupSpec, []), h.env), deps());
    expect(Object.fromEntries(outcome.terminated.map((entry) => [entry.runnerName, entry.reason]))).toEqual({
      'cml-expired': expect.stringMatching(/^past its expiry/),
      'cml-gone': 'its runner registration is gone',
      'cml-offline': 'its runner is offline',
    });
    for (const instance of [expired, gone, offline]) expect(instance.state).toBe('terminated');
    for (const instance of [booting, healthy, foreign]) expect(instance.state).not.toBe('terminated');
    expect([...h.runners.runners.values()].map((runner) => runner.name).sort()).toEqual(['cml-booting', 'cml-healthy', 'someone-elses']);
    expect(outcome.deregistered.map((entry) => entry.runnerName).sort()).toEqual(['cml-expired', 'cml-offline', 'stale-no-machine']);
    expect(h.github.violations).toEqual([]);
  });

  it('re-runs the launch job (and so its dependents) of a completed run whose runner was taken back by spot', async () => {
    h.runners.runs.set(7001, { id: 7001, repository: 'acme/widget', status: 'completed', conclusion: 'failure', attempt: 1 });
    h.runners.jobs.push(
      { id: 9001, runId: 7001, attempt: 1, name: 'launch-runner', status: 'completed', conclusion: 'success', runnerName: 'GitHub Actions 2' },
      { id: 9002, runId: 7001, attempt: 1, name: 'train', status: 'completed', conclusion: 'failure', runnerName: 'cml-spot-1' },
    );
    h.runners.runs.set(7002, { id: 7002, repository: 'acme/widget', status: 'in_progress', conclusion: null, attempt: 1 });
    const interruption = { code: 'Server.SpotInstanceTermination', message: 'Server.SpotInstanceTermination: Spot instance termination' };
    const workflowTags = (runId: string) => ({ 'cml:run-repository': 'acme/widget', 'cml:run-id': runId, 'cml:run-attempt': '1', 'cml:launch-job-id': '9001' });
    h.ec2.seedInstance({ state: 'terminated', market: 'spot', stateReason: interruption, tags: ours('cml-spot-1', workflowTags('7001')) });
    h.ec2.seedInstance({
      state: 'terminated',
      market: 'spot',
      stateReason: interruption,
      tags: ours('cml-spot-2', { ...workflowTags('7002'), 'cml:launch-job-id': '9101' }),
    });

    const first = await runCleanup(buildCleanupSettings(flags(cleanupSpec, []), h.env), deps());
    expect(first.rerun).toEqual([{ runId: '7001', jobId: 9001, runnerName: 'cml-spot-1' }]);
    expect(h.runners.reruns).toEqual([9001]);
    // The re-run started a new attempt: a second cleanup must not re-run again.
    const second = await runCleanup(buildCleanupSettings(flags(cleanupSpec, []), h.env), deps());
    expect(second.rerun).toEqual([]);
    expect(h.runners.reruns).toEqual([9001]);
    expect(h.github.violations).toEqual([]);
  });
});
