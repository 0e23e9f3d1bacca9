// Posting a report: fit it to the size limit, mark it, and create it or update our previous one.
//
// Safety rules, learnt from tools that double-post or overwrite other people's comments:
// - Only a comment written by our own identity is ever edited, even if another user pasted our
//   marker into theirs.
// - Every page of comments is searched (long review threads exceed one page).
// - A create whose outcome is unknown (5xx, reset connection) is followed by a search for this
//   attempt's nonce before anything is sent again; a stored comment is never posted twice.

import type { Logger } from '../../logger.js';
import { appendMarker, readMarker, renderMarker } from './marker.js';
import { GITHUB_COMMENT_LIMIT, truncateMarkdown, truncationNote } from './truncate.js';
import { describeTarget, isGone, isUncertainWrite, type CommentApi, type CommentTarget, type StoredComment } from './ports.js';

export interface PostSettings {
  readonly markdown: string;
  readonly target: CommentTarget;
  /** Edit our previous report with the same watermark title instead of adding a new comment. */
  readonly update: boolean;
  readonly watermarkTitle: string;
  /** Leave out the marker (CML's --rm-watermark): the comment can then never be updated. */
  readonly removeWatermark: boolean;
  /** Link to the full report, used in the truncation note (the run's job summary). */
  readonly fullReportUrl: string | undefined;
  readonly limit?: number;
  /**
   * With `update`: our report as found earlier (by `cml report` while its command ran). It is
   * edited without searching again; if it has been deleted since, the search runs as usual.
   */
  readonly knownReport?: StoredComment | undefined;
}

export interface PostDeps {
  readonly api: CommentApi;
  readonly logger: Logger;
  readonly sleep: (milliseconds: number) => Promise<void>;
  readonly nonce: () => string;
  /** Attempts for a create whose outcome is unknown. */
  readonly maxWriteAttempts?: number;
  readonly retryDelayMs?: number;
}

export interface PostResult {
  readonly id: number;
  readonly url: string;
  readonly target: CommentTarget;
  readonly updated: boolean;
  readonly truncated: boolean;
}

/** The body as it will be sent: truncated to fit, marker appended. */
export function renderBody(
  settings: Pick<PostSettings, 'markdown' | 'watermarkTitle' | 'removeWatermark' | 'fullReportUrl' | 'limit'>,
  post: string,
): { body: string; truncated: boolean } {
  const limit = settings.limit ?? GITHUB_COMMENT_LIMIT;
  const markerText = settings.removeWatermark ? '' : renderMarker({ id: settings.watermarkTitle, post });
  const room = limit - (markerText ? markerText.length + 3 : 0);
  const fitted = truncateMarkdown(settings.markdown, room, truncationNote(settings.fullReportUrl));
  const body = settings.removeWatermark ? fitted.text : appendMarker(fitted.text, { id: settings.watermarkTitle, post });
  return { body, truncated: fitted.truncated };
}

/** Our latest report on the target with this watermark title, if any. */
export async function findOwnReport(
  api: CommentApi,
  target: CommentTarget,
  watermarkTitle: string,
  login: string,
  logger: Logger,
): Promise<StoredComment | undefined> {
  let found: StoredComment | undefined;
  let seen = 0;
  for await (const page of api.listComments(target)) {
    seen += page.length;
    for (const comment of page) {
      const marker = readMarker(comment.body);
      if (!marker || marker.id !== watermarkTitle) continue;
      if (comment.authorLogin !== login) {
        logger.debug(`skipping comment ${comment.id} by ${comment.authorLogin ?? 'unknown'}: it carries the marker but was not written by ${login}`);
        continue;
      }
      found = comment; // keep going: the latest one wins
    }
  }
  logger.debug(`searched ${seen} comments on ${describeTarget(target)}; ${found ? `our report is ${found.id}` : 'no report of ours'}`);
  return found;
}

export async function postComment(settings: PostSettings, deps: PostDeps): Promise<PostResult> {
  const { api, logger } = deps;
  const post = deps.nonce();
  const { body, truncated } = renderBody(settings, post);
  if (truncated) logger.warn(`the report is longer than GitHub allows in a comment; it was cut (the job summary keeps all of it)`);

  const edit = async (existing: StoredComment): Promise<PostResult> => {
    const updated = await withUncertainRetry(
      deps,
      () => api.updateComment(settings.target, existing.id, body),
      async () => undefined,
    );
    logger.info(`updated comment ${updated.url}`);
    return { id: updated.id, url: updated.url, target: settings.target, updated: true, truncated };
  };

  if (settings.update) {
    const known = settings.knownReport;
    if (known) {
      const edited = await edit(known).catch((error: unknown) => {
        if (isGone(error)) return undefined;
        throw error;
      });
      if (edited) return edited;
      logger.debug(`comment ${known.id}, found earlier, is gone; searching ${describeTarget(settings.target)} again`);
    }
    const login = await api.viewerLogin();
    const existing = await findOwnReport(api, settings.target, settings.watermarkTitle, login, logger);
    if (existing) return edit(existing);
    logger.debug(`no earlier report on ${describeTarget(settings.target)}; creating one`);
  }

  const created = await withUncertainRetry(
    deps,
    () => api.createComment(settings.target, body),
    () => findAttempt(api, settings.target, post, body),
  );
  logger.info(`created comment ${created.url}`);
  return { id: created.id, url: created.url, target: settings.target, updated: false, truncated };
}

/**
 * Runs a write; when its outcome is unknown, asks `alreadyStored` before sending it again. Bounded
 * by maxWriteAttempts; the last error is rethrown.
 */
async function withUncertainRetry(
  deps: PostDeps,
  write: () => Promise<StoredComment>,
  alreadyStored: () => Promise<StoredComment | undefined>,
): Promise<StoredComment> {
  const attempts = deps.maxWriteAttempts ?? 3;
  const delay = deps.retryDelayMs ?? 2000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isUncertainWrite(error) || attempt >= attempts) throw error;
      deps.logger.warn(`GitHub did not confirm the write (${(error as Error).message}); checking whether it was stored`);
      await deps.sleep(delay * attempt);
      const stored = await alreadyStored();
      if (stored) {
        deps.logger.info('the comment had been stored; not sending it again');
        return stored;
      }
      deps.logger.info(`it was not stored; sending again (attempt ${attempt + 1} of ${attempts})`);
    }
  }
}

/** The comment this very attempt stored: its nonce, or (with no marker) the identical body. */
async function findAttempt(api: CommentApi, target: CommentTarget, post: string, body: string): Promise<StoredComment | undefined> {
  let found: StoredComment | undefined;
  for await (const page of api.listComments(target)) {
    for (const comment of page) {
      if (readMarker(comment.body)?.post === post || comment.body.trim() === body.trim()) found = comment;
    }
  }
  return found;
}
