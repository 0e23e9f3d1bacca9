// GitHub App authentication: a short-lived JSON Web Token signed with the App's private key
// (RS256, node:crypto) is exchanged for an installation token of the target repository. Both
// requests go through the one client factory, so proxies, GitHub Enterprise URLs, retries and
// request logging behave as for every other call. Tokens are masked the moment they exist.

import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createGitHubClient, NO_AUTOMATIC_RETRY, type GitHubClientOptions } from './client.js';
import type { RepositoryRef } from './context.js';
import { GitHubApiError, wrapGitHubError } from './errors.js';

export interface GitHubAppCredentials {
  readonly appId: string;
  readonly privateKey: KeyObject;
  /** Where the key came from, for messages: `CML_GITHUB_APP_PRIVATE_KEY`, a file path. */
  readonly keySource: string;
}

/** `--github-app-id` and `--github-app-private-key` (PEM text or a file path); undefined when no App is given. */
export function readAppCredentials(appId: string | undefined, key: string | undefined, source: { id: string; key: string }): GitHubAppCredentials | undefined {
  const id = appId?.trim();
  const keyText = key?.trim();
  if (!id && !keyText) return undefined;
  if (!id) throw new UserError(`${source.key} is set but ${source.id} is not`, { hint: "give the App's numeric id too (the App's settings page shows it)" });
  if (!keyText)
    throw new UserError(`${source.id} is set but ${source.key} is not`, { hint: "give the App's private key: the PEM text, or the path of the .pem file" });
  if (!/^\d+$/.test(id) && !/^Iv[0-9A-Za-z.]+$/.test(id)) throw new UserError(`${source.id} must be the App's numeric id (or its client id), got "${id}"`);
  let pem = keyText;
  let keySource = source.key;
  if (!pem.includes('-----BEGIN')) {
    try {
      pem = readFileSync(pem, 'utf8');
      keySource = keyText;
    } catch (error) {
      throw new UserError(
        `${source.key} is neither a PEM private key nor a readable file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        {
          hint: 'pass the key text (-----BEGIN RSA PRIVATE KEY----- ...) or the path of the .pem file GitHub gave you',
        },
      );
    }
  }
  try {
    // Keys pasted into a secret often arrive with literal "\n" instead of line breaks.
    return { appId: id, privateKey: createPrivateKey(pem.replace(/\\n/g, '\n')), keySource };
  } catch {
    throw new UserError(`the GitHub App private key from ${keySource} cannot be read as a PEM private key`, {
      hint: 'use the .pem file generated on the App settings page, unchanged',
    });
  }
}

/** The App's JWT: valid ten minutes, issued a minute in the past to allow for clock drift. */
export function appJwt(credentials: GitHubAppCredentials, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: nowSeconds - 60, exp: nowSeconds + 540, iss: credentials.appId })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(credentials.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

export interface InstallationTokenRequest {
  readonly credentials: GitHubAppCredentials;
  readonly repository: RepositoryRef;
  readonly baseUrl: string;
  readonly logger: Logger;
  readonly useProxyFromEnv: boolean;
  readonly client?: Partial<GitHubClientOptions>;
}

/**
 * An installation token for one repository, minted once, when first asked for (the first request,
 * or a push), and the same token after that.
 */
export function installationTokenSource(request: InstallationTokenRequest): () => Promise<string> {
  let minted: Promise<string> | undefined;
  return () => (minted ??= mintInstallationToken(request));
}

/** An installation token for one repository, minted with the App's JWT. */
export async function mintInstallationToken(request: InstallationTokenRequest): Promise<string> {
  const { repository, logger } = request;
  const jwt = appJwt(request.credentials);
  logger.mask(jwt);
  const client = createGitHubClient({ ...request.client, token: jwt, baseUrl: request.baseUrl, logger, useProxyFromEnv: request.useProxyFromEnv });
  const name = `${repository.owner}/${repository.repo}`;
  let installationId: number;
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/installation', { owner: repository.owner, repo: repository.repo });
    installationId = data.id;
  } catch (error) {
    const wrapped = wrapGitHubError(error, { action: `find the installation of GitHub App ${request.credentials.appId} on ${name}` });
    // Errors stay GitHubApiErrors: callers of the client that wraps this one pass them on as they are.
    if (wrapped.status === 404)
      throw new GitHubApiError(
        `GitHub App ${request.credentials.appId} is not installed on ${name}`,
        404,
        "install the App on the repository (the App's page, Install App)",
        error,
      );
    if (wrapped.status === 401) {
      throw new GitHubApiError(
        `GitHub rejected the App's JWT (401)`,
        401,
        `check that the private key from ${request.credentials.keySource} belongs to App ${request.credentials.appId} and that this machine's clock is right`,
        error,
      );
    }
    throw wrapped;
  }
  try {
    const { data } = await client.request('POST /app/installations/{installation_id}/access_tokens', {
      installation_id: installationId,
      repositories: [repository.repo],
      ...NO_AUTOMATIC_RETRY,
    });
    logger.mask(data.token);
    logger.debug(`GitHub App ${request.credentials.appId}: installation ${installationId} token for ${name}, expires ${data.expires_at}`);
    return data.token;
  } catch (error) {
    throw wrapGitHubError(error, { action: `mint an installation token of GitHub App ${request.credentials.appId} for ${name}` });
  }
}
