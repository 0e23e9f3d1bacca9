// The lifecycle against small in-memory doubles of its two ports: what it undoes on each failure,
// and how the readiness wait is bounded.

import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/logger.js';
import { cleanupRunners } from '../../../src/core/runner/cleanup.js';
import { launchRunner, type LaunchSettings } from '../../../src/core/runner/launch.js';
import type { LifecycleDeps } from '../../../src/core/runner/lifecycle.js';
import type { LaunchRequest, MachineRecord, RunnerProvider } from '../../../src/core/runner/provider.js';
import type { RegisteredRunner, RunnerRegistry } from '../../../src/core/runner/registry-port.js';

class MemoryCloud implements RunnerProvider {
  readonly cloud = 'memory';
  readonly location = 'lab-1';
  readonly machines = new Map<string, MachineRecord>();
  readonly requests: LaunchRequest[] = [];
  failLaunch: Error | undefined;
  async launch(request: LaunchRequest) {
    if (this.failLaunch) throw this.failLaunch;
    this.requests.push(request);
    const id = `m-${this.machines.size + 1}`;
    const { facts } = request;
    this.machines.set(id, {
      id,
      state: 'running',
      runnerName: facts.runnerName,
      runnerId: facts.runnerId,
      scope: facts.scope,
      type: 'big',
      market: 'on-demand',
      launchedAt: new Date(),
      expiresAt: facts.expiresAt,
      readyBy: facts.readyBy,
      interrupted: false,
      stateReason: undefined,
      workflow: undefined,
    });
    return { id, type: 'big', market: 'on-demand' as const, location: this.location, zone: undefined, price: { usd: null, source: 'unknown' } };
  }
  async terminate(id: string) {
    const machine = this.machines.get(id);
    if (machine) this.machines.set(id, { ...machine, state: 'terminated' });
  }
  async list(scope: string) {
    return [...this.machines.values()].filter((machine) => machine.scope === scope);
  }
  async describe(id: string) {
    return this.machines.get(id);
  }
}

class MemoryRegistry implements RunnerRegistry {
  readonly description = 'repository acme/widget';
  readonly runners = new Map<number, RegisteredRunner>();
  private next = 1;
  async createJitRunner(name: string, labels: readonly string[]) {
    const id = this.next++;
    this.runners.set(id, { id, name, status: 'offline', busy: false, labels: [...labels] });
    return { id, name, encodedJitConfig: Buffer.from(`jit-${id}-secret-material`).toString('base64') };
  }
  async getRunner(id: number) {
    return this.runners.get(id);
  }
  async listRunners() {
    return [...this.runners.values()];
  }
  async deleteRunner(id: number) {
    return this.runners.delete(id);
  }
}

const settings: LaunchSettings = {
  name: 'cml-unit',
  labels: ['cml'],
  scope: 'repo:acme/widget',
  idleTimeoutSeconds: 300,
  maxLifetimeSeconds: undefined,
  startupTimeoutSeconds: 30,
  single: false,
  reuse: false,
  reuseIdle: false,
  startupScript: undefined,
  metadata: {},
  keepMetadataAccess: false,
  workflow: undefined,
  pollIntervalMs: 5000,
};

function deps(cloud: MemoryCloud, registry: MemoryRegistry, extra: Partial<LifecycleDeps> = {}) {
  // A clock that moves only when the lifecycle sleeps: waits are exact and instant.
  let now = Date.parse('2026-11-29T12:00:00Z');
  const sleeps: number[] = [];
  const logger = createMemoryLogger();
  const base: LifecycleDeps = {
    provider: cloud,
    registry,
    logger,
    now: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    ...extra,
  };
  return { deps: base, sleeps, logger };
}

