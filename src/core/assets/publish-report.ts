// `comment create --publish`: upload the local files a report links to, once each, and point the
// links at the uploaded copies. What may be uploaded is decided in publishable.ts (never .git/,
// nothing outside the workspace, dotfiles and ignored files only when named); files refused or
// missing are reported and their text left as written.

import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '../../logger.js';
import { contentTypeOf, decodeDataUri, extensionOf, makeAsset, type Asset } from './content.js';
import { findLinks, isDataUri, isLocalDestination, rewriteLinks } from './links.js';
import { checkPublishable, tooBig, type PublishGuard } from './publishable.js';

/** Somewhere assets can be stored and served from (a branch of the repository, or an endpoint). */
export interface AssetStore {
  /** "branch cml-assets of octo/models", for messages. */
  readonly description: string;
  /** The largest file it takes, when it has a limit. */
  readonly maxBytes?: number;
  /** Stores what is not stored yet; returns each asset's URL by its path. */
  store(assets: readonly Asset[]): Promise<Map<string, string>>;
  /**
   * Starts reading what `store` reads first (e.g. while a training command runs), so that storing
   * later costs fewer round trips. Settles when done and never rejects: a failure here is left for
   * `store` to meet again. Optional.
   */
  prefetch?(): Promise<void>;
}

export interface PublishOptions extends PublishGuard {
  /** Relative links are resolved from here (the report's folder). */
  readonly baseDir: string;
  readonly store: AssetStore;
  readonly logger: Logger;
}

export interface PublishOutcome {
  readonly markdown: string;
  readonly published: ReadonlyArray<{ readonly source: string; readonly url: string }>;
  readonly skipped: ReadonlyArray<{ readonly source: string; readonly reason: string }>;
}

export async function publishReportAssets(markdown: string, options: PublishOptions): Promise<PublishOutcome> {
  const { logger, store } = options;
  const limit = store.maxBytes === undefined ? undefined : { maxBytes: store.maxBytes, where: store.description };
  const byDestination = new Map<string, Asset>();
  const skipped: Array<{ source: string; reason: string }> = [];

  for (const link of findLinks(markdown)) {
    const destination = link.destination.trim();
    if (byDestination.has(destination) || skipped.some((entry) => entry.source === destination)) continue;
    if (isDataUri(destination)) {
      const decoded = decodeDataUri(destination);
      if (decoded && limit && decoded.bytes.length > limit.maxBytes) {
        skipped.push({ source: destination, reason: tooBig(decoded.bytes.length, limit) });
        logger.warn(`not publishing a data URI (${decoded.contentType}): ${tooBig(decoded.bytes.length, limit)}`);
      } else if (decoded) byDestination.set(destination, makeAsset(decoded.bytes, decoded.contentType, extensionOf(decoded.contentType)));
      continue;
    }
    if (!isLocalDestination(destination)) continue;
    const fileName = safeDecode(destination.replace(/[?#].*$/, ''));
    const path = isAbsolute(fileName) ? fileName : resolve(options.baseDir, fileName);
    const checked = await checkPublishable(path, options, limit);
    if ('refusal' in checked) {
      skipped.push({ source: destination, reason: checked.reason });
      logger.warn(`not publishing ${destination}: ${checked.reason}`);
      continue;
    }
    const bytes = await readFile(checked.path);
    const contentType = contentTypeOf(path);
    byDestination.set(destination, makeAsset(bytes, contentType, extensionFromName(path, contentType)));
  }

  if (byDestination.size === 0) return { markdown, published: [], skipped };

  const unique = [...new Map([...byDestination.values()].map((asset) => [asset.path, asset])).values()];
  logger.info(`publishing ${unique.length} file${unique.length === 1 ? '' : 's'} to ${options.store.description}`);
  const urls = await options.store.store(unique);
  const published: Array<{ source: string; url: string }> = [];
  for (const [destination, asset] of byDestination) {
    const url = urls.get(asset.path);
    if (url) published.push({ source: destination.startsWith('data:') ? `data URI (${asset.contentType})` : destination, url });
  }
  const rewritten = rewriteLinks(markdown, (link) => {
    const asset = byDestination.get(link.destination.trim());
    return asset ? urls.get(asset.path) : undefined;
  });
  return { markdown: rewritten, published, skipped };
}

function extensionFromName(path: string, contentType: string): string {
  const match = /\.[A-Za-z0-9]{1,8}$/.exec(path);
  return match ? match[0] : extensionOf(contentType);
}

function safeDecode(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}
