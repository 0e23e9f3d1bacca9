// `cml check create`: read the report, publish its local images, keep the full text in the job
// summary, and post it as a check run on the commit.

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { publishReportAssets } from '../../core/assets/publish-report.js';
import { UserError } from '../../errors.js';
import { openAssetStore } from '../../forges/asset-store.js';
import { postCheckRun } from '../../forges/check-run.js';
import { openRequiredForge } from '../../forges/drivers.js';
import type { CheckRunResult } from '../../forges/port.js';
import type { Logger } from '../../logger.js';
import { appendJobSummary } from '../../output/job-summary.js';
import type { CheckSettings } from './settings.js';
import { publishGuard } from '../../forges/post-report.js';

export interface CheckDeps {
  readonly logger: Logger;
  readonly client?: object;
}

export async function runCheck(settings: CheckSettings, deps: CheckDeps): Promise<CheckRunResult> {
  const { logger } = deps;
  let markdown: string;
  try {
    markdown = await readFile(settings.markdownFile, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read the report ${settings.markdownFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const forge = openRequiredForge(settings.connection, deps, { what: 'create a check run', permission: 'checks: write' });
  if (settings.publish) {
    const store = openAssetStore(settings, deps, forge);
    markdown = (await publishReportAssets(markdown, { ...publishGuard(settings), baseDir: dirname(settings.markdownFile), store, logger })).markdown;
  }
  if (settings.connection.stepSummaryPath) await appendJobSummary(settings.connection.stepSummaryPath, markdown, logger);
  const result = await postCheckRun(
    forge,
    {
      name: settings.title,
      title: settings.title,
      markdown,
      status: settings.status,
      conclusion: settings.conclusion,
      sha: settings.commitSha,
      annotations: [],
    },
    logger,
  );
  return { id: result.id, url: result.url };
}
