// Google credentials as CML's provider reads them: the JSON of GOOGLE_APPLICATION_CREDENTIALS_DATA,
// or the file GOOGLE_APPLICATION_CREDENTIALS names. Two kinds are understood: a service-account key
// and a workload-identity-federation file as google-github-actions/auth writes it (external_account).
// Validated here, up front, so a bad file is one line before anything is registered.

import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import type { Env } from '../../options/spec.js';

export interface ServiceAccountKey {
  readonly type: 'service_account';
  readonly clientEmail: string;
  readonly privateKey: string;
  readonly privateKeyId: string | undefined;
  readonly tokenUri: string;
  readonly projectId: string | undefined;
}

export interface ExternalAccount {
  readonly type: 'external_account';
  readonly audience: string;
  readonly subjectTokenType: string;
  readonly tokenUrl: string;
  readonly impersonationUrl: string | undefined;
  /** Where the workflow's OIDC token is read: a file, or a URL with headers (GitHub's token service). */
  readonly source: { readonly file: string } | { readonly url: string; readonly headers: Readonly<Record<string, string>> };
  /** `json` with the field holding the token, or plain text. */
  readonly format: { readonly type: 'json'; readonly field: string } | { readonly type: 'text' };
}

export type GoogleCredentials = ServiceAccountKey | ExternalAccount;

const HINT =
  'set GOOGLE_APPLICATION_CREDENTIALS to a service-account key or workload-identity file (google-github-actions/auth writes one), or GOOGLE_APPLICATION_CREDENTIALS_DATA to its contents';

/** The credentials in the environment; a UserError naming what is missing or malformed. */
export function readGoogleCredentials(env: Env): GoogleCredentials {
  const data = env.GOOGLE_APPLICATION_CREDENTIALS_DATA?.trim();
  const path = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  let text: string;
  let origin: string;
  if (data) {
    text = data;
    origin = 'GOOGLE_APPLICATION_CREDENTIALS_DATA';
  } else if (path) {
    origin = path;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read the Google credentials file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        hint: HINT,
      });
    }
  } else {
    throw new UserError('no Google Cloud credentials', { hint: HINT });
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UserError(`the Google credentials in ${origin} are not JSON`, { hint: HINT });
  }
  if (json === null || typeof json !== 'object') throw new UserError(`the Google credentials in ${origin} are not a JSON object`, { hint: HINT });
  const field = (name: string): string => {
    const value = json[name];
    if (typeof value !== 'string' || value.trim() === '') throw new UserError(`the Google credentials in ${origin} have no "${name}"`, { hint: HINT });
    return value;
  };
  const optional = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  if (json.type === 'service_account') {
    return {
      type: 'service_account',
      clientEmail: field('client_email'),
      privateKey: field('private_key'),
      privateKeyId: optional(json.private_key_id),
      tokenUri: optional(json.token_uri) ?? 'https://oauth2.googleapis.com/token',
      projectId: optional(json.project_id),
    };
  }
  if (json.type === 'external_account') {
    const source = (json.credential_source ?? {}) as {
      file?: unknown;
      url?: unknown;
      headers?: unknown;
      format?: { type?: unknown; subject_token_field_name?: unknown };
    };
    const headers =
      source.headers && typeof source.headers === 'object'
        ? Object.fromEntries(Object.entries(source.headers).map(([name, value]) => [name, String(value)]))
        : {};
    let where: ExternalAccount['source'];
    if (optional(source.file)) where = { file: source.file as string };
    else if (optional(source.url)) where = { url: source.url as string, headers };
    else throw new UserError(`the workload-identity credentials in ${origin} have no credential_source file or url`, { hint: HINT });
    const format: ExternalAccount['format'] =
      source.format?.type === 'json' ? { type: 'json', field: optional(source.format.subject_token_field_name) ?? 'value' } : { type: 'text' };
    return {
      type: 'external_account',
      audience: field('audience'),
      subjectTokenType: optional(json.subject_token_type) ?? 'urn:ietf:params:oauth:token-type:jwt',
      tokenUrl: optional(json.token_url) ?? 'https://sts.googleapis.com/v1/token',
      impersonationUrl: optional(json.service_account_impersonation_url),
      source: where,
      format,
    };
  }
  throw new UserError(`the Google credentials in ${origin} are of type "${String(json.type)}"; only service_account and external_account are supported`, {
    hint: HINT,
  });
}

/** The project: GOOGLE_CLOUD_PROJECT (and what gcloud and google-github-actions/auth set), else the key's. */
export function googleProject(env: Env, credentials: GoogleCredentials): string {
  const named = [env.GOOGLE_CLOUD_PROJECT, env.CLOUDSDK_CORE_PROJECT, env.GCLOUD_PROJECT, env.GCP_PROJECT].map((value) => value?.trim()).find((value) => value);
  const fromKey =
    credentials.type === 'service_account'
      ? credentials.projectId
      : /serviceAccounts\/[^@/]+@([a-z0-9-]+)\.iam\.gserviceaccount\.com/.exec(credentials.impersonationUrl ?? '')?.[1];
  const project = named ?? fromKey;
  if (!project) throw new UserError('no Google Cloud project', { hint: 'set GOOGLE_CLOUD_PROJECT (google-github-actions/auth sets it when given project_id)' });
  return project;
}

/** What must never be printed: the private key, and the headers that fetch the workflow's OIDC token. */
export function googleSecrets(credentials: GoogleCredentials | undefined): string[] {
  if (!credentials) return [];
  if (credentials.type === 'service_account')
    return [credentials.privateKey, ...credentials.privateKey.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'))];
  if ('headers' in credentials.source)
    return Object.values(credentials.source.headers)
      .flatMap((value) => [value, value.replace(/^Bearer\s+/i, '')])
      .filter((value) => value.length >= 8);
  return [];
}
