// `uses: <owner>/<repo>/plot@v1`: inputs -> the same settings as `cml plot` -> run.
// Outputs: `path` (one line per image) and `markdown` (one `![title](path)` line per image).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { runPlot } from '../commands/plot/run.js';
import { buildPlotSettings } from '../commands/plot/settings.js';
import { plotSpec } from '../commands/plot/spec.js';
import { readInputs } from './inputs.js';
import { runAction } from './run-action.js';

/** The options that are this action's inputs (plot/action.yml is checked against it). */
export const actionSpec = plotSpec;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const { values, positionals } = readInputs(actionSpec, env);
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const settings = buildPlotSettings(values, positionals, workspace, existsSync(join(workspace, 'dvc.yaml')));
    const outcome = await runPlot(settings, { logger });
    for (const output of outcome.outputs) logger.info(`wrote ${output.path}`);
    core.setOutput('path', outcome.outputs.map((output) => output.path).join('\n'));
    core.setOutput('markdown', outcome.outputs.map((output) => output.markdown).join('\n'));
  });
}
