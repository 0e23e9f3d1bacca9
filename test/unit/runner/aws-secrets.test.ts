// Any command that runs with AWS credentials in its environment (runner, and comment or asset
// steps in the same job) masks them: the front doors mask the environment's secrets up front.

import { describe, expect, it } from 'vitest';
import { maskEnvironmentSecrets } from '../../../src/secrets.js';
import { buildTarget } from '../../../src/commands/runner/settings.js';
import { createMemoryLogger } from '../../../src/logger.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ';

describe('maskEnvironmentSecrets', () => {
  it('masks the secret key and session token, in plain and encoded forms', () => {
    const logger = createMemoryLogger('debug');
    maskEnvironmentSecrets({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: ` ${SECRET}\n`, AWS_SESSION_TOKEN: SESSION }, logger);
    logger.info(`key ${SECRET} token ${SESSION} url ${encodeURIComponent(SECRET)}`);
    expect(logger.lines).toEqual(['key *** token *** url ***']);
  });

  it('masks a session token or secret given without the rest of a key pair', () => {
    const logger = createMemoryLogger('debug');
    maskEnvironmentSecrets({ AWS_SESSION_TOKEN: SESSION }, logger);
    expect(logger.redact(SESSION)).toBe('***');
  });

  it('is what the runner masks', () => {
    const target = buildTarget(
      {},
      { GITHUB_REPOSITORY: 'acme/widget', REPO_TOKEN: 'ghp_x', AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION },
    );
    expect([...target.secrets].sort()).toEqual([SECRET, SESSION].sort());
  });
});
