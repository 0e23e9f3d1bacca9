// MLflow's own environment variables -> a connection: MLFLOW_TRACKING_URI, and either
// MLFLOW_TRACKING_TOKEN (Bearer) or MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD (Basic).
// The variables come from the front door (an Env), never from process.env here.

import { UserError } from '../../errors.js';
import type { Env } from '../../options/spec.js';
import type { MlflowAuth, MlflowConnection } from './types.js';

export function mlflowConnection(env: Env): MlflowConnection {
  const raw = env.MLFLOW_TRACKING_URI?.trim();
  if (!raw) throw new UserError('MLFLOW_TRACKING_URI is not set', { hint: 'set it to your tracking server, e.g. https://dagshub.com/<owner>/<repo>.mlflow' });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('MLFLOW_TRACKING_URI is not a URL', { hint: 'an http(s) tracking server is needed; file stores and "databricks" are not supported' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`MLFLOW_TRACKING_URI uses ${url.protocol}, not http(s)`, {
      hint: 'point it at an MLflow tracking server; file stores and "databricks" are not supported',
    });
  }
  // Credentials in the URL are used once, as Basic auth, and kept out of every printed URL.
  const urlUser = decodeURIComponent(url.username);
  const urlPassword = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const token = env.MLFLOW_TRACKING_TOKEN?.trim();
  const username = env.MLFLOW_TRACKING_USERNAME?.trim() || urlUser;
  const password = env.MLFLOW_TRACKING_PASSWORD ?? urlPassword;
  let auth: MlflowAuth = { kind: 'none' };
  if (token) auth = { kind: 'bearer', token };
  else if (username || password) {
    if (!username || !password)
      throw new UserError(`MLFLOW_TRACKING_${username ? 'PASSWORD' : 'USERNAME'} is not set`, {
        hint: 'Basic auth (DAGsHub) needs both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD',
      });
    auth = { kind: 'basic', username, password };
  }
  return { trackingUri: url.toString().replace(/\/+$/, ''), auth };
}

/** The secrets of a connection, for the logger to mask before anything is printed. */
export function connectionSecrets(env: Env): string[] {
  const secrets = [env.MLFLOW_TRACKING_TOKEN, env.MLFLOW_TRACKING_PASSWORD];
  try {
    const url = new URL(env.MLFLOW_TRACKING_URI ?? '');
    if (url.password) secrets.push(decodeURIComponent(url.password), url.password);
  } catch {
    // not a URL: nothing to mask in it
  }
  return secrets.filter((secret): secret is string => Boolean(secret && secret.trim()));
}
