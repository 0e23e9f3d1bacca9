// `uses: <owner>/<repo>/drift@v1`: inputs -> the same settings as `cml drift` -> run. Outputs the
// verdict, the Markdown and the JSON report; run adds the Markdown to the job summary.

import * as core from '@actions/core';
import { UserError } from '../errors.js';
import { driftSpec } from '../commands/drift/spec.js';
import { buildDriftSettings } from '../commands/drift/settings.js';
import { runDrift } from '../commands/drift/run.js';
import { readInputs } from './inputs.js';
import { runAction } from './run-action.js';
import { counted, countedOf } from '../words.js';

/** The options that are this action's inputs (a test checks drift/action.yml against it). */
export const actionSpec = driftSpec;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const { values } = readInputs(actionSpec, env);
    const settings = buildDriftSettings(values, env.GITHUB_WORKSPACE ?? process.cwd(), env.GITHUB_STEP_SUMMARY, env);
    const outcome = await runDrift(settings, { logger });
    core.setOutput('drift', String(outcome.report.drift));
    core.setOutput('markdown', outcome.markdown);
    core.setOutput('json', outcome.json);
    if (outcome.exitCode !== 0) {
      const { driftedColumns, columns, failedChecks } = outcome.report.summary;
      throw new UserError(`drift found: ${countedOf(driftedColumns, columns, 'column')} drifted, ${counted(failedChecks, 'check')} failed`, {
        hint: 'see the job summary; set fail-on-drift: false to report without failing',
      });
    }
  });
}
