// What a metrics command is given to run (the logger), and how gate outcomes are announced once
// the table or report they refer to has been printed: passed ones as info lines, failed ones as
// regressions (an error line, or the front door's own reporter, e.g. an Actions annotation).

import type { Logger } from '../../logger.js';
import type { GateOutcome } from '../../core/metrics/gates.js';

export interface MetricsDeps {
  readonly logger: Logger;
}

export interface GateReporting extends MetricsDeps {
  /**
   * Reports a failed gate. The action turns it into an error annotation with a title; without it
   * failures are logged as errors.
   */
  readonly onRegression?: (outcome: GateOutcome) => void;
}

/** Whether any gate failed. */
export function anyFailed(outcomes: readonly GateOutcome[]): boolean {
  return outcomes.some((outcome) => !outcome.passed);
}

/** Called by the front door after printing the table or report, so the verdict follows what it refers to. */
export function announceGates(outcomes: readonly GateOutcome[], reporting: GateReporting): void {
  for (const outcome of outcomes) {
    if (outcome.passed) reporting.logger.info(`gate passed: ${outcome.message}`);
    else if (reporting.onRegression) reporting.onRegression(outcome);
    else reporting.logger.error(`regression: ${outcome.message}`);
  }
}
