// Secrets the environment may hold for other tools (cloud credentials), masked by a front door
// before a command runs, whatever that command does with them: a path, a flag value or an error
// message that happens to carry one is printed as ***.

import type { Logger } from './logger.js';

const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'] as const;

export function maskEnvironmentSecrets(env: Readonly<Record<string, string | undefined>>, logger: Pick<Logger, 'mask'>): void {
  for (const name of SECRET_VARIABLES) {
    logger.mask(env[name]);
    logger.mask(env[name]?.trim());
  }
}
