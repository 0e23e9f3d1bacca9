// Flags or inputs -> validated `comment` settings. All validation of user input happens here, up front.

import { dirname, resolve } from 'node:path';
import { parseTarget, type TargetRequest } from '../../core/comment/target.js';
import { UsageError } from '../../errors.js';
import { forgeDriver } from '../../forges/drivers.js';
import type { ForgeConnection } from '../../forges/port.js';
import { publishingSettings, type PublishingSettings, type ReportPosting } from '../../forges/post-report.js';
import type { Env, OptionValues } from '../../options/spec.js';
import type { CommentMode, commentOptions } from './spec.js';

export interface CommentSettings extends PublishingSettings {
  readonly markdownFile: string;
  readonly target: TargetRequest;
  /** --commit-sha: overrides the event's commit. */
  readonly commitSha: string | undefined;
  readonly update: boolean;
  readonly watermarkTitle: string;
  readonly removeWatermark: boolean;
  /** Repository, token, API URL and the run's context, read by the forge driver (--driver). */
  readonly connection: ForgeConnection;
  readonly dryRun: boolean;
  readonly watch: boolean;
  readonly localFile: string;
}

export type CommentValues = OptionValues<typeof commentOptions>;

export function buildCommentSettings(mode: CommentMode, values: CommentValues, positionals: readonly string[], env: Env, cwd: string): CommentSettings {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError(`\`cml comment ${mode}\` needs the report file`, { hint: `cml comment ${mode} <markdown-file>` });
  if (extra.length > 0) throw new UsageError(`\`cml comment ${mode}\` takes one report file, got ${positionals.length}: ${positionals.join(' ')}`);
  const driver = forgeDriver(values.driver);
  if (values['rm-watermark'] && (values.update || mode === 'update')) {
    throw new UsageError('--rm-watermark cannot be combined with updating: the marker is how the previous report is found', { hint: 'drop one of the two' });
  }
  let target = parseTarget(values.target ?? 'auto');
  if (values.pr && target.kind === 'auto') target = { kind: 'pr' };
  const commitSha = values['commit-sha']?.trim() || undefined;
  if (commitSha !== undefined && !/^[0-9a-f]{7,64}$/i.test(commitSha)) {
    throw new UsageError(`--commit-sha "${commitSha}" is not a commit sha`, { hint: 'pass the full sha, or at least its first 7 hexadecimal digits' });
  }
  const connection = driver.connect(values, env);
  if (values.watch && (!connection.token || !connection.repository)) {
    throw new UsageError(`--watch needs a GitHub ${connection.token ? 'repository' : 'token'}: it keeps a posted comment up to date`, {
      hint: 'pass --token (or set REPO_TOKEN or GITHUB_TOKEN) and --repo owner/repo (or set GITHUB_REPOSITORY), or drop --watch',
    });
  }
  return {
    markdownFile: resolve(cwd, file),
    target,
    commitSha,
    update: mode === 'update' || Boolean(values.update),
    watermarkTitle: values['watermark-title'] ?? '',
    removeWatermark: Boolean(values['rm-watermark']),
    ...publishingSettings(values, connection, cwd),
    connection,
    dryRun: Boolean(values['dry-run']),
    watch: Boolean(values.watch),
    localFile: resolve(cwd, values['local-file'] ?? '.cml/comment.md'),
  };
}

/** Where and how the report is posted, in the words of src/forges/post-report.ts. */
export function posting(settings: CommentSettings): ReportPosting {
  return { ...settings, baseDir: dirname(settings.markdownFile) };
}
