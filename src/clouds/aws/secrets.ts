// AWS credentials passed in the environment (read by the front door and handed down), and the
// secrets among them the runner keeps out of what it sends to the machine. Masking them in output
// is every command's, done by the front doors (src/secrets.ts).

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
