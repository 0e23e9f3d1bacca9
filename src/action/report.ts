// `uses: <owner>/<repo>/report@v1`: inputs -> the same settings as `cml report` -> run. The `run`
// input is a shell script (bash -e), as a workflow step's `run:`. Outputs: url, markdown-file,
// exit-code; the step fails (after posting) when the command or a gate failed.

import * as core from '@actions/core';
import { runReport } from '../commands/report/run.js';
import { buildReportSettings } from '../commands/report/settings.js';
import { reportSpec } from '../commands/report/spec.js';
import { UserError } from '../errors.js';
import { inputEnvName, readInputs } from './inputs.js';
import { runAction } from './run-action.js';

/** The options that are this action's inputs (report/action.yml is checked against it). */
export const actionSpec = reportSpec;

/** As in the comment action: the workflow's token, the last fallback after --token, REPO_TOKEN and GITHUB_TOKEN. */
export const actionOnlyInputs = ['github-token'] as const;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const { values, positionals } = readInputs(actionSpec, env);
    const workflowToken = env[inputEnvName('github-token')]?.trim() || undefined;
    logger.mask(values.token);
    logger.mask(workflowToken);
    const withFallback = { ...env, GITHUB_TOKEN: env.GITHUB_TOKEN?.trim() || workflowToken };
    const settings = buildReportSettings(values, positionals, withFallback, env.GITHUB_WORKSPACE ?? process.cwd(), { shell: true });
    const controller = new AbortController();
    const stop = (signal: NodeJS.Signals): void => controller.abort(signal);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const outcome = await runReport(settings, {
        logger,
        signal: controller.signal,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
      core.setOutput('url', outcome.url ?? '');
      core.setOutput('markdown-file', outcome.markdownFile);
      core.setOutput('exit-code', String(outcome.exitCode));
      if (outcome.commandExitCode !== undefined && outcome.commandExitCode !== 0)
        throw new UserError(`the command failed with exit code ${outcome.commandExitCode}; the report says so`);
      if (outcome.gatesFailed) throw new UserError('a --fail-on gate failed; the report lists it');
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }, env);
}
