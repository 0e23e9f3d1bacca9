// `cml asset publish <file>` (legacy `cml-publish`) and `cml asset prune`: options, settings, and
// the choice of asset store (the repository's asset branch, or a --publish-url endpoint). Also
// used by `cml comment create --publish` to upload a report's local images.

import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { defineCommand, type OptionValues } from '../options/spec.js';
import { contentTypeOf, extensionOf, isImage, makeAsset } from '../core/assets/content.js';
import type { AssetStore } from '../core/assets/publish-report.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createEndpointStore, validateEndpoint } from '../http/asset-endpoint.js';
import { createAssetBranchStore, DEFAULT_ASSET_BRANCH, pruneAssets, validateBranchName, type PruneOutcome } from '../forges/github/asset-branch.js';
import { createGitHubClient, type GitHubClientOptions } from '../forges/github/client.js';
import { hasProxy, parseRepository, readGitHubContext, resolveToken, type Env, type GitHubContext, type RepositoryRef } from '../forges/github/context.js';

const connection = {
  repo: { type: 'string', valueName: 'owner/repo', description: 'Repository (default: GITHUB_REPOSITORY).' },
  token: { type: 'string', valueName: 'token', description: 'GitHub token with contents: write (default: REPO_TOKEN, then GITHUB_TOKEN).' },
  'asset-branch': { type: 'string', valueName: 'branch', default: DEFAULT_ASSET_BRANCH, description: 'Branch of the repository that stores published assets.' },
} as const;

export const publishOptions = {
  md: { type: 'boolean', description: 'Print a Markdown line (![title](url) for images, [title](url) otherwise) instead of the URL.' },
  title: { type: 'string', valueName: 'text', short: 't', description: 'Title (alt text) for --md.' },
  'mime-type': { type: 'string', valueName: 'type', description: 'Content type, when the file name does not tell (e.g. image/png).' },
  'publish-url': { type: 'string', valueName: 'url', description: "Self-hosted asset endpoint (CML's style): POST the bytes, the answer is the URL." },
  native: { type: 'boolean', hidden: true, description: 'CML: accepted for compatibility; assets always go to the repository.' },
  'rm-watermark': { type: 'boolean', hidden: true, description: 'CML: accepted for compatibility.' },
  ...connection,
} as const;

export const publishSpec = defineCommand({
  name: 'asset publish',
  summary: 'Publish a file (e.g. a plot) and print a URL to embed in a report.',
  description:
    'Files are stored in the repository on the asset branch under content-addressed names (the same bytes are stored once) and linked so that they render for anyone who can read the repository, private repositories included.',
  positionals: [{ name: 'file', description: 'The file to publish.', required: true }],
  options: publishOptions,
  envPrefix: 'CML_PUBLISH_',
  examples: ['cml asset publish plot.png --md --title "Confusion matrix" >> report.md', 'cml-publish plot.png --md'],
});

export const pruneOptions = {
  'older-than': { type: 'string', valueName: 'days', default: '30', description: 'Remove assets added more than this many days ago (e.g. 30 or 30d).' },
  'keep-referenced': {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'Keep old assets that comments on open pull requests still show.',
  },
  'dry-run': { type: 'boolean', description: 'List what would be removed; change nothing.' },
  json: { type: 'boolean', cliOnly: true, description: 'Print {kept, removed, referenced} as JSON.' },
  ...connection,
} as const;

export const pruneSpec = defineCommand({
  name: 'asset prune',
  summary: 'Remove old, unreferenced assets and rewrite the asset branch so it stops growing.',
  positionals: [],
  options: pruneOptions,
  envPrefix: 'CML_PRUNE_',
  examples: ['cml asset prune --older-than 30', 'cml asset prune --older-than 7 --no-keep-referenced --dry-run'],
});

export interface Connection {
  readonly repository: RepositoryRef | undefined;
  readonly token: { token: string; source: string } | undefined;
  readonly branch: string;
  readonly context: GitHubContext;
  readonly useProxy: boolean;
}

/** Repository, token, workflow context and asset branch, from flags (or inputs) and the environment. */
export function connectionFrom(values: { repo?: string | undefined; token?: string | undefined; 'asset-branch'?: string | undefined }, env: Env): Connection {
  const context = readGitHubContext(env);
  return {
    repository: values.repo ? parseRepository(values.repo, '--repo') : context.repository,
    token: resolveToken(values.token, env),
    branch: validateBranchName(values['asset-branch'] ?? DEFAULT_ASSET_BRANCH),
    context,
    useProxy: hasProxy(env),
  };
}

