// `cml runner launch|stop|cleanup` (and CML's `cml-runner`, `cml runner`): flags -> settings -> run.
// The documented --json output (docs/runner.md) keeps the field names it always had (instanceId,
// instanceType, region): they are mapped from the lifecycle's machine words here, at the front door.

import { runCleanup } from '../commands/runner/cleanup.js';
import { runLaunches } from '../commands/runner/launch.js';
import { buildCleanupSettings, buildLaunchSettings, buildStopSettings } from '../commands/runner/settings.js';
import { cleanupSpec, launchSpec, stopSpec } from '../commands/runner/spec.js';
import { runStop } from '../commands/runner/stop.js';
import type { CleanupOutcome } from '../core/runner/cleanup.js';
import type { LaunchOutcome } from '../core/runner/launch.js';
import type { CliCommand } from './command.js';

export const runnerLaunch: CliCommand<typeof launchSpec.options> = {
  spec: launchSpec,
  async run(parsed, io) {
    const settings = buildLaunchSettings(parsed.values, io.env);
    const outcomes = await runLaunches(settings, { logger: io.logger, signal: io.signal });
    // With --count (even 1) --json prints an array, one entry per runner.
    const json = parsed.values.count === undefined ? launchJson(outcomes[0]!) : outcomes.map(launchJson);
    io.stdout(parsed.values.json ? JSON.stringify(json) + '\n' : outcomes.map((outcome) => `${outcome.runnerName}\n`).join(''));
  },
};

export const runnerStop: CliCommand<typeof stopSpec.options> = {
  spec: stopSpec,
  async run(parsed, io) {
    const outcome = await runStop(buildStopSettings(parsed.values, io.env), { logger: io.logger, signal: io.signal });
    if (parsed.values.json)
      io.stdout(
        JSON.stringify({ name: outcome.runnerName, terminated: outcome.terminated, deregistered: outcome.deregistered, interrupted: outcome.interrupted }) +
          '\n',
      );
  },
};

export const runnerCleanup: CliCommand<typeof cleanupSpec.options> = {
  spec: cleanupSpec,
  async run(parsed, io) {
    const outcome = await runCleanup(buildCleanupSettings(parsed.values, io.env), { logger: io.logger, signal: io.signal });
    if (parsed.values.json) io.stdout(JSON.stringify(cleanupJson(outcome)) + '\n');
  },
};

/** What `runner launch --json` prints. */
function launchJson(outcome: LaunchOutcome): Record<string, unknown> {
  return {
    name: outcome.runnerName,
    labels: outcome.labels,
    instanceId: outcome.machineId,
    instanceType: outcome.machineType,
    market: outcome.market,
    region: outcome.location,
    hourlyPrice: outcome.hourlyPrice,
    priceSource: outcome.priceSource,
    cloud: outcome.cloud,
    zone: outcome.zone,
    runnerId: outcome.runnerId,
    reused: outcome.reused,
  };
}

/** What `runner cleanup --json` prints: a terminated machine is an `instanceId`, as it always was. */
function cleanupJson(outcome: CleanupOutcome): Record<string, unknown> {
  const { terminated, ...rest } = outcome;
  return { terminated: terminated.map(({ machineId, ...entry }) => ({ instanceId: machineId, ...entry })), ...rest };
}
