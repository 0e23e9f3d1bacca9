// Posting a Markdown report on a forge, the way `cml comment` and `cml report` both do it: upload
// the local files it links to (the asset branch, or --publish-url), add it whole to the job
// summary, find where it goes (the pull request of the run, else the commit), and create or update
// the one sticky comment (src/core/comment/post.ts: own comments only, no duplicate after a 5xx).

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishReportAssets } from '../core/assets/publish-report.js';
import type { CommentTarget } from '../core/comment/ports.js';
import { postComment, type PostResult } from '../core/comment/post.js';
import { resolveTarget, type TargetRequest } from '../core/comment/target.js';
import type { Logger } from '../logger.js';
import { appendJobSummary } from '../output/job-summary.js';
import { openAssetStore } from './asset-store.js';
import type { Forge, ForgeConnection } from './port.js';

/** Where and how a report is posted; built by the command's settings. */
export interface ReportPosting {
  /** Relative links of the report are resolved from here (the report's folder). */
  readonly baseDir: string;
  /** Only files under this folder are uploaded. */
  readonly workspace: string;
  readonly publish: boolean;
  readonly publishUrl: string | undefined;
  readonly assetBranch: string;
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
}

/** Uploads the local images and files the report links to and points the links at the copies. */
export async function publishLinks(markdown: string, posting: ReportPosting, forge: Forge, logger: Logger): Promise<string> {
  if (!posting.publish) return markdown;
  const store = openAssetStore(posting, { logger }, forge);
  const outcome = await publishReportAssets(markdown, { baseDir: posting.baseDir, workspace: posting.workspace, store, logger });
  for (const entry of outcome.published) logger.debug(`published ${entry.source} -> ${entry.url}`);
  return outcome.markdown;
}

/** The pull request, issue or commit the report goes to. */
export async function postTarget(posting: ReportPosting, forge: Forge): Promise<CommentTarget> {
  return resolveTarget(posting.target, { ...forge.event, sha: posting.commitSha ?? forge.event.sha }, forge.comments);
}

/** Posts (or with `update`, edits our previous) report on the target; the body is the published Markdown. */
export function postOn(forge: Forge, posting: ReportPosting, target: CommentTarget, deps: PostingDeps): (markdown: string, update: boolean) => Promise<PostResult> {
  return (markdown, update) =>
    postComment(
      { markdown, target, update, watermarkTitle: posting.watermarkTitle, removeWatermark: posting.removeWatermark, fullReportUrl: forge.runUrl },
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
export async function postReport(markdown: string, posting: ReportPosting, forge: Forge, deps: PostingDeps & { readonly update: boolean }): Promise<PostResult> {
  const published = await publishLinks(markdown, posting, forge, deps.logger);
  const summary = posting.connection.stepSummaryPath;
  if (summary) await appendJobSummary(summary, published, deps.logger);
  const target = await postTarget(posting, forge);
  return postOn(forge, posting, target, deps)(published, deps.update);
}
