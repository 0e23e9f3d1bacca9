// The runner lifecycle, independent of the cloud: launch (register, start a machine, wait until the
// runner is online, undo everything on failure), stop (one runner), and cleanup (orphans, expired
// machines, stale registrations, and jobs lost to spot interruptions). Every wait is bounded by both
// a deadline and a count.

import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { formatDuration } from './durations.js';
import { NoCapacityError } from './launch-plan.js';
import type { LaunchedMachine, MachineFacts, MachineRecord, RunnerProvider, ScopeKey } from './provider.js';
import type { RegisteredRunner, RunnerRegistry, WorkflowRuns } from './registry-port.js';
import { renderBootScript } from './user-data.js';

/** Labels GitHub gives every self-hosted runner; they say nothing about which runner a job wants. */
const GENERIC_LABELS = new Set(['self-hosted', 'linux', 'x64', 'arm64', 'windows', 'macos']);

export interface LaunchSettings {
  readonly name: string;
  readonly labels: readonly string[];
  readonly scope: ScopeKey;
  readonly idleTimeoutSeconds: number | undefined;
  readonly maxLifetimeSeconds: number | undefined;
  readonly startupTimeoutSeconds: number;
  readonly single: boolean;
  readonly reuse: boolean;
  readonly reuseIdle: boolean;
  readonly startupScript: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  readonly keepMetadataAccess: boolean;
  readonly workflow: MachineFacts['workflow'];
  /** Between readiness checks. */
  readonly pollIntervalMs: number;
}

export interface LifecycleDeps {
  readonly provider: RunnerProvider;
  readonly registry: RunnerRegistry;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
  /** Called as soon as a machine exists, before waiting for it (the action saves it for its post step). */
  readonly onMachine?: (machine: LaunchedMachine, runnerId: number) => void;
}

export interface LaunchOutcome {
  readonly reused: boolean;
  readonly runnerName: string;
  readonly runnerId: number | null;
  readonly labels: readonly string[];
  readonly cloud: string;
  /** Region, cluster or similar (the provider's location). */
  readonly location: string;
  /** The machine the runner runs on; null for a reused runner whose machine was not found. */
  readonly machineId: string | null;
  readonly machineType: string | null;
  readonly market: string | null;
  readonly zone: string | null;
  readonly hourlyPrice: number | null;
  readonly priceSource: string | null;
}

/** The label every runner launched in this cloud location carries, so cleanup can find its own. */
export function locationLabel(provider: Pick<RunnerProvider, 'cloud' | 'location'>): string {
  return `continuous-ml-${provider.cloud}-${provider.location}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
}

export async function launchRunner(settings: LaunchSettings, deps: LifecycleDeps): Promise<LaunchOutcome> {
  const { provider, registry, logger } = deps;
  if (settings.reuse || settings.reuseIdle) {
    const reused = await findReusable(settings, deps);
    if (reused) return reused;
  }

  // The runner's own name is a label too, so a workflow can target exactly this runner.
  const labels = [...new Set([...settings.labels, settings.name, locationLabel(provider)])];
  // GitHub's registration and the cloud's look-ups (and loading its SDK) do not depend on each
  // other; the request to GitHub goes out first so its round trip overlaps the local work.
  const registering = registry.createJitRunner(settings.name, labels);
  registering.catch(() => undefined);
  const preparing = provider.prepare?.();
  preparing?.catch(() => undefined);
  const jit = await registering;
  logger.mask(jit.encodedJitConfig);
  logger.info(`registered just-in-time runner ${jit.name} (id ${jit.id}) for ${registry.description} with labels ${settings.labels.join(', ')}`);

  const started = deps.now();
  const facts: MachineFacts = {
    runnerName: jit.name,
    runnerId: jit.id,
    labels: settings.labels,
    scope: settings.scope,
    expiresAt: settings.maxLifetimeSeconds === undefined ? undefined : new Date(started.getTime() + settings.maxLifetimeSeconds * 1000),
    readyBy: new Date(started.getTime() + settings.startupTimeoutSeconds * 1000),
    ...(settings.workflow ? { workflow: settings.workflow } : {}),
    metadata: settings.metadata,
  };

  let machine: LaunchedMachine;
  try {
    const bootScript = renderBootScript({
      runnerName: jit.name,
      jitConfig: jit.encodedJitConfig,
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      maxLifetimeSeconds: settings.maxLifetimeSeconds,
      single: settings.single,
      startupScript: settings.startupScript,
      keepMetadataAccess: settings.keepMetadataAccess,
    });
    await preparing;
    machine = await provider.launch({ facts, bootScript });
  } catch (error) {
    await deleteRegistration(registry, jit.id, jit.name, logger);
    if (error instanceof NoCapacityError) {
      throw new UserError(`could not launch runner ${jit.name} in ${provider.location}: ${error.message}`, {
        hint: 'list more instance types (--cloud-type a,b), allow on-demand, or try another region; nothing was left running or registered',
        cause: error,
      });
    }
    throw error;
  }
  deps.onMachine?.(machine, jit.id);
  logger.info(`started ${machine.id}: ${machine.type}, ${machine.market}, ${machine.zone ?? machine.location}${machine.price.usd === null ? '' : `, $${machine.price.usd.toFixed(4)}/h (${machine.price.source})`}`);

  try {
    await waitUntilOnline(jit.id, jit.name, machine, settings, deps);
  } catch (error) {
    await undoLaunch(machine.id, jit.id, jit.name, deps);
    throw error;
  }
  logger.info(`runner ${jit.name} is online on ${machine.id}; target it with \`runs-on: [self-hosted, ${jit.name}]\` (or its labels ${settings.labels.join(', ')})`);
  return {
    reused: false,
    runnerName: jit.name,
    runnerId: jit.id,
    labels: settings.labels,
    cloud: provider.cloud,
    location: provider.location,
    machineId: machine.id,
    machineType: machine.type,
    market: machine.market,
    zone: machine.zone ?? null,
    hourlyPrice: machine.price.usd,
    priceSource: machine.price.source,
  };
}

