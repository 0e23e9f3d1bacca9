// `uses: <owner>/<repo>/comment@v1`: inputs -> the same settings as `cml comment` -> run.

import * as core from '@actions/core';
import { runComment } from '../commands/comment/run.js';
import { buildCommentSettings } from '../commands/comment/settings.js';
import { commentSpec } from '../commands/comment/spec.js';
import { inputEnvName, readInputs, withWorkflowToken } from './inputs.js';
import { runAction } from './run-action.js';

/** The options that are this action's inputs (test/unit/action-manifests.test.ts checks action.yml). */
export const actionSpec = commentSpec('create');

/**
 * Inputs of the action that are not CLI options. `github-token` defaults to the workflow's token;
 * it is the last fallback, so that `env: REPO_TOKEN` (CML's habit) and `GITHUB_TOKEN` still win,
 * in the order the CLI uses: token input, REPO_TOKEN, GITHUB_TOKEN, then the workflow token.
 */
export const actionOnlyInputs = ['github-token'] as const;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const spec = actionSpec;
    const { values, positionals } = readInputs(spec, env);
    const workflowToken = env[inputEnvName('github-token')]?.trim() || undefined;
    logger.mask(values.token);
    logger.mask(workflowToken);
    const settings = buildCommentSettings('create', values, positionals, withWorkflowToken(env, values), env.GITHUB_WORKSPACE ?? process.cwd());
    const outcome = await runComment(settings, { logger, signal: new AbortController().signal });
    core.setOutput('url', outcome.url);
    core.setOutput('id', outcome.id === null ? '' : String(outcome.id));
    core.setOutput('target', outcome.target);
    core.setOutput('updated', String(outcome.updated));
    if (outcome.dryRun && outcome.body !== undefined) core.setOutput('body', outcome.body);
  }, env);
}
