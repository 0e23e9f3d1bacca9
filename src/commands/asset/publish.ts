// `cml asset publish <file>`: store one file and answer with its URL (or a Markdown line).

import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { contentTypeOf, extensionOf, isImage, makeAsset } from '../../core/assets/content.js';
import { UserError } from '../../errors.js';
import { openAssetStore } from '../../forges/asset-store.js';
import type { Logger } from '../../logger.js';
import type { PublishSettings } from './settings.js';

/** `client` tunes the forge's client (tests shorten waits); production leaves it out. */
export async function runPublish(settings: PublishSettings, logger: Logger, client?: object): Promise<{ url: string; markdown: string }> {
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
  const store = openAssetStore(settings, { logger, ...(client ? { client } : {}) });
  const url = (await store.store([asset])).get(asset.path);
  if (!url) throw new Error(`the asset store returned no URL for ${asset.path}`);
  const title = (settings.title ?? basename(settings.file)).replace(/[[\]]/g, '');
  return { url, markdown: isImage(contentType) ? `![${title}](${url})` : `[${title}](${url})` };
}
