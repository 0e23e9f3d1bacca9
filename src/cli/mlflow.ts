// `cml mlflow compare|log`: flags and MLflow's environment -> settings -> run -> stdout. Secrets
// in the environment are masked before anything runs.

import { buildMlflowCompareSettings, buildMlflowLogSettings } from '../commands/mlflow/settings.js';
import { runMlflowCompare } from '../commands/mlflow/run-compare.js';
import { runMlflowLog } from '../commands/mlflow/run-log.js';
import { mlflowCompareSpec, mlflowLogSpec } from '../commands/mlflow/spec.js';
import { connectionSecrets } from '../trackers/mlflow/connection.js';
import type { CliCommand } from './command.js';

export const mlflowCompare: CliCommand<typeof mlflowCompareSpec.options> = {
  spec: mlflowCompareSpec,
  async run(parsed, io) {
    for (const secret of connectionSecrets(io.env)) io.logger.mask(secret);
    const settings = buildMlflowCompareSettings(parsed.values, io.cwd, io.env);
    io.stdout((await runMlflowCompare(settings, { logger: io.logger })).output);
  },
};

export const mlflowLog: CliCommand<typeof mlflowLogSpec.options> = {
  spec: mlflowLogSpec,
  async run(parsed, io) {
    for (const secret of connectionSecrets(io.env)) io.logger.mask(secret);
    const settings = buildMlflowLogSettings(parsed.values, io.cwd, io.env);
    io.stdout(`${(await runMlflowLog(settings, { logger: io.logger })).url}\n`);
  },
};
