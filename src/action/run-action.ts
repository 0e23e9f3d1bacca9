// The one place an action's failure becomes `setFailed`. Each entry in src/action calls runAction.

import * as core from '@actions/core';
import { describeError, isUserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createActionsLogger } from './actions-logger.js';

export async function runAction(body: (logger: Logger) => Promise<void>): Promise<void> {
  const logger = createActionsLogger();
  try {
    await body(logger);
  } catch (error) {
    if (!isUserError(error) && error instanceof Error) logger.debug(error.stack ?? error.message);
    core.setFailed(logger.redact(describeError(error)));
  }
}
