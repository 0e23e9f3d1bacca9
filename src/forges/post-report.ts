// Posting a Markdown report on a forge, the way `cml comment` and `cml report` both do it: upload
// the local files it links to (the asset branch, or --publish-url), add it whole to the job
// summary, find where it goes (the pull request of the run, else the commit), and create or update
// the one sticky comment (src/core/comment/post.ts: own comments only, no duplicate after a 5xx).

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findUploadableLinks, isDataUri } from '../core/assets/links.js';
import type { PublishGuard } from '../core/assets/publishable.js';
import { publishReportAssets, type AssetStore, type PublishOutcome } from '../core/assets/publish-report.js';
import type { CommentTarget, StoredComment } from '../core/comment/ports.js';
import { findOwnReport, postComment, type PostResult } from '../core/comment/post.js';
import { resolveTarget, type TargetRequest } from '../core/comment/target.js';
import { describeError } from '../errors.js';
import { createIgnoreCheck } from '../git/check-ignore.js';
import type { Logger } from '../logger.js';
import { appendJobSummary } from '../output/job-summary.js';
import { DEFAULT_ASSET_BRANCH, validateBranchName } from './asset-branch-name.js';
import { openAssetStore } from './asset-store.js';
import type { Forge, ForgeConnection } from './port.js';

/** What to upload and where: the settings every publishing command (comment, check, report) shares. */
export interface PublishingSettings {
  readonly publish: boolean;
  readonly publishUrl: string | undefined;
  /** Branch of the repository that stores published images. */
  readonly assetBranch: string;
  /** Only files under this folder are published (GITHUB_WORKSPACE, else the current directory). */
  readonly workspace: string;
  /** --allow-hidden: dotfiles or files git ignores (or folders of them) to publish anyway. */
  readonly allowHidden: readonly string[];
}

/** `--publish`, `--publish-url`, `--asset-branch` and `--allow-hidden`, validated; paths from `cwd`. */
export function publishingSettings(
  values: {
    readonly publish?: boolean | undefined;
    readonly 'publish-url'?: string | undefined;
    readonly 'asset-branch'?: string | undefined;
    readonly 'allow-hidden'?: readonly string[] | undefined;
  },
  connection: Pick<ForgeConnection, 'workspace'>,
  cwd: string,
): PublishingSettings {
  return {
    publish: values.publish ?? true,
    publishUrl: values['publish-url'],
    assetBranch: validateBranchName(values['asset-branch'] ?? DEFAULT_ASSET_BRANCH),
    workspace: resolve(connection.workspace ?? cwd),
    allowHidden: (values['allow-hidden'] ?? []).map((path) => resolve(cwd, path)),
  };
}

/** Where and how a report is posted; built by the command's settings. */
export interface ReportPosting extends PublishingSettings {
  /** Relative links of the report are resolved from here (the report's folder). */
  readonly baseDir: string;
  readonly connection: ForgeConnection;
  readonly target: TargetRequest;
  /** Overrides the event's commit. */
  readonly commitSha: string | undefined;
  readonly watermarkTitle: string;
  readonly removeWatermark: boolean;
}

export interface PostingDeps {
  readonly logger: Logger;
  /** Tests shorten the wait before checking an unconfirmed write. */
  readonly retryDelayMs?: number;
  /** Opened (and prefetching) before the report was built: see preparePosting. */
  readonly prepared?: PreparedPosting;
}

/** What posting reads before it writes, started early (while a training command runs). */
export interface PreparedPosting {
  readonly store: AssetStore | undefined;
  /** Undefined when the report will not be posted as a comment. */
  readonly target: Promise<CommentTarget> | undefined;
  /** Our earlier report on the target, looked for ahead when it will be edited (undefined: look after). */
  readonly ownReport?: Promise<StoredComment | undefined>;
}

/**
 * Starts what posting a report needs that does not depend on the report: the asset branch's head
 * and index, the pull request or commit it goes to (`comment`), and our earlier report there
 * (`update`). Failures surface when posting awaits them; a failed search for our report is made
 * again then.
 */
