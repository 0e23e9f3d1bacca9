// AWS credentials passed in the environment (read by the front door and handed down), and the
// secrets among them that must never be printed. `maskAwsSecrets` is for every command, not only
// the runner: a workflow that sets AWS credentials for one step often sets them for the whole job.

import type { Logger } from '../../logger.js';
import type { Env } from '../../options/spec.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Explicit credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); undefined = the SDK's default chain. */
export function readAwsCredentials(env: Env): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined;
}

/** The secret key and session token in `env`, trimmed, whenever set (with or without a key id). */
export function awsSecrets(env: Env): string[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].map((value) => value?.trim() ?? '').filter((value) => value !== '');
}

/** Registers the AWS secrets in `env` with the logger, so nothing it prints (or redacts) shows them. */
export function maskAwsSecrets(env: Env, logger: Pick<Logger, 'mask'>): void {
  for (const secret of awsSecrets(env)) logger.mask(secret);
}