describe('runner lifecycle', () => {
  it('waits in bounded steps and undoes everything at the startup timeout', async () => {
    const cloud = new MemoryCloud();
    const registry = new MemoryRegistry();
    const { deps: d, sleeps, logger } = deps(cloud, registry);
    await expect(launchRunner(settings, d)).rejects.toThrow(/did not come online within 30s/);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(30_000);
    expect(sleeps.length).toBeLessThanOrEqual(8);
    expect(cloud.machines.get('m-1')?.state).toBe('terminated');
    expect(registry.runners.size).toBe(0);
    expect(cloud.requests[0]?.facts.expiresAt).toBeUndefined();
    expect(cloud.requests[0]?.bootScript).toContain('MAX_LIFETIME=0');
    expect(logger.lines.join('\n')).not.toContain(Buffer.from('jit-1-secret-material').toString('base64'));
  });

  it('says how long it has waited in its first progress line, even under half a second', async () => {
    const cloud = new MemoryCloud();
    const registry = new MemoryRegistry();
    // Every look at the clock finds a little time gone (a GitHub round trip), as in real life.
    let now = Date.parse('2026-11-29T12:00:00Z');
    const { deps: d, logger } = deps(cloud, registry, { now: () => new Date((now += 300)), sleep: async (ms) => void (now += ms) });
    await expect(launchRunner({ ...settings, startupTimeoutSeconds: 10 }, d)).rejects.toThrow(/did not come online/);
    const progress = logger.lines.filter((line) => line.startsWith('waiting for runner'));
    expect(progress[0]).toBe('waiting for runner cml-unit on m-1 to come online (0s of 10s)');
    expect(progress.join('\n')).not.toContain('( of');
  });

  it('removes the registration when the cloud fails for a reason other than capacity', async () => {
    const cloud = new MemoryCloud();
    cloud.failLaunch = new UserError('cannot launch an instance: not allowed');
    const registry = new MemoryRegistry();
    await expect(launchRunner(settings, deps(cloud, registry).deps)).rejects.toThrow(/not allowed/);
    expect(registry.runners.size).toBe(0);
  });

  it('stops waiting and undoes the launch when interrupted', async () => {
    const cloud = new MemoryCloud();
    const registry = new MemoryRegistry();
    const controller = new AbortController();
    const { deps: d } = deps(cloud, registry, { signal: controller.signal, sleep: async () => controller.abort() });
    await expect(launchRunner(settings, d)).rejects.toThrow(/was interrupted/);
    expect(cloud.machines.get('m-1')?.state).toBe('terminated');
    expect(registry.runners.size).toBe(0);
  });

  it('returns once the runner is online, with its name as an extra label', async () => {
    const cloud = new MemoryCloud();
    const registry = new MemoryRegistry();
    const { deps: d } = deps(cloud, registry, {
      sleep: async () => {
        for (const runner of registry.runners.values()) registry.runners.set(runner.id, { ...runner, status: 'online' });
      },
    });
    const outcome = await launchRunner({ ...settings, maxLifetimeSeconds: 3600 }, d);
    expect(outcome).toMatchObject({ runnerName: 'cml-unit', machineId: 'm-1', cloud: 'memory', location: 'lab-1' });
    expect(registry.runners.get(1)?.labels).toEqual(['cml', 'cml-unit', 'continuous-ml-memory-lab-1']);
    expect(cloud.requests[0]?.facts.expiresAt?.toISOString()).toBe('2026-11-29T13:00:00.000Z');
  });

  it('cleanup leaves a machine alone before its ready-by, and never touches other scopes', async () => {
    const cloud = new MemoryCloud();
    const registry = new MemoryRegistry();
    const now = Date.parse('2026-11-29T12:00:00Z');
    const record = (id: string, scope: string, readyBy: number): MachineRecord => ({
      id,
      state: 'running',
      runnerName: id,
      runnerId: undefined,
      scope,
      type: 't',
      market: 'spot',
      launchedAt: new Date(now - 60_000),
      expiresAt: undefined,
      readyBy: new Date(readyBy),
      interrupted: false,
      stateReason: undefined,
      workflow: undefined,
    });
    cloud.machines.set('booting', record('booting', 'repo:acme/widget', now + 60_000));
    cloud.machines.set('late', record('late', 'repo:acme/widget', now - 1));
    cloud.machines.set('elsewhere', record('elsewhere', 'repo:acme/other', now - 1));
    const outcome = await cleanupRunners(
      { scope: 'repo:acme/widget', dryRun: false, defaultStartupSeconds: 600 },
      { ...deps(cloud, registry).deps, now: () => new Date(now) },
    );
    expect(outcome.terminated).toEqual([{ machineId: 'late', runnerName: 'late', reason: 'its runner registration is gone' }]);
    expect(cloud.machines.get('booting')?.state).toBe('running');
    expect(cloud.machines.get('elsewhere')?.state).toBe('running');
  });
});
