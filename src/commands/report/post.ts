// Where the report goes once built: one sticky comment (src/forges/post-report.ts, the sequence
// `cml comment` uses), the job summary, and with --check a check run. Decided before the training
// run where it can be (a missing token, a forge without check runs), so a mistake costs no run.

import { UserError } from '../../errors.js';
import { openForge } from '../../forges/drivers.js';
import type { CiRunFacts, Forge } from '../../forges/port.js';
import { postReport, preparePosting, publishLinks, type PreparedPosting } from '../../forges/post-report.js';
import type { Logger } from '../../logger.js';
import { appendJobSummary } from '../../output/job-summary.js';
import type { ReportSettings } from './settings.js';
import { postCheckRun } from '../../forges/check-run.js';

export interface PostDeps {
  readonly logger: Logger;
  /** Tests point the forge at the loopback fake and shorten its waits. */
  readonly client?: object;
  readonly retryDelayMs?: number;
}

export interface Publication {
  /** The comment's URL, when one was posted. */
  readonly url: string | undefined;
  readonly updated: boolean;
  readonly checkUrl: string | undefined;
}

/** The forge to post on, or undefined when the report stays local. Throws for what cannot work. */
export function openPostingForge(settings: ReportSettings, deps: PostDeps): Forge | undefined {
  if (!settings.comment && !settings.check) return undefined;
  const { connection } = settings;
  if (!connection.credentials || !connection.repository) {
    const missing = !connection.credentials ? 'no GitHub token' : 'no repository';
    if (connection.inCi || settings.check) {
      throw new UserError(`${missing}: cannot post the report`, {
        hint: !connection.credentials
          ? 'set env: REPO_TOKEN: ${{ secrets.GITHUB_TOKEN }} with permissions: pull-requests: write, contents: write (or pass --no-comment)'
          : 'pass --repo owner/repo or set GITHUB_REPOSITORY (or pass --no-comment)',
      });
    }
    deps.logger.warn(`${missing} and not running in GitHub Actions: the report is only written to ${settings.markdownFile} (--no-comment says so)`);
    return undefined;
  }
  const forge = openForge(connection, { logger: deps.logger, ...(deps.client ? { client: deps.client } : {}) });
  return forge;
}

/** What posting reads before it writes, started before the command runs (see preparePosting). */
export interface PreparedPublication {
  readonly forge: Forge;
  readonly posting: PreparedPosting;
  /** Why this run must not post (a push run duplicating a pull request's), when it must not. */
  readonly duplicate: Promise<string | undefined>;
}

/**
 * Starts, while the command runs, the forge reads posting needs later: the duplicate-run check, the
 * pull request or commit the report goes to, and the asset branch's state. Undefined without a forge.
 */
export function preparePublication(settings: ReportSettings, forge: Forge | undefined, logger: Logger): PreparedPublication | undefined {
  if (!forge) return undefined;
  // Who we post as (cached): a bad token then fails the post as before.
  forge.comments.viewerLogin().catch(() => undefined);
  const duplicate = settings.posting.target.kind === 'auto' ? duplicateOfPullRequestRun(settings.connection.run, forge) : Promise.resolve(undefined);
  duplicate.catch(() => undefined);
  return { forge, posting: preparePosting(settings.posting, forge, logger, { comment: settings.comment, update: true }), duplicate };
}

export async function publish(
  settings: ReportSettings,
  prepared: PreparedPublication | undefined,
  markdown: string,
  failed: boolean,
  deps: PostDeps,
): Promise<Publication> {
  const { logger } = deps;
  const summary = settings.connection.stepSummaryPath;
  if (!prepared) {
    if (summary) await appendJobSummary(summary, markdown, logger);
    return { url: undefined, updated: false, checkUrl: undefined };
  }
  const { forge } = prepared;
  const duplicate = await prepared.duplicate;
  let url: string | undefined;
  let updated = false;
  if (settings.comment && !duplicate) {
    const result = await postReport(markdown, settings.posting, forge, {
      logger,
      update: true,
      prepared: prepared.posting,
      ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}),
    });
    url = result.url;
    updated = result.updated;
  } else {
    if (duplicate) logger.warn(duplicate);
    const published = await publishLinks(markdown, settings.posting, forge, logger, prepared.posting);
    if (summary) await appendJobSummary(summary, published, logger);
  }
  let checkUrl: string | undefined;
  const sha = settings.connection.run?.sha ?? forge.event.sha;
  if (settings.check && !duplicate && sha) {
    const title = markdown.split('\n').find((line) => line.trim() !== '' && !line.startsWith('#')) ?? settings.title;
    const name = `cml ${settings.posting.watermarkTitle}`;
    const report = {
      name,
      title: title.slice(0, 200),
      markdown,
      status: 'completed',
      conclusion: failed ? 'failure' : 'success',
      sha,
      annotations: [],
    } as const;
    checkUrl = (await postCheckRun(forge, report, logger)).url;
  }
  return { url, updated, checkUrl };
}

/**
 * A push run whose commit is the head of an open pull request, in a workflow that also runs on
 * pull_request, reports the same change as that pull request's run: say so, and leave the posting
 * to the pull request's run (one report per change, not two).
 */
async function duplicateOfPullRequestRun(run: CiRunFacts | undefined, forge: Forge): Promise<string | undefined> {
  if (run?.eventName !== 'push' || !run.sha) return undefined;
  if (!(await run.workflowEvents())?.some((event) => event === 'pull_request' || event === 'pull_request_target')) return undefined;
  const open = (await forge.comments.pullRequestsForCommit(run.sha)).filter((pull) => pull.state === 'open' && pull.headSha === run.sha);
  const [pull] = open;
  if (!pull) return undefined;
  return (
    `not posting: commit ${run.sha.slice(0, 7)} is the head of pull request #${pull.number}, and ${run.workflowFile ?? 'this workflow'} also runs on pull_request, ` +
    'whose run reports this change; trigger on pull_request only, or limit push to the main branch (on: { push: { branches: [main] }, pull_request: {} })'
  );
}
