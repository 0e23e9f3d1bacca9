// Posting a Markdown report as a check run on a commit: what `check create` and `--check` on
// `metrics report`, `metrics diff` and `drift` share. The report is fitted to the forge's limit
// with a note saying where the full text is (the job summary).

import { truncateMarkdown } from '../core/comment/truncate.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CheckAnnotation, CheckConclusion, CheckRunResult, CheckStatus, Forge } from './port.js';

export interface CheckReport {
  readonly name: string;
  readonly title: string;
  readonly markdown: string;
  readonly status: CheckStatus;
  readonly conclusion: CheckConclusion | undefined;
  /** Default: the pull request head of the event, else the commit of the run. */
  readonly sha: string | undefined;
  readonly annotations: readonly CheckAnnotation[];
}

export async function postCheckRun(forge: Forge, report: CheckReport, logger: Logger): Promise<CheckRunResult & { truncated: boolean }> {
  const sha = report.sha ?? forge.event.sha;
  if (!sha) throw new UserError('no commit to put the check run on', { hint: 'pass --commit-sha, or run in a workflow (GITHUB_SHA)' });
  const fitted = truncateMarkdown(report.markdown, forge.checkTextLimit, checkTruncationNote(forge.runUrl));
  if (fitted.truncated) logger.warn(`the report has ${report.markdown.length} characters; the check run shows the first ${fitted.kept} (GitHub's limit is ${forge.checkTextLimit})`);
  const result = await forge.createCheckRun({
    name: report.name,
    sha,
    status: report.status,
    conclusion: report.status === 'completed' ? report.conclusion : undefined,
    title: report.title,
    summary: fitted.text,
    annotations: report.annotations,
  });
  logger.info(`check run "${report.name}" on ${sha.slice(0, 12)}: ${result.url}`);
  return { ...result, truncated: fitted.truncated };
}

function checkTruncationNote(runUrl: string | undefined): (kept: number, total: number) => string {
  return (kept, total) => {
    const shown = `${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} characters shown`;
    const full = runUrl ? `The full report is in the [job summary](${runUrl}).` : 'The full report is in the job summary of this run.';
    return `> [!WARNING]\n> This report was cut to fit GitHub's limit on check run output (${shown}). ${full}\n`;
  };
}