export function preparePosting(
  posting: ReportPosting,
  forge: Forge,
  logger: Logger,
  { comment, update }: { readonly comment: boolean; readonly update: boolean },
): PreparedPosting {
  const store = posting.publish ? openAssetStore(posting, { logger }, forge) : undefined;
  void store?.prefetch?.();
  const target = comment ? postTarget(posting, forge) : undefined;
  // Awaited (and its failure reported) only when the report is posted.
  target?.catch(() => undefined);
  // Only a report found ahead is used as found: one that is not there yet is looked for again when
  // posting, so that two runs on one pull request still end with one comment.
  const ownReport =
    target && update && !posting.removeWatermark
      ? target
          .then(async (where) => findOwnReport(forge.comments, where, posting.watermarkTitle, await forge.comments.viewerLogin(), logger))
          .catch(() => undefined)
      : undefined;
  return { store, target, ...(ownReport ? { ownReport } : {}) };
}

/** What may be uploaded (src/core/assets/publishable.ts): the workspace, minus .git/, dotfiles and ignored files unless allowed. */
export function publishGuard(posting: Pick<ReportPosting, 'workspace' | 'allowHidden'>): PublishGuard {
  return { workspace: posting.workspace, allowHidden: posting.allowHidden, isIgnored: createIgnoreCheck(posting.workspace) };
}

/**
 * Uploads the local images and files the report links to and points the links at the copies. A
 * token that may comment but not write the asset branch (403): the report still matters more, so
 * it is posted with its links as written, and a warning names the files and the reason.
 */
export async function publishLinks(markdown: string, posting: ReportPosting, forge: Forge, logger: Logger, prepared?: PreparedPosting): Promise<string> {
  if (!posting.publish) return markdown;
  const local = findUploadableLinks(markdown);
  if (local.length === 0) return markdown;
  const store = prepared?.store ?? openAssetStore(posting, { logger }, forge);
  let outcome: PublishOutcome;
  try {
    outcome = await publishReportAssets(markdown, { ...publishGuard(posting), baseDir: posting.baseDir, store, logger });
  } catch (error) {
    if ((error as { status?: number }).status !== 403) throw error;
    const files = [...new Set(local.map((link) => (isDataUri(link.destination) ? 'a data URI' : link.destination.trim())))];
    logger.warn(`not published: ${files.join(', ')}: ${describeError(error)}; posting the report with these links as written`);
    return markdown;
  }
  for (const entry of outcome.published) logger.debug(`published ${entry.source} -> ${entry.url}`);
  return outcome.markdown;
}

/** The pull request, issue or commit the report goes to. */
export async function postTarget(posting: ReportPosting, forge: Forge): Promise<CommentTarget> {
  return resolveTarget(posting.target, { ...forge.event, sha: posting.commitSha ?? forge.event.sha }, forge.comments);
}

/** Posts (or with `update`, edits our previous) report on the target; the body is the published Markdown. */
export function postOn(
  forge: Forge,
  posting: ReportPosting,
  target: CommentTarget,
  deps: PostingDeps,
): (markdown: string, update: boolean, knownReport?: StoredComment) => Promise<PostResult> {
  return (markdown, update, knownReport) =>
    postComment(
      {
        markdown,
        target,
        update,
        watermarkTitle: posting.watermarkTitle,
        removeWatermark: posting.removeWatermark,
        fullReportUrl: forge.runUrl,
        ...(knownReport ? { knownReport } : {}),
      },
      {
        api: forge.comments,
        logger: deps.logger,
        sleep: (ms) => sleep(ms),
        nonce: () => randomUUID(),
        ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}),
      },
    );
}

/** The whole sequence: publish, job summary (the full text, which a long comment points to), target, post. */
export async function postReport(
  markdown: string,
  posting: ReportPosting,
  forge: Forge,
  deps: PostingDeps & { readonly update: boolean },
): Promise<PostResult> {
  const published = await publishLinks(markdown, posting, forge, deps.logger, deps.prepared);
  const summary = posting.connection.stepSummaryPath;
  if (summary) await appendJobSummary(summary, published, deps.logger);
  const target = await (deps.prepared?.target ?? postTarget(posting, forge));
  const known = deps.update ? await deps.prepared?.ownReport : undefined;
  return postOn(forge, posting, target, deps)(published, deps.update, known);
}
