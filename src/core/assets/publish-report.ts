// `comment create --publish`: upload the local files a report links to, once each, and point the
// links at the uploaded copies. Files outside the workspace are never uploaded (a report must not
// be a way to leak /etc/passwd or ~/.aws/credentials into a public comment); missing files are
// reported and their text left as written.

import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Logger } from '../../logger.js';
import { contentTypeOf, decodeDataUri, extensionOf, makeAsset, type Asset } from './content.js';
import { findLinks, isDataUri, isLocalDestination, rewriteLinks } from './links.js';

/** Somewhere assets can be stored and served from (a branch of the repository, or an endpoint). */
export interface AssetStore {
  /** "branch cml-assets of octo/models", for messages. */
  readonly description: string;
  /** Stores what is not stored yet; returns each asset's URL by its path. */
  store(assets: readonly Asset[]): Promise<Map<string, string>>;
}

export interface PublishOptions {
  /** Relative links are resolved from here (the report's folder). */
  readonly baseDir: string;
  /** Only files under this folder are uploaded. */
  readonly workspace: string;
  readonly store: AssetStore;
  readonly logger: Logger;
}

export interface PublishOutcome {
  readonly markdown: string;
  readonly published: ReadonlyArray<{ readonly source: string; readonly url: string }>;
  readonly skipped: ReadonlyArray<{ readonly source: string; readonly reason: string }>;
}

export async function publishReportAssets(markdown: string, options: PublishOptions): Promise<PublishOutcome> {
  const { logger } = options;
  const workspace = await realpath(options.workspace).catch(() => resolve(options.workspace));
  const byDestination = new Map<string, Asset>();
  const skipped: Array<{ source: string; reason: string }> = [];

  for (const link of findLinks(markdown)) {
    const destination = link.destination.trim();
    if (byDestination.has(destination) || skipped.some((entry) => entry.source === destination)) continue;
    if (isDataUri(destination)) {
      const decoded = decodeDataUri(destination);
      if (decoded) byDestination.set(destination, makeAsset(decoded.bytes, decoded.contentType, extensionOf(decoded.contentType)));
      continue;
    }
    if (!isLocalDestination(destination)) continue;
    const fileName = safeDecode(destination.replace(/[?#].*$/, ''));
    const path = isAbsolute(fileName) ? fileName : resolve(options.baseDir, fileName);
    const reason = await unusable(path, workspace);
    if (reason) {
      skipped.push({ source: destination, reason });
      logger.warn(`not publishing ${destination}: ${reason}`);
      continue;
    }
    const bytes = await readFile(path);
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

/** Why a local path cannot be published, or undefined when it can. */
async function unusable(path: string, workspace: string): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return 'file not found';
  }
  const inside = relative(workspace, real);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return `outside the workspace ${workspace}`;
  }
  const info = await stat(real);
  if (!info.isFile()) return 'not a file';
  return undefined;
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
