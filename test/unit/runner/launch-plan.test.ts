import { describe, expect, it } from 'vitest';
import { NoCapacityError, planAttempts, runPlan } from '../../../src/core/runner/launch-plan.js';
import { CapacityError } from '../../../src/core/runner/provider.js';
import { createMemoryLogger } from '../../../src/logger.js';

describe('launch plan', () => {
  it('tries every type and placement on spot before any on demand', () => {
    const plan = planAttempts(['g5.xlarge', 'g6.xlarge'], true, ['subnet-a', 'subnet-b']).map((a) => `${a.market} ${a.type} ${a.placement}`);
    expect(plan).toEqual([
      'spot g5.xlarge subnet-a',
      'spot g5.xlarge subnet-b',
      'spot g6.xlarge subnet-a',
      'spot g6.xlarge subnet-b',
      'on-demand g5.xlarge subnet-a',
      'on-demand g5.xlarge subnet-b',
      'on-demand g6.xlarge subnet-a',
      'on-demand g6.xlarge subnet-b',
    ]);
    expect(planAttempts(['m5.large'], false, [])).toEqual([{ type: 'm5.large', market: 'on-demand', placement: undefined }]);
  });

  it('moves on after capacity refusals, stops at other errors, and lists every refusal when all fail', async () => {
    const logger = createMemoryLogger();
    const attempts = planAttempts(['a.large', 'b.large'], false, []);
    const tried: string[] = [];
    const won = await runPlan(
      attempts,
      async (next) => {
        tried.push(next.type);
        if (next.type === 'a.large') throw new CapacityError('InsufficientInstanceCapacity', 'no');
        return 'ok';
      },
      logger,
    );
    expect(won).toEqual({ result: 'ok', attempt: attempts[1] });
    expect(tried).toEqual(['a.large', 'b.large']);

    await expect(runPlan(attempts, () => Promise.reject(new Error('bad image')), logger)).rejects.toThrow('bad image');
    const failure = runPlan(attempts, () => Promise.reject(new CapacityError('SpotMaxPriceTooLow', 'no')), logger);
    await expect(failure).rejects.toBeInstanceOf(NoCapacityError);
    await expect(failure).rejects.toThrow(
      'every launch attempt was refused (a.large (on-demand): SpotMaxPriceTooLow; b.large (on-demand): SpotMaxPriceTooLow)',
    );
  });
});
