// With no token or repository outside CI, the rendered comment is written to a local file (--local-file)
// instead of posted; inside CI that is a mistake, said in one line.

import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isDataUri, isLocalDestination, rewriteLinks } from '../../core/assets/links.js';
import { renderBody } from '../../core/comment/post.js';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { writeOutputs } from '../../output/files.js';
import type { CommentOutcome } from './outcome.js';
import type { CommentSettings } from './settings.js';

export async function writeLocally(settings: CommentSettings, markdown: string, logger: Logger): Promise<CommentOutcome> {
  const { connection } = settings;
  if (connection.inCi || (connection.repository && !settings.dryRun)) {
    if (!connection.credentials) {
      throw new UserError('no GitHub token: cannot post the comment', {
        hint: 'pass --token, or set REPO_TOKEN or GITHUB_TOKEN (in a workflow: env: REPO_TOKEN: ${{ secrets.GITHUB_TOKEN }}, with permissions: pull-requests: write)',
      });
    }
    throw new UserError('no repository: cannot post the comment', { hint: 'pass --repo owner/repo or set GITHUB_REPOSITORY' });
  }
  const reason = !connection.credentials ? 'no GitHub token' : 'no repository';
  const { body } = renderBody(
    {
      markdown: relinkFrom(markdown, dirname(settings.markdownFile), dirname(resolve(settings.localFile))),
      watermarkTitle: settings.watermarkTitle,
      removeWatermark: settings.removeWatermark,
      fullReportUrl: undefined,
    },
    'local',
  );
  if (settings.dryRun) {
    logger.info(`dry run: ${reason} and no GitHub Actions context; the comment would be written to ${settings.localFile}`);
    return { url: settings.localFile, id: null, target: 'local', updated: false, dryRun: true, body };
  }
  await writeOutputs([{ path: settings.localFile, data: body }]);
  logger.warn(`${reason} and not running in GitHub Actions: not posting; wrote the rendered comment to ${settings.localFile}`);
  return { url: settings.localFile, id: null, target: 'local', updated: false, dryRun: false };
}

/**
 * The report's links to local files, made relative to where the rendered comment is written, so
 * that `.cml/comment.md` (or any --local-file) shows the same images the report does.
 */
export function relinkFrom(markdown: string, reportFolder: string, outputFolder: string): string {
  if (reportFolder === outputFolder) return markdown;
  return rewriteLinks(markdown, (link) => {
    const destination = link.destination.trim();
    if (!isLocalDestination(destination) || isDataUri(destination) || isAbsolute(destination)) return undefined;
    const [path = '', suffix = ''] = destination.split(/(?=[?#])/, 2);
    let decoded = path;
    try {
      decoded = decodeURI(path);
    } catch {
      // Not percent-encoded text: use it as written.
    }
    const moved = relative(outputFolder, resolve(reportFolder, decoded)).split(sep).join('/');
    return encodeURI(moved) + suffix;
  });
}