async function findReusable(settings: LaunchSettings, deps: LifecycleDeps): Promise<LaunchOutcome | undefined> {
  const { provider, registry, logger } = deps;
  const wanted = settings.labels.filter((label) => !GENERIC_LABELS.has(label.toLowerCase()));
  const runners = await registry.listRunners();
  const candidate = runners.find(
    (runner) =>
      runner.status === 'online' &&
      (runner.name === settings.name || runner.labels.some((label) => wanted.includes(label))) &&
      (!settings.reuseIdle || !runner.busy),
  );
  if (!candidate) {
    logger.info(`no ${settings.reuseIdle ? 'idle ' : ''}online runner with labels ${wanted.join(', ')} to reuse; launching one`);
    return undefined;
  }
  const machine = (await provider.list(settings.scope)).find((record) => record.runnerName === candidate.name && record.state !== 'terminated');
  logger.info(`reusing runner ${candidate.name}${candidate.busy ? ' (busy)' : ' (idle)'}${machine ? ` on ${machine.id}` : ''}; nothing launched`);
  return {
    reused: true,
    runnerName: candidate.name,
    runnerId: candidate.id,
    labels: candidate.labels.filter((label) => !label.startsWith('continuous-ml-')),
    cloud: provider.cloud,
    location: provider.location,
    machineId: machine?.id ?? null,
    machineType: machine?.type ?? null,
    market: machine?.market ?? null,
    zone: null,
    hourlyPrice: null,
    priceSource: null,
  };
}

async function waitUntilOnline(runnerId: number, runnerName: string, machine: LaunchedMachine, settings: LaunchSettings, deps: LifecycleDeps): Promise<void> {
  const { registry, provider, logger } = deps;
  const start = deps.now().getTime();
  const timeoutMs = settings.startupTimeoutSeconds * 1000;
  const interval = Math.max(1, settings.pollIntervalMs);
  const maxPolls = Math.ceil(timeoutMs / interval) + 2;
  let lastProgress = start;
  for (let poll = 1; poll <= maxPolls; poll += 1) {
    if (deps.signal?.aborted) throw new UserError(`launch of runner ${runnerName} was interrupted; ${machine.id} is being terminated`);
    const runner = await registry.getRunner(runnerId);
    if (runner?.status === 'online') return;
    const elapsed = deps.now().getTime() - start;
    if (elapsed >= timeoutMs) break;
    if (poll % 3 === 0) {
      const record = await provider.describe(machine.id);
      if (!record || record.state === 'terminated' || record.state === 'stopping') {
        throw new UserError(`${machine.id} stopped before runner ${runnerName} came online${record?.stateReason ? ` (${record.stateReason})` : ''}`, {
          hint: 'check the startup script and the instance console output; the registration was removed',
        });
      }
    }
    if (deps.now().getTime() - lastProgress >= 15_000 || poll === 1) {
      lastProgress = deps.now().getTime();
      logger.info(`waiting for runner ${runnerName} on ${machine.id} to come online (${formatDuration(elapsed / 1000)} of ${formatDuration(settings.startupTimeoutSeconds)})`);
    }
    await deps.sleep(Math.min(interval, Math.max(1, timeoutMs - elapsed)));
  }
  throw new UserError(`runner ${runnerName} did not come online within ${formatDuration(settings.startupTimeoutSeconds)}; terminated ${machine.id} and removed the registration`, {
    hint: 'raise --startup-timeout, or check the instance console output (image, network access to github.com)',
  });
}

