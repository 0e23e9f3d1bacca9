// What the runner lifecycle shares, independent of the cloud: its dependencies (a provider, a
// runner registry, a clock), the label that marks a cloud location's runners, and undoing a launch
// (terminate the machine, remove the registration). Launch, stop and cleanup are launch.ts, stop.ts
// and cleanup.ts beside this file. Every wait is bounded by both a deadline and a count.

import type { Logger } from '../../logger.js';
import type { LaunchedMachine, RunnerProvider } from './provider.js';
import type { RunnerRegistry } from './registry-port.js';

export interface LifecycleDeps {
  readonly provider: RunnerProvider;
  readonly registry: RunnerRegistry;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
  /** Called as soon as a machine exists, before waiting for it (the action saves it for its post step). */
  readonly onMachine?: (machine: LaunchedMachine, runnerId: number, runnerName?: string) => void;
}

/** The label every runner launched in this cloud location carries, so cleanup can find its own. */
export function locationLabel(provider: Pick<RunnerProvider, 'cloud' | 'location'>): string {
  return `continuous-ml-${provider.cloud}-${provider.location}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
}

/** Terminates a machine and removes its registration; used when a launch fails or is abandoned. */
export async function undoLaunch(
  machineId: string,
  runnerId: number,
  runnerName: string,
  deps: Pick<LifecycleDeps, 'provider' | 'registry' | 'logger'>,
): Promise<void> {
  const { logger } = deps;
  try {
    await deps.provider.terminate(machineId);
    logger.info(`terminated ${machineId}`);
  } catch (error) {
    logger.error(`could not terminate ${machineId}: ${(error as Error).message}; terminate it by hand or run \`cml runner cleanup\``);
  }
  await deleteRegistration(deps.registry, runnerId, runnerName, logger);
}

export async function deleteRegistration(registry: RunnerRegistry, runnerId: number, runnerName: string, logger: Logger): Promise<boolean> {
  try {
    const deleted = await registry.deleteRunner(runnerId);
    if (deleted) logger.info(`removed the registration of runner ${runnerName}`);
    return deleted;
  } catch (error) {
    logger.error(`could not remove the registration of runner ${runnerName}: ${(error as Error).message}`);
    return false;
  }
}
