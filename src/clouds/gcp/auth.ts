// Access tokens for the Compute API from the credentials in credentials.ts, over the one HTTP
// client: a service-account key signs a JWT (RS256, node:crypto) exchanged at the key's own
// token_uri; a workload-identity file trades the workflow's OIDC token at Google's STS, then, when
// the file names one, impersonates a service account. Tokens are reused until shortly before expiry.

import { createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { requestJson } from '../../http/json.js';
import { TokenCache } from '../../http/token-cache.js';
import type { ExternalAccount, GoogleCredentials, ServiceAccountKey } from './credentials.js';

export const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const HINT =
  'check GOOGLE_APPLICATION_CREDENTIALS (a current service-account key, or the workload-identity provider and service account given to google-github-actions/auth)';

export class GoogleTokenSource {
  private readonly cache: TokenCache;

  constructor(
    private readonly credentials: GoogleCredentials,
    private readonly fetchImpl: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new TokenCache(
      () => (this.credentials.type === 'service_account' ? this.serviceAccount(this.credentials) : this.externalAccount(this.credentials)),
      60,
      now,
    );
  }

  token(): Promise<string> {
    return this.cache.token();
  }

  private async serviceAccount(key: ServiceAccountKey): Promise<{ token: string; expiresIn: number }> {
    const issued = Math.floor(this.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', ...(key.privateKeyId ? { kid: key.privateKeyId } : {}) };
    const claims = { iss: key.clientEmail, scope: SCOPE, aud: key.tokenUri, iat: issued, exp: issued + 3600 };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    let signature: string;
    try {
      signature = createSign('RSA-SHA256').update(unsigned).sign(key.privateKey, 'base64url');
    } catch {
      throw new UserError(`the private key of service account ${key.clientEmail} cannot sign (not an RSA PEM key)`, { hint: HINT });
    }
    const response = await requestJson(this.fetchImpl, key.tokenUri, {
      form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${unsigned}.${signature}` },
    });
    return readToken(response.status, response.body, 'access_token', 'expires_in', `service account ${key.clientEmail}`);
  }

  private async externalAccount(account: ExternalAccount): Promise<{ token: string; expiresIn: number }> {
    const subjectToken = await this.subjectToken(account);
    const sts = await requestJson(this.fetchImpl, account.tokenUrl, {
      form: {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        audience: account.audience,
        scope: SCOPE,
        requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        subject_token_type: account.subjectTokenType,
        subject_token: subjectToken,
      },
    });
    const federated = readToken(sts.status, sts.body, 'access_token', 'expires_in', 'the workload identity pool');
    if (!account.impersonationUrl) return federated;
    const impersonated = await requestJson(this.fetchImpl, account.impersonationUrl, {
      headers: { authorization: `Bearer ${federated.token}` },
      json: { scope: [SCOPE], lifetime: '3600s' },
    });
    const result = readToken(impersonated.status, impersonated.body, 'accessToken', undefined, 'service account impersonation');
    const expireTime = Date.parse(String((impersonated.body as { expireTime?: unknown }).expireTime ?? ''));
    return { token: result.token, expiresIn: Number.isFinite(expireTime) ? Math.floor((expireTime - this.now()) / 1000) : 3000 };
  }

  private async subjectToken(account: ExternalAccount): Promise<string> {
    let text: string;
    if ('file' in account.source) {
      try {
        text = await readFile(account.source.file, 'utf8');
      } catch (error) {
        throw new UserError(`cannot read the workload-identity token file ${account.source.file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, {
          hint: HINT,
        });
      }
    } else {
      const response = await requestJson(this.fetchImpl, account.source.url, { headers: account.source.headers });
      if (!response.ok) {
        throw new UserError(`the workflow's OIDC token could not be fetched (HTTP ${response.status})`, {
          hint: 'give the workflow job `permissions: id-token: write`',
        });
      }
      text = response.text;
    }
    if (account.format.type === 'text') return text.trim();
    let value: unknown;
    try {
      value = (JSON.parse(text) as Record<string, unknown>)[account.format.field];
    } catch {
      value = undefined;
    }
    if (typeof value !== 'string' || value === '')
      throw new UserError(`the workload-identity token source has no "${account.format.field}" field`, { hint: HINT });
    return value;
  }
}

function readToken(status: number, body: unknown, tokenField: string, expiresField: string | undefined, who: string): { token: string; expiresIn: number } {
  const record = (body ?? {}) as Record<string, unknown>;
  const token = record[tokenField];
  if (status >= 200 && status < 300 && typeof token === 'string' && token !== '') {
    const expiresIn = expiresField ? Number(record[expiresField]) : 3000;
    return { token, expiresIn: Number.isFinite(expiresIn) ? expiresIn : 3000 };
  }
  const nested = record.error as { message?: unknown; status?: unknown } | string | undefined;
  const code = typeof nested === 'string' ? nested : String(nested?.status ?? `HTTP ${status}`);
  const detail =
    typeof record.error_description === 'string'
      ? record.error_description
      : typeof nested === 'object' && typeof nested?.message === 'string'
        ? nested.message
        : '';
  throw new UserError(`Google rejected the credentials of ${who} (${code}${detail ? `: ${detail}` : ''})`, { hint: HINT });
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
