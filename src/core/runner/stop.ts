// Stopping one runner: terminate its machines and remove its registration.

import { deleteRegistration, type LifecycleDeps } from './lifecycle.js';
import type { ScopeKey } from './provider.js';

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
  for (const machine of machines.filter((record) => record.state !== 'terminated' || record.leftover)) {
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
    logger.warn(
      `runner ${name} lost its machine to a spot interruption; \`cml runner cleanup\` re-runs the interrupted job once this workflow run has finished`,
    );
  }
  if (terminated.length === 0 && !deregistered) logger.info(`nothing to stop: no machine or registration named ${name} in ${provider.location}`);
  return { runnerName: name, terminated, deregistered, interrupted };
}
