// Azure credentials as CML reads them (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET,
// AZURE_SUBSCRIPTION_ID), or Microsoft Entra workload identity federation instead of the secret:
// a token file (AZURE_FEDERATED_TOKEN_FILE, as @azure/identity reads it) or the workflow's own OIDC
// token (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, as azure/login fetches it). Validated up front, so a
// missing variable is one line before anything is registered.

import { UserError } from '../../errors.js';
import type { Env } from '../../options/spec.js';

/** How the app proves itself to Entra: its secret, or an OIDC token from a file or from GitHub. */
export type AzureProof =
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'token-file'; readonly file: string }
  | { readonly kind: 'github-oidc'; readonly url: string; readonly requestToken: string };

export interface AzureCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly proof: AzureProof;
  /** Ends with `/`, e.g. https://login.microsoftonline.com/ (AZURE_AUTHORITY_HOST). */
  readonly authorityHost: string;
}

/** The audience Entra expects of a GitHub token it federates (as azure/login asks for). */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

const HINT =
  'set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_SUBSCRIPTION_ID, and AZURE_CLIENT_SECRET or a federated credential (give the job `permissions: id-token: write`)';

export function readAzureCredentials(env: Env): AzureCredentials {
  const named = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new UserError(`no Azure credentials: ${name} is not set`, { hint: HINT });
    return value;
  };
  const clientId = named('AZURE_CLIENT_ID');
  const tenantId = named('AZURE_TENANT_ID');
  if (!/^[A-Za-z0-9.-]+$/.test(tenantId)) throw new UserError(`AZURE_TENANT_ID "${tenantId}" is not a tenant id or domain`, { hint: HINT });
  const secret = env.AZURE_CLIENT_SECRET?.trim();
  const file = env.AZURE_FEDERATED_TOKEN_FILE?.trim();
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
  let proof: AzureProof;
  if (secret) proof = { kind: 'secret', secret };
  else if (file) proof = { kind: 'token-file', file };
  else if (url && requestToken) proof = { kind: 'github-oidc', url, requestToken };
  else
    throw new UserError('no Azure credentials: neither AZURE_CLIENT_SECRET nor a federated token (AZURE_FEDERATED_TOKEN_FILE, or the workflow’s OIDC token)', {
      hint: HINT,
    });
  return { tenantId, clientId, proof, authorityHost: withSlash(env.AZURE_AUTHORITY_HOST?.trim() || 'https://login.microsoftonline.com/') };
}

export function azureSubscription(env: Env): string {
  const subscription = env.AZURE_SUBSCRIPTION_ID?.trim();
  if (!subscription) throw new UserError('no Azure subscription: AZURE_SUBSCRIPTION_ID is not set', { hint: HINT });
  if (!/^[A-Za-z0-9-]+$/.test(subscription)) throw new UserError(`AZURE_SUBSCRIPTION_ID "${subscription}" is not a subscription id`, { hint: HINT });
  return subscription;
}

/** What must never be printed: the client secret and the request token for the workflow's OIDC token. */
export function azureSecrets(credentials: AzureCredentials): string[] {
  if (credentials.proof.kind === 'secret') return [credentials.proof.secret];
  if (credentials.proof.kind === 'github-oidc') return [credentials.proof.requestToken];
  return [];
}

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
