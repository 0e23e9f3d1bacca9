// `uses: <owner>/<repo>/comment@v1`: inputs -> the same settings as `cml comment` -> run.

import * as core from '@actions/core';
import { buildCommentSettings, commentSpec, runComment } from '../commands/comment.js';
import { readInputs } from './inputs.js';
import { runAction } from './run-action.js';

/** The options that are this action's inputs (test/unit/action-inputs.test.ts checks action.yml). */
export const actionSpec = commentSpec('create');

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const spec = actionSpec;
    const { values, positionals } = readInputs(spec, env);
    logger.mask(values.token);
    const settings = buildCommentSettings('create', values, positionals, env, env.GITHUB_WORKSPACE ?? process.cwd());
    const outcome = await runComment(settings, { logger, signal: new AbortController().signal });
    core.setOutput('url', outcome.url);
    core.setOutput('id', outcome.id === null ? '' : String(outcome.id));
    core.setOutput('target', outcome.target);
    core.setOutput('updated', String(outcome.updated));
    if (outcome.dryRun && outcome.body !== undefined) core.setOutput('body', outcome.body);
  }, env);
}
