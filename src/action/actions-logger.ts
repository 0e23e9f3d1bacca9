// Logger backed by GitHub Actions workflow commands (@actions/core): warnings and errors become
// annotations, groups collapse, debug lines show only when step debug logging is on, and secrets
// are registered with the runner (::add-mask::) as well as redacted locally.

import * as core from '@actions/core';
import { SecretMasker, type Logger } from '../logger.js';

export function createActionsLogger(): Logger {
  const masker = new SecretMasker();
  const level = core.isDebug() ? 'debug' : 'info';
  const registered = new Set<string>();
  return {
    level,
    debug: (message) => core.debug(masker.redact(message)),
    info: (message) => core.info(masker.redact(message)),
    warn: (message) => core.warning(masker.redact(message)),
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
