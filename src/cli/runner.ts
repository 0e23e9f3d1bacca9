// `cml runner launch|stop|cleanup` (and CML's `cml-runner`, `cml runner`): flags -> settings -> run.

import {
  buildCleanupSettings,
  buildLaunchSettings,
  buildStopSettings,
  cleanupSpec,
  launchJson,
  launchSpec,
  runCleanup,
  runLaunch,
  runStop,
  stopSpec,
} from '../commands/runner.js';
import type { CleanupOutcome } from '../core/runner/lifecycle.js';
import type { CliCommand } from './command.js';

export const runnerLaunch: CliCommand<typeof launchSpec.options> = {
  spec: launchSpec,
  async run(parsed, io) {
    const settings = buildLaunchSettings(parsed.values, io.env);
    const outcome = await runLaunch(settings, { logger: io.logger, signal: io.signal });
    io.stdout(parsed.values.json ? JSON.stringify(launchJson(outcome)) + '\n' : `${outcome.runnerName}\n`);
  },
};

export const runnerStop: CliCommand<typeof stopSpec.options> = {
  spec: stopSpec,
  async run(parsed, io) {
    const outcome = await runStop(buildStopSettings(parsed.values, io.env), { logger: io.logger, signal: io.signal });
    if (parsed.values.json) io.stdout(JSON.stringify({ name: outcome.runnerName, terminated: outcome.terminated, deregistered: outcome.deregistered, interrupted: outcome.interrupted }) + '\n');
  },
};

export const runnerCleanup: CliCommand<typeof cleanupSpec.options> = {
  spec: cleanupSpec,
  async run(parsed, io) {
    const outcome = await runCleanup(buildCleanupSettings(parsed.values, io.env), { logger: io.logger, signal: io.signal });
    if (parsed.values.json) io.stdout(JSON.stringify(cleanupJson(outcome)) + '\n');
  },
};

/** What `runner cleanup --json` prints: a terminated machine is an `instanceId`, as it always was. */
function cleanupJson(outcome: CleanupOutcome): Record<string, unknown> {
  const { terminated, ...rest } = outcome;
  return { terminated: terminated.map(({ machineId, ...entry }) => ({ instanceId: machineId, ...entry })), ...rest };
}
