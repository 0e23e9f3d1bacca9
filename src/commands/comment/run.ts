// `cml comment create|update`: read the report, publish its local images, and post it on the forge
// (or write it locally when there is no token or repository); with --watch, again on each change.

import { targetToString } from '../../core/comment/ports.js';
import type { PostResult } from '../../core/comment/post.js';
import { watchFile } from '../../core/comment/watch.js';
import { openForge } from '../../forges/drivers.js';
import { postOn, postTarget } from '../../forges/post-report.js';
import type { Logger } from '../../logger.js';
import { appendJobSummary } from '../../output/job-summary.js';
import { dryRun } from './dry-run.js';
import { writeLocally } from './local.js';
import { publishLinks } from './publish-links.js';
import { readReport } from './read-report.js';
import type { CommentOutcome } from './outcome.js';
import { posting, type CommentSettings } from './settings.js';

export type { CommentOutcome };

export interface CommentDeps {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Tests shorten waits and point at the loopback fake; production leaves this empty. */
  readonly client?: object;
  readonly retryDelayMs?: number;
  /** Called after each post in --watch mode. */
  readonly onPosted?: (outcome: CommentOutcome) => void;
}

export async function runComment(settings: CommentSettings, deps: CommentDeps): Promise<CommentOutcome> {
  const { logger } = deps;
  const { connection } = settings;
  const original = await readReport(settings.markdownFile);

  if (!connection.credentials || !connection.repository) return writeLocally(settings, original, logger);
  const forge = openForge(connection, { logger, ...(deps.client ? { client: deps.client } : {}) });
  const publish = (text: string): Promise<string> => publishLinks(text, settings, forge, logger);
  const markdown = await publish(original);
  if (!settings.dryRun && connection.stepSummaryPath) await appendJobSummary(connection.stepSummaryPath, markdown, logger);
  logger.debug(`token from ${connection.credentials}; API ${connection.apiUrl}; repository ${forge.repositoryName}`);

  const target = await postTarget(posting(settings), forge);
  const post = postOn(forge, posting(settings), target, { logger, ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}) });

  if (settings.dryRun) {
    const wouldPost = {
      markdown,
      target,
      update: settings.update,
      watermarkTitle: settings.watermarkTitle,
      removeWatermark: settings.removeWatermark,
      fullReportUrl: forge.runUrl,
    };
    return dryRun(settings, forge, wouldPost, logger);
  }

  const first = toOutcome(await post(markdown, settings.update));
  if (!settings.watch) return first;

  deps.onPosted?.(first);
  logger.info(`watching ${settings.markdownFile} for changes (Ctrl-C to stop)`);
  let last = first;
  await watchFile(settings.markdownFile, { signal: deps.signal, initialContent: original }, async (content) => {
    try {
      last = toOutcome(await post(await publish(content), true));
      deps.onPosted?.(last);
    } catch (error) {
      // One failed refresh should not end a long training run's watch; bad credentials should.
      const status = (error as { status?: number }).status;
      if (status === 401 || status === 403 || status === 404) throw error;
      logger.warn(`could not update the comment: ${(error as Error).message}; will try again on the next change`);
    }
  });
  return last;
}

function toOutcome(result: PostResult): CommentOutcome {
  return { url: result.url, id: result.id, target: targetToString(result.target), updated: result.updated, dryRun: false };
}
