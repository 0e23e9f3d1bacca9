// Access tokens for Azure Resource Manager from Microsoft Entra (the OAuth2 v2.0 token endpoint
// of the tenant under AZURE_AUTHORITY_HOST, no instance discovery), over the one HTTP client: the
// client-credentials grant with the app's secret, or with a federated OIDC token as the client
// assertion (from a file, or fetched from GitHub with the audience Entra expects). Tokens are
// reused until shortly before expiry (src/http/token-cache.ts).

import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { requestJson } from '../../http/json.js';
import { TokenCache, type IssuedToken } from '../../http/token-cache.js';
import { FEDERATION_AUDIENCE, type AzureCredentials } from './credentials.js';

const HINT = 'check AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET, or the app’s federated credential for this repository and branch';

export class EntraTokenSource {
  private readonly cache: TokenCache;

  constructor(
    private readonly credentials: AzureCredentials,
    /** e.g. https://management.azure.com/.default */
    private readonly scope: string,
    private readonly fetchImpl: typeof fetch,
    now: () => number = Date.now,
  ) {
    this.cache = new TokenCache(() => this.issue(), 120, now);
  }

  token(): Promise<string> {
    return this.cache.token();
  }

  private async issue(): Promise<IssuedToken> {
    const { tenantId, clientId, proof, authorityHost } = this.credentials;
    const form: Record<string, string> = { grant_type: 'client_credentials', client_id: clientId, scope: this.scope };
    if (proof.kind === 'secret') form.client_secret = proof.secret;
    else {
      form.client_assertion_type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
      form.client_assertion = await this.assertion();
    }
    const response = await requestJson(this.fetchImpl, `${authorityHost}${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, { form });
    const body = (response.body ?? {}) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
    if (response.ok && typeof body.access_token === 'string' && body.access_token !== '') {
      const expiresIn = Number(body.expires_in);
      return { token: body.access_token, expiresIn: Number.isFinite(expiresIn) ? expiresIn : 3000 };
    }
    const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    // Entra's descriptions run over several lines (trace and correlation ids): the first says it.
    const detail = typeof body.error_description === 'string' ? body.error_description.split(/\r?\n/)[0]!.trim() : '';
    throw new UserError(`Microsoft Entra rejected the credentials of app ${clientId} in tenant ${tenantId} (${code}${detail ? `: ${detail}` : ''})`, {
      hint: HINT,
    });
  }

  private async assertion(): Promise<string> {
    const { proof } = this.credentials;
    if (proof.kind === 'token-file') {
      try {
        const text = (await readFile(proof.file, 'utf8')).trim();
        if (text) return text;
      } catch (error) {
        throw new UserError(`cannot read the federated token file ${proof.file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, { hint: HINT });
      }
      throw new UserError(`the federated token file ${proof.file} is empty`, { hint: HINT });
    }
    if (proof.kind !== 'github-oidc') throw new Error('no assertion for a client secret');
    const url = new URL(proof.url);
    url.searchParams.set('audience', FEDERATION_AUDIENCE);
    const response = await requestJson(this.fetchImpl, url.toString(), { headers: { authorization: `Bearer ${proof.requestToken}` } });
    const value = (response.body as { value?: unknown } | undefined)?.value;
    if (!response.ok || typeof value !== 'string' || value === '') {
      throw new UserError(`the workflow's OIDC token could not be fetched (HTTP ${response.status})`, {
        hint: 'give the workflow job `permissions: id-token: write`',
      });
    }
    return value;
  }
}
