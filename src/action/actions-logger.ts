// Logger backed by GitHub Actions workflow commands (@actions/core): warnings and errors become
// annotations, groups collapse, debug lines show only when step debug logging is on, and secrets
// are registered with the runner (::add-mask::) as well as redacted locally.

import * as core from '@actions/core';
import { SecretMasker, enabled, type Logger, type LogLevel } from '../logger.js';

/**
 * `requested` is the action's `log` input. With `debug`, debug lines are printed as ordinary log
 * lines, so they show without re-running the job with step debug logging.
 */
export function createActionsLogger(requested: LogLevel = 'info'): Logger {
  const masker = new SecretMasker();
  const level: LogLevel = core.isDebug() ? 'debug' : requested;
  const registered = new Set<string>();
  return {
    level,
    debug: (message) => (requested === 'debug' ? core.info(`debug: ${masker.redact(message)}`) : core.debug(masker.redact(message))),
    info: (message) => {
      if (enabled(level, 'info')) core.info(masker.redact(message));
    },
    warn: (message) => {
      if (enabled(level, 'warn')) core.warning(masker.redact(message));
    },
    error: (message) => core.error(masker.redact(message)),
    group: (title, fn) => core.group(masker.redact(title), fn),
    mask(secret) {
      if (!secret || registered.has(secret)) return;
      registered.add(secret);
      core.setSecret(secret);
      masker.add(secret);
    },
    redact: (text) => masker.redact(text),
  };
}
