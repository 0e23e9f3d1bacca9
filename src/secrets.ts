// Credentials the environment may hold for this tool or for others in the same job (cloud keys,
// tracking-server passwords, kubeconfig contents), masked by both front doors before any command
// runs: a path, a flag value or an error message that happens to carry one is printed as ***,
// whichever command is running and whether or not it uses them.

import type { Logger } from './logger.js';

/** Variables whose whole value is a secret. */
const SECRET_VARIABLES = [
  'REPO_TOKEN',
  'GITHUB_TOKEN',
  'CML_GITHUB_APP_PRIVATE_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AZURE_CLIENT_SECRET',
  'GOOGLE_APPLICATION_CREDENTIALS_DATA',
  'KUBECONFIG_DATA',
  'MLFLOW_TRACKING_TOKEN',
  'MLFLOW_TRACKING_PASSWORD',
] as const;

/** The secret values set in `env`, trimmed (a secret pasted with a newline is still the secret). */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  return SECRET_VARIABLES.map((name) => env[name]?.trim() ?? '').filter((value) => value !== '');
}

export function maskEnvironmentSecrets(env: Readonly<Record<string, string | undefined>>, logger: Pick<Logger, 'mask'>): void {
  for (const secret of environmentSecrets(env)) logger.mask(secret);
}
