// What a kubeconfig user resolves to when a request is made: a bearer token, or a client
// certificate for TLS. Exec plugins (aws eks get-token, gke-gcloud-auth-plugin) are run without a
// terminal and print an ExecCredential; it is kept until its expirationTimestamp (less a minute)
// and asked for again after that, or after the API answered 401. Tokens are masked at once.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { ClusterAccess, ExecPlugin } from './kubeconfig.js';

export interface Credential {
  readonly token?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface CredentialSource {
  get(): Promise<Credential>;
  /** The API refused the credential: an exec plugin is asked again next time. */
  invalidate(): void;
}

const EXEC_TIMEOUT_MS = 60_000;
const EARLY_RENEWAL_MS = 60_000;

export function credentialSource(
  access: ClusterAccess,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  now: () => number = Date.now,
): CredentialSource {
  const user = access.user;
  switch (user.kind) {
    case 'token':
      logger.mask(user.token);
      return { get: async () => ({ token: user.token }), invalidate: () => undefined };
    case 'token-file':
      return {
        get: async () => {
          const token = readFileSync(user.path, 'utf8').trim();
          logger.mask(token);
          return { token };
        },
        invalidate: () => undefined,
      };
    case 'certificate':
      return { get: async () => ({ cert: user.cert, key: user.key }), invalidate: () => undefined };
    case 'none':
      return { get: async () => ({}), invalidate: () => undefined };
    case 'exec': {
      let cached: { credential: Credential; expiresAt: number } | undefined;
      let pending: Promise<Credential> | undefined;
      return {
        get: async () => {
          if (cached && now() < cached.expiresAt) return cached.credential;
          pending ??= runPlugin(user.exec, access, env, logger)
            .then(({ credential, expiresAt }) => {
              cached = { credential, expiresAt: expiresAt === undefined ? Number.POSITIVE_INFINITY : expiresAt - EARLY_RENEWAL_MS };
              return credential;
            })
            .finally(() => (pending = undefined));
          return pending;
        },
        invalidate: () => (cached = undefined),
      };
    }
  }
}

async function runPlugin(
  plugin: ExecPlugin,
  access: ClusterAccess,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<{ credential: Credential; expiresAt: number | undefined }> {
  const execInfo = {
    apiVersion: plugin.apiVersion,
    kind: 'ExecCredential',
    spec: {
      interactive: false,
      cluster: { server: access.server, ...(access.ca ? { 'certificate-authority-data': Buffer.from(access.ca).toString('base64') } : {}) },
    },
  };
  const childEnv = { ...env, ...plugin.env, KUBERNETES_EXEC_INFO: JSON.stringify(execInfo) };
  logger.debug(`running the kubeconfig exec plugin ${plugin.command} for user ${plugin.user}`);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      plugin.command,
      [...plugin.args],
      { env: childEnv, cwd: plugin.cwd, timeout: EXEC_TIMEOUT_MS, maxBuffer: 1 << 20, windowsHide: true },
      (error, out, err) => {
        if (!error) return resolve(out);
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? 'not found on PATH'
            : error.killed
              ? `no answer within ${EXEC_TIMEOUT_MS / 1000}s`
              : (String(err).trim().split('\n').pop() ?? `exit ${String(code)}`);
        reject(
          new UserError(`the kubeconfig exec plugin ${plugin.command} (user ${plugin.user}) failed: ${why}`, {
            hint: 'install and log in to the tool it names (aws, gcloud), or use a token in the kubeconfig',
          }),
        );
      },
    );
  });
  let parsed: { status?: { token?: unknown; clientCertificateData?: unknown; clientKeyData?: unknown; expirationTimestamp?: unknown } };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new UserError(`the kubeconfig exec plugin ${plugin.command} did not print an ExecCredential (JSON)`);
  }
  const status = parsed.status ?? {};
  const token = typeof status.token === 'string' && status.token !== '' ? status.token : undefined;
  const cert = typeof status.clientCertificateData === 'string' ? status.clientCertificateData : undefined;
  const key = typeof status.clientKeyData === 'string' ? status.clientKeyData : undefined;
  if (!token && !(cert && key)) throw new UserError(`the kubeconfig exec plugin ${plugin.command} gave neither a token nor a client certificate`);
  if (token) logger.mask(token);
  const expires = typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : Number.NaN;
  return { credential: token ? { token } : { cert: cert!, key: key! }, expiresAt: Number.isFinite(expires) ? expires : undefined };
}
