// `cml runner stop` (the action's mode: stop): terminate one runner's machine, remove its registration.

import { stopRunner, type StopOutcome } from '../../core/runner/stop.js';
import { scopeKey } from '../../forges/github/runners.js';
import type { StopCommandSettings } from './settings.js';
import { wire, type RunnerDeps } from './wiring.js';

export async function runStop(settings: StopCommandSettings, deps: RunnerDeps): Promise<StopOutcome> {
  if (!settings.name) {
    deps.logger.info('no runner name given: nothing to stop');
    return { runnerName: '', terminated: [], deregistered: false, interrupted: false };
  }
  const { lifecycle } = wire(settings.target, undefined, deps);
  return stopRunner(settings.name, scopeKey(settings.target.scope), lifecycle);
}
