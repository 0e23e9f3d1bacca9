// --publish (the default, as in CML): upload the report's local images and files and rewrite the
// links. A dry run only says what would be uploaded: an upload is a write.

import { dirname } from 'node:path';
import { findLinks, isDataUri, isLocalDestination } from '../../core/assets/links.js';
import { publishReportAssets, type AssetStore, type PublishOutcome } from '../../core/assets/publish-report.js';
import { describeError } from '../../errors.js';
import { openAssetStore } from '../../forges/asset-store.js';
import { createIgnoreCheck } from '../../git/check-ignore.js';
import type { Forge } from '../../forges/port.js';
import type { Logger } from '../../logger.js';
import type { CommentSettings } from './settings.js';

export async function publishLinks(markdown: string, settings: CommentSettings, forge: Forge, logger: Logger): Promise<string> {
  if (!settings.publish) return markdown;
  const local = findLinks(markdown).filter((link) => isDataUri(link.destination) || isLocalDestination(link.destination));
  if (local.length === 0) return markdown;
  const baseDir = dirname(settings.markdownFile);
  const guard = { workspace: settings.workspace, allowHidden: settings.allowHidden, isIgnored: createIgnoreCheck(settings.workspace) };
  if (settings.dryRun) {
    // The same selection as a real run (workspace, missing files), with nothing uploaded.
    const dryStore: AssetStore = {
      description: 'nowhere (dry run)',
      store: async (assets) => new Map(assets.map((asset) => [asset.path, `(${asset.path})`])),
    };
    const outcome = await publishReportAssets(markdown, { ...guard, baseDir, store: dryStore, logger: quiet(logger) });
    const wouldStore = outcome.published.map((entry) => entry.source);
    for (const entry of outcome.skipped) logger.warn(`would not publish ${entry.source}: ${entry.reason}`);
    if (wouldStore.length > 0) logger.info(`dry run: would publish ${wouldStore.length} linked file${wouldStore.length === 1 ? '' : 's'}: ${wouldStore.join(', ')}`);
    return markdown;
  }
  const store = openAssetStore(settings, { logger }, forge);
  let outcome: PublishOutcome;
  try {
    outcome = await publishReportAssets(markdown, { ...guard, baseDir, store, logger });
  } catch (error) {
    // A token that may comment but not write the asset branch: the report still matters more.
    if ((error as { status?: number }).status !== 403) throw error;
    const files = [...new Set(local.map((link) => (isDataUri(link.destination) ? 'a data URI' : link.destination.trim())))];
    logger.warn(`not published: ${files.join(', ')}: ${describeError(error)}; posting the report with these links as written`);
    return markdown;
  }
  for (const entry of outcome.published) logger.debug(`published ${entry.source} -> ${entry.url}`);
  return outcome.markdown;
}

/** A logger that passes on only warnings and errors (for a dry run's rehearsal). */
function quiet(logger: Logger): Logger {
  return { ...logger, level: 'warn', info: () => undefined, debug: () => undefined, warn: () => undefined };
}