/** Terminates a machine and removes its registration; used when a launch fails or is abandoned. */
export async function undoLaunch(machineId: string, runnerId: number, runnerName: string, deps: Pick<LifecycleDeps, 'provider' | 'registry' | 'logger'>): Promise<void> {
  const { logger } = deps;
  try {
    await deps.provider.terminate(machineId);
    logger.info(`terminated ${machineId}`);
  } catch (error) {
    logger.error(`could not terminate ${machineId}: ${(error as Error).message}; terminate it by hand or run \`cml runner cleanup\``);
  }
  await deleteRegistration(deps.registry, runnerId, runnerName, logger);
}

async function deleteRegistration(registry: RunnerRegistry, runnerId: number, runnerName: string, logger: Logger): Promise<boolean> {
  try {
    const deleted = await registry.deleteRunner(runnerId);
    if (deleted) logger.info(`removed the registration of runner ${runnerName}`);
    return deleted;
  } catch (error) {
    logger.error(`could not remove the registration of runner ${runnerName}: ${(error as Error).message}`);
    return false;
  }
}

export interface StopOutcome {
  readonly runnerName: string;
  readonly terminated: readonly string[];
  readonly deregistered: boolean;
  /** The cloud took a machine of this runner back (spot): its job is re-run by cleanup. */
  readonly interrupted: boolean;
}

export async function stopRunner(name: string, scope: ScopeKey, deps: LifecycleDeps): Promise<StopOutcome> {
  const { provider, registry, logger } = deps;
  const machines = (await provider.list(scope)).filter((record) => record.runnerName === name);
  const terminated: string[] = [];
  for (const machine of machines.filter((record) => record.state !== 'terminated')) {
    await provider.terminate(machine.id);
    terminated.push(machine.id);
    logger.info(`terminated ${machine.id} (runner ${name})`);
  }
  let deregistered = false;
  for (const runner of (await registry.listRunners()).filter((candidate) => candidate.name === name)) {
    if (runner.busy) logger.warn(`runner ${name} is still running a job; removing it anyway`);
    deregistered = (await deleteRegistration(registry, runner.id, name, logger)) || deregistered;
  }
  const interrupted = machines.some((record) => record.interrupted);
  if (interrupted) {
    logger.warn(`runner ${name} lost its machine to a spot interruption; \`cml runner cleanup\` re-runs the interrupted job once this workflow run has finished`);
  }
  if (terminated.length === 0 && !deregistered) logger.info(`nothing to stop: no machine or registration named ${name} in ${provider.location}`);
  return { runnerName: name, terminated, deregistered, interrupted };
}

export interface CleanupOutcome {
  readonly terminated: readonly { readonly machineId: string; readonly runnerName: string | null; readonly reason: string }[];
  readonly deregistered: readonly { readonly runnerId: number; readonly runnerName: string; readonly reason: string }[];
  readonly rerun: readonly { readonly runId: string; readonly jobId: number; readonly runnerName: string }[];
  readonly dryRun: boolean;
}

export interface CleanupSettings {
  readonly scope: ScopeKey;
  readonly dryRun: boolean;
  /** Machines without a readiness deadline are given this long to come online. */
  readonly defaultStartupSeconds: number;
}

