// `uses: <owner>/<repo>/metrics@v1`: inputs -> the same settings as `cml metrics report` -> run.
// Outputs: markdown (the report section), json (`dvc metrics diff --json` of the shown metrics),
// regressed (true/false). A failed gate is an error annotation titled "Metric regression" and
// fails the step after the outputs are set, so a later `if: always()` step can still post them.

import * as core from '@actions/core';
import { UserError } from '../errors.js';
import { announceGates } from '../commands/metrics/deps.js';
import { runMetricsReport } from '../commands/metrics/run-report.js';
import { buildMetricsReportSettings } from '../commands/metrics/settings.js';
import { metricsReportSpec } from '../commands/metrics/spec.js';
import { inputEnvName, readInputs } from './inputs.js';
import { runAction } from './run-action.js';

/** The options that are this action's inputs (metrics/action.yml is checked against it). */
export const actionSpec = metricsReportSpec;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const { values } = readInputs(actionSpec, env);
    // On a pull request, compare with its base branch unless told otherwise.
    const oldRevision = env[inputEnvName('a-rev')]?.trim() || env.GITHUB_BASE_REF?.trim() || 'HEAD';
    const newRevision = env[inputEnvName('b-rev')]?.trim() || undefined;
    const positionals = newRevision === undefined ? [oldRevision] : [oldRevision, newRevision];
    const settings = buildMetricsReportSettings(values, positionals, env.GITHUB_WORKSPACE || process.cwd(), env.GITHUB_STEP_SUMMARY || undefined);
    const outcome = await runMetricsReport(settings, { logger });
    core.setOutput('markdown', outcome.markdown);
    core.setOutput('json', outcome.json);
    core.setOutput('regressed', String(outcome.regressed));
    announceGates(outcome.gates, { logger, onRegression: (gate) => core.error(gate.message, { title: 'Metric regression' }) });
    if (outcome.regressed) {
      const failed = outcome.gates.filter((gate) => !gate.passed);
      throw new UserError(`${failed.length} metric ${failed.length === 1 ? 'gate' : 'gates'} failed: ${failed.map((gate) => gate.gate.text).join(', ')}`);
    }
  });
}
