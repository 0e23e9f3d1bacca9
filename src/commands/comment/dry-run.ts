// `comment --dry-run`: say what would be posted and where, reading but writing nothing.

import { describeTarget, targetToString, type StoredComment } from '../../core/comment/ports.js';
import { findOwnReport, renderBody, type PostSettings } from '../../core/comment/post.js';
import type { Forge } from '../../forges/port.js';
import type { Logger } from '../../logger.js';
import type { CommentOutcome } from './outcome.js';
import type { CommentSettings } from './settings.js';
import { grouped } from '../../words.js';

export async function dryRun(settings: CommentSettings, forge: Forge, post: PostSettings, logger: Logger): Promise<CommentOutcome> {
  const { target } = post;
  let existing: StoredComment | undefined;
  if (settings.update) {
    existing = await findOwnReport(forge.comments, target, settings.watermarkTitle, await forge.comments.viewerLogin(), logger);
  }
  const { body } = renderBody(post, 'dry-run');
  const repo = forge.repositoryName;
  const where = existing
    ? `would update comment ${existing.url} on ${describeTarget(target)} of ${repo}`
    : `would create a comment on ${describeTarget(target)} of ${repo}`;
  logger.info(`dry run: ${where} (${grouped(body.length)} characters); nothing was written`);
  return { url: existing?.url ?? '', id: existing?.id ?? null, target: targetToString(target), updated: Boolean(existing), dryRun: true, body };
}
