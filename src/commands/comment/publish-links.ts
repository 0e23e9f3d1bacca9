// --publish (the default, as in CML): upload the report's local images and files and rewrite the
// links. A dry run only says what would be uploaded: an upload is a write.

import { dirname } from 'node:path';
import { findUploadableLinks } from '../../core/assets/links.js';
import { publishReportAssets, type AssetStore } from '../../core/assets/publish-report.js';
import type { Forge } from '../../forges/port.js';
import { publishGuard, publishLinks as publishForReal } from '../../forges/post-report.js';
import type { Logger } from '../../logger.js';
import { counted } from '../../words.js';
import { posting, type CommentSettings } from './settings.js';

export async function publishLinks(markdown: string, settings: CommentSettings, forge: Forge, logger: Logger): Promise<string> {
  if (!settings.dryRun) return publishForReal(markdown, posting(settings), forge, logger);
  if (!settings.publish || findUploadableLinks(markdown).length === 0) return markdown;
  // The same selection as a real run (workspace, guard, missing files), with nothing uploaded.
  const dryStore: AssetStore = {
    description: 'nowhere (dry run)',
    store: async (assets) => new Map(assets.map((asset) => [asset.path, `(${asset.path})`])),
  };
  const outcome = await publishReportAssets(markdown, {
    ...publishGuard(settings),
    baseDir: dirname(settings.markdownFile),
    store: dryStore,
    logger: quiet(logger),
  });
  const wouldStore = outcome.published.map((entry) => entry.source);
  for (const entry of outcome.skipped) logger.warn(`would not publish ${entry.source}: ${entry.reason}`);
  if (wouldStore.length > 0) logger.info(`dry run: would publish ${counted(wouldStore.length, 'linked file')}: ${wouldStore.join(', ')}`);
  return markdown;
}

/** A logger that passes on only warnings and errors (for a dry run's rehearsal). */
function quiet(logger: Logger): Logger {
  return { ...logger, level: 'warn', info: () => undefined, debug: () => undefined, warn: () => undefined };
}
