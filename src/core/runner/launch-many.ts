// Launching N runners at once for a matrix job (`--count N`): each its own just-in-time
// registration and machine, named <name>-1 ... <name>-N, all with the same labels plus <name>, a
// label only this batch has. At most MAX_PARALLEL_LAUNCHES are in flight together. All or nothing:
// when one fails the others are stopped and undone, and the first error is what the user sees.

import { UserError } from '../../errors.js';
import { launchRunner, type LaunchOutcome, type LaunchSettings } from './launch.js';
import { undoLaunch, type LifecycleDeps } from './lifecycle.js';

export const MAX_PARALLEL_LAUNCHES = 8;

/** The names and labels of a batch's runners: the batch name is a label of each. */
export function batchSettings(settings: LaunchSettings, count: number): LaunchSettings[] {
  if (count === 1) return [settings];
  const labels = [...new Set([...settings.labels, settings.name])];
  return Array.from({ length: count }, (_, index) => ({ ...settings, name: `${settings.name}-${index + 1}`, labels }));
}

export async function launchRunners(
  settings: LaunchSettings,
  count: number,
  deps: LifecycleDeps,
  parallel: number = MAX_PARALLEL_LAUNCHES,
): Promise<LaunchOutcome[]> {
  const batch = batchSettings(settings, count);
  if (batch.length === 1) return [await launchRunner(batch[0]!, deps)];
  const stop = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, stop.signal]) : stop.signal;
  const shared: LifecycleDeps = { ...deps, signal };
  const outcomes: (LaunchOutcome | undefined)[] = new Array(batch.length).fill(undefined);
  let firstError: unknown;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batch.length && !signal.aborted) {
      const index = next++;
      try {
        outcomes[index] = await launchRunner(batch[index]!, shared);
      } catch (error) {
        firstError ??= error;
        stop.abort();
      }
    }
  };
  deps.logger.info(`launching ${count} runners, up to ${Math.min(parallel, count)} at a time, labelled ${settings.name}`);
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, count)) }, worker));
  if (firstError === undefined && outcomes.every((outcome) => outcome !== undefined)) return outcomes as LaunchOutcome[];

  const launched = outcomes.filter((outcome): outcome is LaunchOutcome => outcome !== undefined);
  for (const outcome of launched) {
    if (outcome.machineId && outcome.runnerId !== null) await undoLaunch(outcome.machineId, outcome.runnerId, outcome.runnerName, deps);
  }
  const cause = firstError ?? new UserError(`the launch of ${count} runners was interrupted`);
  if (launched.length === 0) throw cause;
  const message = `${(cause as Error).message}; the ${launched.length} runner${launched.length === 1 ? '' : 's'} already online ${launched.length === 1 ? 'was' : 'were'} removed too`;
  throw cause instanceof UserError ? new UserError(message, { ...(cause.hint ? { hint: cause.hint } : {}), cause }) : cause;
}
