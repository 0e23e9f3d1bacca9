// Flags (or inputs) -> validated settings for `asset publish` and `asset prune`, all checked up front.

import { resolve } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import { DEFAULT_ASSET_BRANCH, validateBranchName } from '../../forges/asset-branch-name.js';
import { forgeDriver } from '../../forges/drivers.js';
import type { ForgeConnection } from '../../forges/port.js';
import { validateEndpoint } from '../../http/asset-endpoint.js';
import type { Env, OptionValues } from '../../options/spec.js';
import type { pruneOptions, publishOptions } from './spec.js';

export interface PublishSettings {
  readonly file: string;
  readonly markdown: boolean;
  readonly title: string | undefined;
  readonly contentType: string | undefined;
  readonly publishUrl: string | undefined;
  /** Only files under this folder are published (GITHUB_WORKSPACE, else the current directory). */
  readonly workspace: string;
  /** --allow-hidden: dotfiles or ignored files (or folders of them) to publish anyway. */
  readonly allowHidden: readonly string[];
  readonly assetBranch: string;
  readonly connection: ForgeConnection;
}

export function buildPublishSettings(values: OptionValues<typeof publishOptions>, positionals: readonly string[], env: Env, cwd: string): PublishSettings {
  const [file, ...extra] = positionals;
  if (!file) throw new UserError('`cml asset publish` needs the file to publish', { hint: 'cml asset publish <file> [--md]' });
  if (extra.length > 0) throw new UsageError(`\`cml asset publish\` takes one file, got ${positionals.length}`);
  const contentType = values['mime-type']?.trim();
  if (contentType !== undefined && !/^[a-z]+\/[a-z0-9.+-]+$/i.test(contentType)) {
    throw new UsageError(`--mime-type "${contentType}" is not a media type`, { hint: 'e.g. image/png' });
  }
  if (values['publish-url']) validateEndpoint(values['publish-url']);
  const located = where(values, env);
  return {
    file: resolve(cwd, file),
    markdown: Boolean(values.md),
    title: values.title,
    contentType: contentType?.toLowerCase(),
    publishUrl: values['publish-url'],
    workspace: resolve(located.connection.workspace ?? cwd),
    allowHidden: (values['allow-hidden'] ?? []).map((path) => resolve(cwd, path)),
    ...located,
  };
}

export interface PruneSettings {
  readonly olderThanDays: number;
  readonly keepReferenced: boolean;
  readonly dryRun: boolean;
  readonly assetBranch: string;
  readonly connection: ForgeConnection;
}

export function buildPruneSettings(values: OptionValues<typeof pruneOptions>, env: Env): PruneSettings {
  const text = (values['older-than'] ?? '30').trim();
  const match = /^(\d+(?:\.\d+)?)\s*d?$/i.exec(text);
  if (!match?.[1]) throw new UsageError(`--older-than "${text}" is not a number of days`, { hint: 'e.g. --older-than 30 or --older-than 30d' });
  return { olderThanDays: Number(match[1]), keepReferenced: values['keep-referenced'] ?? true, dryRun: Boolean(values['dry-run']), ...where(values, env) };
}

/** The repository connection and the branch on it that holds the assets. */
function where(
  values: { repo?: string | undefined; token?: string | undefined; 'asset-branch'?: string | undefined },
  env: Env,
): Pick<PruneSettings, 'assetBranch' | 'connection'> {
  const connection = forgeDriver().connect(values, env);
  return { connection, assetBranch: validateBranchName(values['asset-branch'] ?? DEFAULT_ASSET_BRANCH) };
}
