// The order in which a machine is asked for: with spot requested, every (type, placement) pair on
// the spot market first, then the same pairs on demand. A capacity or price refusal moves to the
// next attempt; any other error ends the plan at once (a bad image or missing permission will not
// improve in another zone). Every refusal is reported so the user can see what was tried.

import type { Logger } from '../../logger.js';
import { CapacityError, type Market } from './provider.js';

export interface LaunchAttempt {
  readonly type: string;
  readonly market: Market;
  /** Subnet, zone or node pool; undefined lets the cloud choose. */
  readonly placement: string | undefined;
}

export function planAttempts(types: readonly string[], spot: boolean, placements: readonly (string | undefined)[]): LaunchAttempt[] {
  const where = placements.length > 0 ? placements : [undefined];
  const markets: Market[] = spot ? ['spot', 'on-demand'] : ['on-demand'];
  const attempts: LaunchAttempt[] = [];
  for (const market of markets) {
    for (const type of types) {
      for (const placement of where) attempts.push({ type, market, placement });
    }
  }
  return attempts;
}

export function describeAttempt(attempt: LaunchAttempt): string {
  return `${attempt.type} (${attempt.market}${attempt.placement ? ` in ${attempt.placement}` : ''})`;
}

export class NoCapacityError extends Error {
  constructor(readonly refusals: readonly { attempt: LaunchAttempt; code: string }[]) {
    const summary = refusals.map(({ attempt, code }) => `${describeAttempt(attempt)}: ${code}`).join('; ');
    super(`every launch attempt was refused (${summary})`);
    this.name = 'NoCapacityError';
  }
}

/** Runs attempts in order until one succeeds. Throws NoCapacityError when all were refused. */
export async function runPlan<T>(
  attempts: readonly LaunchAttempt[],
  attempt: (next: LaunchAttempt, index: number) => Promise<T>,
  logger: Logger,
): Promise<{ result: T; attempt: LaunchAttempt }> {
  const refusals: { attempt: LaunchAttempt; code: string }[] = [];
  for (const [index, next] of attempts.entries()) {
    try {
      const result = await attempt(next, index);
      if (refusals.length > 0) {
        logger.info(`launched ${describeAttempt(next)} after ${refusals.length} refusal${refusals.length === 1 ? '' : 's'}`);
      }
      return { result, attempt: next };
    } catch (error) {
      if (!(error instanceof CapacityError)) throw error;
      refusals.push({ attempt: next, code: error.code });
      const following = attempts[index + 1];
      const then = following ? `; trying ${describeAttempt(following)}` : '';
      logger.warn(`${describeAttempt(next)} refused: ${error.code}${then}`);
    }
  }
  throw new NoCapacityError(refusals);
}
