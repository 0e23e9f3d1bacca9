// `uses: <owner>/<repo>/pr@v1`: inputs -> the same settings as `cml pr create` -> run.

import * as core from '@actions/core';
import { runPr } from '../commands/pr/run.js';
import { buildPrSettings } from '../commands/pr/settings.js';
import { prSpec } from '../commands/pr/spec.js';
import { readInputs, withWorkflowToken } from './inputs.js';
import { runAction } from './run-action.js';

/** The options that are this action's inputs (test/unit/action-manifests.test.ts checks action.yml). */
export const actionSpec = prSpec;

/** `github-token`: the workflow's token, the last fallback. */
export const actionOnlyInputs = ['github-token'] as const;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const { values, positionals } = readInputs(actionSpec, env);
    logger.mask(values.token);
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    // Several pathspecs come as several lines of one input.
    const pathspecs = positionals.flatMap((text) =>
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    );
    const settings = buildPrSettings(values, pathspecs, withWorkflowToken(env, values), workspace);
    const outcome = await runPr(settings, { logger });
    core.setOutput('url', outcome.pull?.url ?? '');
    core.setOutput('number', outcome.pull ? String(outcome.pull.number) : '');
    core.setOutput('branch', outcome.branch);
    core.setOutput('created', String(outcome.created));
    core.setOutput('merge', outcome.merge ?? '');
  }, env);
}
