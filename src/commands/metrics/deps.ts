// What a metrics command is given to run (the logger, and how a failed gate is reported), and the
// reporting of gate outcomes: passed ones as info lines, failed ones as regressions.

import type { Logger } from '../../logger.js';
import type { GateOutcome } from '../../core/metrics/gates.js';

export interface MetricsDeps {
  readonly logger: Logger;
  /**
   * Reports a failed gate. The action turns it into an error annotation with a title; without it
   * failures are logged as errors.
   */
  readonly onRegression?: (outcome: GateOutcome) => void;
}

export function reportGates(outcomes: readonly GateOutcome[], deps: MetricsDeps): boolean {
  const failed = outcomes.filter((outcome) => !outcome.passed);
  for (const outcome of outcomes) {
    if (outcome.passed) deps.logger.info(`gate passed: ${outcome.message}`);
    else if (deps.onRegression) deps.onRegression(outcome);
    else deps.logger.error(`regression: ${outcome.message}`);
  }
  return failed.length > 0;
}
