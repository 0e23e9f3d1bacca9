// `cml asset publish <file>`: store one file and answer with its URL (or a Markdown line). The file
// passes the same checks as a report's links (core/assets/publishable.ts) before it is read.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { contentTypeOf, extensionOf, isImage, makeAsset } from '../../core/assets/content.js';
import { checkPublishable } from '../../core/assets/publishable.js';
import { UserError } from '../../errors.js';
import { openAssetStore } from '../../forges/asset-store.js';
import { createIgnoreCheck } from '../../git/check-ignore.js';
import type { Logger } from '../../logger.js';
import type { PublishSettings } from './settings.js';

/** `client` tunes the forge's client (tests shorten waits); production leaves it out. */
export async function runPublish(settings: PublishSettings, logger: Logger, client?: object): Promise<{ url: string; markdown: string }> {
  const store = openAssetStore(settings, { logger, ...(client ? { client } : {}) });
  const guard = { workspace: settings.workspace, allowHidden: settings.allowHidden, isIgnored: createIgnoreCheck(settings.workspace) };
  const limit = store.maxBytes === undefined ? undefined : { maxBytes: store.maxBytes, where: store.description };
  const checked = await checkPublishable(settings.file, guard, limit);
  if ('refusal' in checked) {
    if (checked.refusal === 'missing')
      throw new UserError(`file not found: ${settings.file}`, { hint: 'check the path; it is relative to the current directory' });
    if (checked.refusal === 'not-a-file') throw new UserError(`${settings.file} is not a file`);
    throw new UserError(`not publishing ${settings.file}: ${checked.reason}`);
  }
  const bytes = await readFile(checked.path);
  const contentType = settings.contentType ?? contentTypeOf(settings.file);
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(settings.file)?.[0] ?? extensionOf(contentType);
  const asset = makeAsset(bytes, contentType, extension);
  const url = (await store.store([asset])).get(asset.path);
  if (!url) throw new Error(`the asset store returned no URL for ${asset.path}`);
  const title = (settings.title ?? basename(settings.file)).replace(/[[\]]/g, '');
  return { url, markdown: isImage(contentType) ? `![${title}](${url})` : `[${title}](${url})` };
}
