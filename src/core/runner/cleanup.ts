// Cleaning up after runners: terminate orphaned or expired machines, remove stale registrations,
// and re-run jobs whose machine a spot interruption took back.

import type { Logger } from '../../logger.js';
import { deleteRegistration, locationLabel, type LifecycleDeps } from './lifecycle.js';
import type { MachineRecord, ScopeKey } from './provider.js';
import type { RegisteredRunner, WorkflowRuns } from './registry-port.js';

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
      deregistered.push({
        runnerId: runner.id,
        runnerName: runner.name,
        reason: `its machine ${machine.id} ${settings.dryRun ? 'would be' : 'was'} terminated`,
      });
    }
  }

  // Ended machines the cloud keeps until they are deleted (finished pods with their secrets,
  // powered-off Compute Engine instances with their disks).
  for (const machine of machines.filter((record) => record.leftover)) {
    if (!settings.dryRun) await provider.terminate(machine.id);
    const reason = `it has ended${machine.stateReason ? ` (${machine.stateReason})` : ''}`;
    terminated.push({ machineId: machine.id, runnerName: machine.runnerName ?? null, reason });
    logger.info(`${settings.dryRun ? 'would delete' : 'deleted'} ${machine.id} (runner ${machine.runnerName ?? 'unknown'}): ${reason}`);
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
  if (terminated.length === 0 && deregistered.length === 0 && rerun.length === 0)
    logger.info(`nothing to clean up for ${registry.description} in ${provider.location}`);
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

async function rerunInterrupted(
  machines: readonly MachineRecord[],
  runs: WorkflowRuns,
  dryRun: boolean,
  logger: Logger,
): Promise<{ runId: string; jobId: number; runnerName: string }[]> {
  const done: { runId: string; jobId: number; runnerName: string }[] = [];
  const seen = new Set<number>();
  for (const machine of machines) {
    const workflow = machine.workflow;
    if (!machine.interrupted || !workflow || !machine.runnerName || workflow.repository !== runs.repository) continue;
    if (workflow.jobId === undefined) {
      logger.warn(
        `runner ${machine.runnerName} was interrupted, but the job that launched it is unknown (the token needs actions: read); re-run run ${workflow.runId} by hand`,
      );
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
    logger.info(
      `${dryRun ? 'would re-run' : 're-ran'} job ${workflow.jobId} and its dependents in run ${workflow.runId}: job "${lost.name}" lost runner ${machine.runnerName} to a spot interruption`,
    );
    done.push({ runId: workflow.runId, jobId: workflow.jobId, runnerName: machine.runnerName });
  }
  return done;
}
