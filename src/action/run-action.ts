// The one place an action's failure becomes `setFailed`. Each entry in src/action calls runAction.

import * as core from '@actions/core';
import { describeError, isUserFacing, UserError } from '../errors.js';
import { isLogLevel, type Logger } from '../logger.js';
import { createActionsLogger } from './actions-logger.js';
import { inputEnvName } from './inputs.js';
import { maskEnvironmentSecrets } from '../secrets.js';

export async function runAction(body: (logger: Logger) => Promise<void>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const requested = env[inputEnvName('log')]?.trim() || 'info';
  const logger = createActionsLogger(isLogLevel(requested) ? requested : 'info');
  maskEnvironmentSecrets(env, logger);
  try {
    if (!isLogLevel(requested)) throw new UserError(`input "log" must be one of debug, info, warn, error; got "${requested}"`);
    await body(logger);
  } catch (error) {
    if (!isUserFacing(error) && error instanceof Error) logger.debug(error.stack ?? error.message);
    core.setFailed(logger.redact(describeError(error)));
  }
}
