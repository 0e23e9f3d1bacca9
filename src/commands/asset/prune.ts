// `cml asset prune`: drop old, unreferenced assets from the repository's asset branch.

import { UserError } from '../../errors.js';
import { openForge } from '../../forges/drivers.js';
import type { PruneOutcome } from '../../forges/port.js';
import type { Logger } from '../../logger.js';
import type { PruneSettings } from './settings.js';

/** `client` tunes the forge's client (tests shorten waits); production leaves it out. */
export async function runPrune(settings: PruneSettings, logger: Logger, client?: object): Promise<PruneOutcome> {
  const { repository, credentials } = settings.connection;
  if (!repository) throw new UserError('no repository to prune', { hint: 'pass --repo owner/repo or set GITHUB_REPOSITORY' });
  if (!credentials) throw new UserError('no GitHub token', { hint: 'pass --token, or set REPO_TOKEN or GITHUB_TOKEN (with permissions: contents: write)' });
  const forge = openForge(settings.connection, { logger, ...(client ? { client } : {}) });
  return forge.pruneAssets({
    branch: settings.assetBranch,
    olderThanDays: settings.olderThanDays,
    keepReferenced: settings.keepReferenced,
    dryRun: settings.dryRun,
  });
}
