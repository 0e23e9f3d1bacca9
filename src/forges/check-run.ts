// Posting a Markdown report as a check run on a commit: what `check create` and `--check` on
// `metrics report`, `metrics diff` and `drift` share. The report is fitted to the forge's limit
// with a note saying where the full text is (the job summary).

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { truncateMarkdown } from '../core/comment/truncate.js';
import { UsageError, UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Env } from '../options/spec.js';
import { forgeDriver, openRequiredForge } from './drivers.js';
import type { CheckAnnotation, CheckConclusion, CheckRunResult, CheckStatus, Forge, ForgeConnection } from './port.js';
import { grouped } from '../words.js';

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
  if (fitted.truncated)
    logger.warn(
      `the report has ${report.markdown.length} characters; the check run shows the first ${fitted.kept} (GitHub's limit is ${forge.checkTextLimit})`,
    );
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
    const shown = `${grouped(kept)} of ${grouped(total)} characters shown`;
    const full = runUrl ? `The full report is in the [job summary](${runUrl}).` : 'The full report is in the job summary of this run.';
    return `> [!WARNING]\n> This report was cut to fit GitHub's limit on check run output (${shown}). ${full}\n`;
  };
}

/** `--check [name]` of a command: the check run's name and where to post it (repository and token from the environment). */
export interface CheckTarget {
  readonly name: string;
  readonly connection: ForgeConnection;
  /** Annotation paths are relative to this folder (the checkout: GITHUB_WORKSPACE, else the current directory). */
  readonly workspace: string;
}

/** Validates `--check` up front: a name, a repository and a token, or one line saying which is missing. */
export function readCheckTarget(name: string | undefined, env: Env, cwd: string): CheckTarget | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim();
  if (trimmed === '') throw new UsageError('--check= needs a name after the =', { hint: 'write --check alone for the default name, or --check="Model gates"' });
  const connection = forgeDriver().connect({}, env);
  if (!connection.repository)
    throw new UserError('--check needs the repository to post the check run to', { hint: 'set GITHUB_REPOSITORY (GitHub Actions sets it)' });
  if (!connection.credentials) {
    throw new UserError('--check needs a token allowed to create check runs', {
      hint: "set GITHUB_TOKEN to the workflow's token (permissions: checks: write), or CML_GITHUB_APP_ID and CML_GITHUB_APP_PRIVATE_KEY",
    });
  }
  return { name: trimmed, connection, workspace: resolve(connection.workspace ?? cwd) };
}

/** A file's path as an annotation names it (relative to the checkout), or undefined outside it. */
export function annotationPath(target: CheckTarget, file: string): string | undefined {
  const path = relative(target.workspace, resolve(target.workspace, file));
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return undefined;
  return path.split(sep).join('/');
}

/** Posts a command's report as the check run `--check` named, on the head of the pull request (else GITHUB_SHA). */
export async function postCommandCheck(
  target: CheckTarget,
  report: { readonly title: string; readonly markdown: string; readonly failed: boolean; readonly annotations: readonly CheckAnnotation[] },
  deps: { readonly logger: Logger; readonly client?: object },
): Promise<CheckRunResult> {
  const forge = openRequiredForge(target.connection, deps, { what: 'create a check run', permission: 'checks: write' });
  return postCheckRun(
    forge,
    {
      name: target.name,
      title: report.title,
      markdown: report.markdown,
      status: 'completed',
      conclusion: report.failed ? 'failure' : 'success',
      sha: undefined,
      annotations: report.annotations,
    },
    deps.logger,
  );
}