export async function cleanupRunners(settings: CleanupSettings, deps: LifecycleDeps & { readonly runs?: WorkflowRuns }): Promise<CleanupOutcome> {
  const { provider, registry, logger } = deps;
  const now = deps.now().getTime();
  const verb = settings.dryRun ? 'would terminate' : 'terminated';
  const machines = await provider.list(settings.scope);
  const runners = await registry.listRunners();
  const byName = new Map<string, RegisteredRunner>(runners.map((runner) => [runner.name, runner]));
  const terminated: { machineId: string; runnerName: string | null; reason: string }[] = [];
  const deregistered: { runnerId: number; runnerName: string; reason: string }[] = [];

  const live = machines.filter((record) => record.state === 'pending' || record.state === 'running');
  for (const machine of live) {
    const runner = machine.runnerName ? byName.get(machine.runnerName) : undefined;
    const reason = orphanReason(machine, runner, now, settings.defaultStartupSeconds);
    if (!reason) continue;
    if (!settings.dryRun) await provider.terminate(machine.id);
    terminated.push({ machineId: machine.id, runnerName: machine.runnerName ?? null, reason });
    logger.info(`${verb} ${machine.id} (runner ${machine.runnerName ?? 'unknown'}): ${reason}`);
    if (runner) {
      if (!settings.dryRun) await deleteRegistration(registry, runner.id, runner.name, logger);
      deregistered.push({ runnerId: runner.id, runnerName: runner.name, reason: `its machine ${machine.id} ${settings.dryRun ? 'would be' : 'was'} terminated` });
    }
  }

  const stillLive = new Set(live.filter((record) => !terminated.some((gone) => gone.machineId === record.id)).map((record) => record.runnerName));
  const ours = locationLabel(provider);
  for (const runner of runners) {
    if (runner.status !== 'offline' || runner.busy || !runner.labels.includes(ours)) continue;
    if (stillLive.has(runner.name) || deregistered.some((entry) => entry.runnerId === runner.id)) continue;
    if (!settings.dryRun) await deleteRegistration(registry, runner.id, runner.name, logger);
    deregistered.push({ runnerId: runner.id, runnerName: runner.name, reason: `offline with no machine in ${provider.location}` });
    if (settings.dryRun) logger.info(`would remove the registration of offline runner ${runner.name}`);
  }

  const rerun = deps.runs ? await rerunInterrupted(machines, deps.runs, settings.dryRun, logger) : [];
  if (terminated.length === 0 && deregistered.length === 0 && rerun.length === 0) logger.info(`nothing to clean up for ${registry.description} in ${provider.location}`);
  return { terminated, deregistered, rerun, dryRun: settings.dryRun };
}

function orphanReason(machine: MachineRecord, runner: RegisteredRunner | undefined, now: number, defaultStartupSeconds: number): string | undefined {
  if (machine.expiresAt && now >= machine.expiresAt.getTime()) return `past its expiry (${machine.expiresAt.toISOString()})`;
  const readyBy = machine.readyBy?.getTime() ?? (machine.launchedAt ? machine.launchedAt.getTime() + defaultStartupSeconds * 1000 : undefined);
  if (readyBy === undefined || now < readyBy) return undefined;
  if (!runner) return 'its runner registration is gone';
  if (runner.status === 'offline') return 'its runner is offline';
  return undefined;
}

async function rerunInterrupted(machines: readonly MachineRecord[], runs: WorkflowRuns, dryRun: boolean, logger: Logger): Promise<{ runId: string; jobId: number; runnerName: string }[]> {
  const done: { runId: string; jobId: number; runnerName: string }[] = [];
  const seen = new Set<number>();
  for (const machine of machines) {
    const workflow = machine.workflow;
    if (!machine.interrupted || !workflow || !machine.runnerName || workflow.repository !== runs.repository) continue;
    if (workflow.jobId === undefined) {
      logger.warn(`runner ${machine.runnerName} was interrupted, but the job that launched it is unknown (the token needs actions: read); re-run run ${workflow.runId} by hand`);
      continue;
    }
    if (seen.has(workflow.jobId)) continue;
    const run = await runs.getRun(workflow.runId);
    if (!run || run.status !== 'completed' || run.conclusion === 'success' || String(run.runAttempt) !== workflow.runAttempt) continue;
    const jobs = await runs.listJobs(workflow.runId, run.runAttempt);
    const lost = jobs.find((job) => job.runnerName === machine.runnerName && (job.conclusion === 'failure' || job.conclusion === 'cancelled'));
    if (!lost) continue;
    seen.add(workflow.jobId);
    if (!dryRun) await runs.rerunJob(workflow.jobId);
    logger.info(`${dryRun ? 'would re-run' : 're-ran'} job ${workflow.jobId} and its dependents in run ${workflow.runId}: job "${lost.name}" lost runner ${machine.runnerName} to a spot interruption`);
    done.push({ runId: workflow.runId, jobId: workflow.jobId, runnerName: machine.runnerName });
  }
  return done;
}