/** The store assets go to: --publish-url if given, else the repository's asset branch. */
export function assetStoreFor(
  settings: { connection: Connection; publishUrl: string | undefined },
  logger: Logger,
  clientOverrides: Partial<GitHubClientOptions> = {},
): AssetStore {
  if (settings.publishUrl) return createEndpointStore(validateEndpoint(settings.publishUrl));
  const { repository, token, branch, context, useProxy } = settings.connection;
  if (!repository) throw new UserError('no repository to store assets in', { hint: 'pass --repo owner/repo or set GITHUB_REPOSITORY (or use --publish-url)' });
  if (!token) throw new UserError('no GitHub token to store assets with', { hint: 'pass --token, or set REPO_TOKEN or GITHUB_TOKEN (with permissions: contents: write)' });
  logger.mask(token.token);
  const client = createGitHubClient({ token: token.token, baseUrl: context.apiUrl, logger, useProxyFromEnv: useProxy, ...clientOverrides });
  return createAssetBranchStore({ client, repository, branch, serverUrl: context.serverUrl, logger });
}

export interface PublishSettings {
  readonly file: string;
  readonly markdown: boolean;
  readonly title: string | undefined;
  readonly contentType: string | undefined;
  readonly publishUrl: string | undefined;
  readonly connection: Connection;
}

export function buildPublishSettings(values: OptionValues<typeof publishOptions>, positionals: readonly string[], env: Env, cwd: string): PublishSettings {
  const [file, ...extra] = positionals;
  if (!file) throw new UserError('`cml asset publish` needs the file to publish', { hint: 'cml asset publish <file> [--md]' });
  if (extra.length > 0) throw new UserError(`\`cml asset publish\` takes one file, got ${positionals.length}`);
  const contentType = values['mime-type']?.trim();
  if (contentType !== undefined && !/^[a-z]+\/[a-z0-9.+-]+$/i.test(contentType)) {
    throw new UserError(`--mime-type "${contentType}" is not a media type`, { hint: 'e.g. image/png' });
  }
  if (values['publish-url']) validateEndpoint(values['publish-url']);
  return {
    file: resolve(cwd, file),
    markdown: Boolean(values.md),
    title: values.title,
    contentType: contentType?.toLowerCase(),
    publishUrl: values['publish-url'],
    connection: connectionFrom(values, env),
  };
}

export async function runPublish(settings: PublishSettings, logger: Logger, clientOverrides: Partial<GitHubClientOptions> = {}): Promise<{ url: string; markdown: string }> {
  let bytes: Buffer;
  try {
    if (!(await stat(settings.file)).isFile()) throw new UserError(`${settings.file} is not a file`);
    bytes = await readFile(settings.file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`file not found: ${settings.file}`, { hint: 'check the path; it is relative to the current directory' });
  }
  const contentType = settings.contentType ?? contentTypeOf(settings.file);
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(settings.file)?.[0] ?? extensionOf(contentType);
  const asset = makeAsset(bytes, contentType, extension);
  const store = assetStoreFor(settings, logger, clientOverrides);
  const url = (await store.store([asset])).get(asset.path);
  if (!url) throw new Error(`the asset store returned no URL for ${asset.path}`);
  const title = (settings.title ?? basename(settings.file)).replace(/[[\]]/g, '');
  return { url, markdown: isImage(contentType) ? `![${title}](${url})` : `[${title}](${url})` };
}

export interface PruneSettings {
  readonly olderThanDays: number;
  readonly keepReferenced: boolean;
  readonly dryRun: boolean;
  readonly connection: Connection;
}

export function buildPruneSettings(values: OptionValues<typeof pruneOptions>, env: Env): PruneSettings {
  const text = (values['older-than'] ?? '30').trim();
  const match = /^(\d+(?:\.\d+)?)\s*d?$/i.exec(text);
  if (!match?.[1]) throw new UserError(`--older-than "${text}" is not a number of days`, { hint: 'e.g. --older-than 30 or --older-than 30d' });
  return { olderThanDays: Number(match[1]), keepReferenced: values['keep-referenced'] ?? true, dryRun: Boolean(values['dry-run']), connection: connectionFrom(values, env) };
}

export async function runPrune(settings: PruneSettings, logger: Logger, clientOverrides: Partial<GitHubClientOptions> = {}): Promise<PruneOutcome> {
  const { repository, token, branch, context, useProxy } = settings.connection;
  if (!repository) throw new UserError('no repository to prune', { hint: 'pass --repo owner/repo or set GITHUB_REPOSITORY' });
  if (!token) throw new UserError('no GitHub token', { hint: 'pass --token, or set REPO_TOKEN or GITHUB_TOKEN (with permissions: contents: write)' });
  const client = createGitHubClient({ token: token.token, baseUrl: context.apiUrl, logger, useProxyFromEnv: useProxy, ...clientOverrides });
  return pruneAssets({ client, repository, branch, serverUrl: context.serverUrl, logger, olderThanDays: settings.olderThanDays, keepReferenced: settings.keepReferenced, dryRun: settings.dryRun });
}

