// `uses: <owner>/<repo>/runner@v1`: inputs -> the same settings as `cml runner launch|stop|cleanup`
// -> run. `mode: start` saves what it started in the step's state as soon as the machine exists;
// the post step (`post()`) terminates it and removes its registration when the start did not finish
// (failed or cancelled). A started runner is ended by its own watchdog, a stop job, or cleanup.

import * as core from '@actions/core';
import { UserError } from '../errors.js';
import { defineCommand } from '../options/spec.js';
import { runCleanup } from '../commands/runner/cleanup.js';
import { runAbandon, runLaunches } from '../commands/runner/launch.js';
import { buildCleanupSettings, buildLaunchSettings, buildStopSettings, buildTarget } from '../commands/runner/settings.js';
import { launchOptions } from '../commands/runner/spec.js';
import { runStop } from '../commands/runner/stop.js';
import type { LaunchOutcome } from '../core/runner/launch.js';
import { appendJobSummary } from '../output/job-summary.js';
import { readInputs } from './inputs.js';
import { runAction } from './run-action.js';

export const MODES = ['start', 'stop', 'cleanup'] as const;
export type RunnerMode = (typeof MODES)[number];

/** The options that are this action's inputs (test/unit/runner/action-yml.test.ts checks action.yml). */
export const actionSpec = defineCommand({
  name: 'runner',
  summary: 'Start, stop or clean up self-hosted runners on cloud machines.',
  positionals: [],
  options: {
    mode: {
      type: 'string',
      valueName: 'mode',
      default: 'start',
      description: 'start (launch a runner and wait until it is online), stop (end the runner named by name) or cleanup.',
    },
    ...launchOptions,
    'dry-run': { type: 'boolean', description: 'With mode: cleanup, report what would be done and change nothing.' },
  },
});

const STATE = { mode: 'mode', launched: 'launched', instanceId: 'instance-id', runnerId: 'runner-id', runnerName: 'runner-name' } as const;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const { values } = readInputs(actionSpec, env);
    logger.mask(values.token);
    const mode = (values.mode ?? 'start').trim() as RunnerMode;
    if (!MODES.includes(mode)) throw new UserError(`input "mode" must be start, stop or cleanup; got "${values.mode}"`);
    core.saveState(STATE.mode, mode);
    const signal = new AbortController().signal;

    if (mode === 'start') {
      const settings = buildLaunchSettings(values, env);
      // With count > 1 the state holds comma lists, one entry per machine started so far.
      const started: { machineId: string; runnerId: number; runnerName: string }[] = [];
      const outcomes = await runLaunches(settings, {
        logger,
        signal,
        onMachine: (machine, runnerId, runnerName) => {
          started.push({ machineId: machine.id, runnerId, runnerName: runnerName ?? settings.name });
          core.saveState(STATE.instanceId, started.map((entry) => entry.machineId).join(','));
          core.saveState(STATE.runnerId, started.map((entry) => entry.runnerId).join(','));
          core.saveState(STATE.runnerName, started.map((entry) => entry.runnerName).join(','));
        },
      });
      core.saveState(STATE.launched, 'true');
      const outcome = outcomes[0]!;
      // A launched runner carries its own name as a label, a batch (count > 1) the name given to all;
      // a reused one is matched by the labels.
      core.setOutput('label', outcome.reused ? (settings.labels[0] ?? outcome.runnerName) : settings.count > 1 ? settings.name : outcome.runnerName);
      core.setOutput('runner-name', outcomes.map((each) => each.runnerName).join(','));
      core.setOutput('instance-id', outcomes.map((each) => each.machineId ?? '').join(','));
      const summaryPath = env.GITHUB_STEP_SUMMARY?.trim();
      if (summaryPath) await appendJobSummary(summaryPath, outcomes.map(runnerSummary).join(''), logger);
      return;
    }
    if (mode === 'stop') {
      // `name` may be the comma list a start with count gave as its runner-name output.
      const names = (values.name ?? '').split(',').map((name) => name.trim());
      for (const name of names.filter((each, index) => each !== '' || index === 0)) {
        await runStop(buildStopSettings({ ...values, name }, env, { nameRequired: false }), { logger, signal });
      }
      return;
    }
    await runCleanup(buildCleanupSettings(values, env), { logger, signal });
  });
}

/** The post step: undoes a start that did not finish. */
export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    if (core.getState(STATE.mode) !== 'start' || core.getState(STATE.launched) === 'true') return;
    const instanceIds = core
      .getState(STATE.instanceId)
      .split(',')
      .filter((id) => id !== '');
    if (instanceIds.length === 0) return;
    const { values } = readInputs(actionSpec, env);
    logger.mask(values.token);
    const runnerIds = core.getState(STATE.runnerId).split(',');
    const runnerNames = core.getState(STATE.runnerName).split(',');
    for (const [index, instanceId] of instanceIds.entries()) {
      logger.info(`the runner start did not finish: terminating ${instanceId} and removing its registration`);
      await runAbandon(buildTarget(values, env), instanceId, Number(runnerIds[index]), runnerNames[index] ?? '', {
        logger,
        signal: new AbortController().signal,
      });
    }
  });
}

/** The job summary of a start: the HTML table GitHub shows under the step (as @actions/core's summary writes it). */
function runnerSummary(outcome: LaunchOutcome): string {
  const price = outcome.hourlyPrice === null ? 'unknown' : `$${outcome.hourlyPrice.toFixed(4)}/h (${outcome.priceSource})`;
  const row = (tag: 'th' | 'td', cells: readonly string[]): string => `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  return [
    `<h3>${escapeHtml(`Runner ${outcome.runnerName}${outcome.reused ? ' (reused)' : ''}`)}</h3>`,
    `<table>${row('th', ['instance', 'type', 'market', 'region', 'price'])}${row('td', [outcome.machineId ?? '-', outcome.machineType ?? '-', outcome.market ?? '-', outcome.location, price])}</table>`,
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
