// `uses: <owner>/<repo>/check@v1`: inputs -> the same settings as `cml check create` -> run.

import * as core from '@actions/core';
import { runCheck } from '../commands/check/run.js';
import { buildCheckSettings } from '../commands/check/settings.js';
import { checkSpec } from '../commands/check/spec.js';
import { readInputs, withWorkflowToken } from './inputs.js';
import { runAction } from './run-action.js';

/** The options that are this action's inputs (test/unit/action-manifests.test.ts checks action.yml). */
export const actionSpec = checkSpec;

/** `github-token`: the workflow's token, the last fallback (check runs need it or an App's). */
export const actionOnlyInputs = ['github-token'] as const;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const { values, positionals } = readInputs(actionSpec, env);
    logger.mask(values.token);
    const settings = buildCheckSettings(values, positionals, withWorkflowToken(env, values), env.GITHUB_WORKSPACE ?? process.cwd());
    const result = await runCheck(settings, { logger });
    core.setOutput('url', result.url);
    core.setOutput('id', String(result.id));
  }, env);
}
