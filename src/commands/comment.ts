// `cml comment create|update`: the option map (CLI flags = action inputs), the settings built
// from them, and the wiring of GitHub to the core (src/core/comment). The CLI (src/cli/comment.ts)
// and the action (src/action/comment.ts) only translate their input and print the result.

import { readFile, appendFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import { writeOutputs } from '../output/files.js';
import type { Logger } from '../logger.js';
import { defineCommand, type OptionValues } from '../options/spec.js';
import { describeTarget, targetToString, type CommentApi, type CommentTarget } from '../core/comment/ports.js';
import { postComment, findOwnReport, renderBody, type PostResult, type PostSettings } from '../core/comment/post.js';
import { eventFacts, parseTarget, resolveTarget, type TargetRequest } from '../core/comment/target.js';
import { watchFile } from '../core/comment/watch.js';
import { createGitHubClient, type GitHubClientOptions } from '../forges/github/client.js';
import { createGitHubCommentApi } from '../forges/github/comment-api.js';
import { runUrl, type Env } from '../forges/github/context.js';
import { JOB_SUMMARY_LIMIT_BYTES, fitJobSummary } from '../output/job-summary.js';
import { DEFAULT_ASSET_BRANCH } from '../forges/github/asset-branch.js';
import { findLinks, isDataUri, isLocalDestination } from '../core/assets/links.js';
import { publishReportAssets } from '../core/assets/publish-report.js';
import { assetStoreFor, connectionFrom, type Connection } from './asset.js';

export const commentOptions = {
  target: {
    type: 'string',
    valueName: 'target',
    default: 'auto',
    description: 'Where to post: auto, pr, commit, pr/<n>, issue/<n> or commit/<sha>. auto = the pull request of this run, else a commit comment.',
  },
  update: { type: 'boolean', description: "Edit this tool's previous report on the target instead of adding a comment (what `comment update` does)." },
  'watermark-title': {
    type: 'string',
    valueName: 'title',
    default: '',
    description: 'Name of this sticky report, to keep several separate reports on one pull request.',
  },
  'rm-watermark': { type: 'boolean', description: 'Leave out the hidden marker; the comment can then not be updated later.' },
  'commit-sha': { type: 'string', valueName: 'sha', aliases: ['head-sha'], description: 'Commit to report on (default: the pull request head, else GITHUB_SHA).' },
  pr: { type: 'boolean', hidden: true, description: 'CML: post on the pull request of the commit (same as --target pr).' },
  publish: {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'Upload local images linked in the report and rewrite the links (--no-publish to leave them).',
  },
  'publish-url': { type: 'string', valueName: 'url', description: "Self-hosted asset endpoint (CML's style): POST the bytes, the answer is the URL." },
  'asset-branch': { type: 'string', valueName: 'branch', default: DEFAULT_ASSET_BRANCH, description: 'Branch of the repository that stores published images.' },
  native: { type: 'boolean', hidden: true, description: 'CML: accepted for compatibility; GitHub has no native upload API.' },
  driver: { type: 'string', hidden: true, valueName: 'forge', description: 'CML: forge to use; only github is supported.' },
  repo: { type: 'string', valueName: 'owner/repo', description: 'Repository (default: GITHUB_REPOSITORY).' },
  token: { type: 'string', valueName: 'token', description: 'GitHub token (default: REPO_TOKEN, then GITHUB_TOKEN).' },
  'dry-run': { type: 'boolean', description: 'Print what would be posted and where; write nothing.' },
  'local-file': {
    type: 'string',
    valueName: 'path',
    default: '.cml/comment.md',
    description: 'Where the rendered comment is written when there is no GitHub token or repository.',
  },
  watch: { type: 'boolean', cliOnly: true, description: 'Keep running and update the comment whenever the file changes (Ctrl-C to stop).' },
  json: { type: 'boolean', cliOnly: true, description: 'Print {url, id, target, updated} as JSON instead of the URL.' },
} as const;

export type CommentMode = 'create' | 'update';

export function commentSpec(mode: CommentMode) {
  return defineCommand({
    name: `comment ${mode}`,
    summary:
      mode === 'create'
        ? 'Post a Markdown report as a comment on the pull request (or issue, or commit).'
        : "Post a Markdown report, editing this tool's previous report on the same target.",
    positionals: [{ name: 'markdown-file', description: 'The report to post.', required: true }],
    options: commentOptions,
    envPrefix: 'CML_COMMENT_',
    examples: [
      `cml comment ${mode} report.md`,
      `cml comment ${mode} report.md --target pr/42 --watermark-title training`,
      `cml comment ${mode} report.md --dry-run`,
    ],
  });
}

export interface CommentSettings {
  readonly markdownFile: string;
  readonly target: TargetRequest;
  readonly commitSha: string | undefined;
  readonly update: boolean;
  readonly watermarkTitle: string;
  readonly removeWatermark: boolean;
  readonly publish: boolean;
  readonly publishUrl: string | undefined;
  /** Only files under this folder are published (GITHUB_WORKSPACE, else the current directory). */
  readonly workspace: string;
  /** Repository, token, workflow context and asset branch (shared with `cml asset`). */
  readonly connection: Connection;
  readonly dryRun: boolean;
  readonly watch: boolean;
  readonly localFile: string;
}

export type CommentValues = OptionValues<typeof commentOptions>;

/** Flags or inputs -> validated settings. All validation of user input happens here, up front. */
export function buildCommentSettings(mode: CommentMode, values: CommentValues, positionals: readonly string[], env: Env, cwd: string): CommentSettings {
  const [file, ...extra] = positionals;
  if (!file) throw new UserError(`\`cml comment ${mode}\` needs the report file`, { hint: `cml comment ${mode} <markdown-file>` });
  if (extra.length > 0) throw new UserError(`\`cml comment ${mode}\` takes one report file, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.driver !== undefined && values.driver !== 'github') {
    throw new UserError(`--driver ${values.driver} is not supported`, { hint: 'continuous-ml posts to GitHub (and GitHub Enterprise via GITHUB_API_URL)' });
  }
  if (values['rm-watermark'] && (values.update || mode === 'update')) {
    throw new UserError('--rm-watermark cannot be combined with updating: the marker is how the previous report is found', { hint: 'drop one of the two' });
  }
  let target = parseTarget(values.target ?? 'auto');
  if (values.pr && target.kind === 'auto') target = { kind: 'pr' };
  const commitSha = values['commit-sha']?.trim() || undefined;
  if (commitSha !== undefined && !/^[0-9a-f]{7,64}$/i.test(commitSha)) {
    throw new UserError(`--commit-sha "${commitSha}" is not a commit sha`, { hint: 'pass the full sha, or at least its first 7 hexadecimal digits' });
  }
  const connection = connectionFrom(values, env);
  return {
    markdownFile: resolve(cwd, file),
    target,
    commitSha,
    update: mode === 'update' || Boolean(values.update),
    watermarkTitle: values['watermark-title'] ?? '',
    removeWatermark: Boolean(values['rm-watermark']),
    publish: values.publish ?? true,
    publishUrl: values['publish-url'],
    workspace: resolve(connection.context.workspace ?? cwd),
    connection,
    dryRun: Boolean(values['dry-run']),
    watch: Boolean(values.watch),
    localFile: resolve(cwd, values['local-file'] ?? '.cml/comment.md'),
  };
}

export interface CommentOutcome {
  /** Comment URL, or the local file's path when written locally. */
  readonly url: string;
  readonly id: number | null;
  /** `pr/12`, `issue/3`, `commit/<sha>`, or `local`. */
  readonly target: string;
  readonly updated: boolean;
  readonly dryRun: boolean;
  /** What a dry run would send. */
  readonly body?: string;
}

export interface CommentDeps {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Tests shorten waits and point at the loopback fake; production leaves this empty. */
  readonly client?: Partial<GitHubClientOptions>;
  readonly retryDelayMs?: number;
  /** Called after each post in --watch mode. */
  readonly onPosted?: (outcome: CommentOutcome) => void;
}

export async function runComment(settings: CommentSettings, deps: CommentDeps): Promise<CommentOutcome> {
  const { logger } = deps;
  const original = await readReport(settings.markdownFile);

  if (!settings.connection.token || !settings.connection.repository) {
    return writeLocally(settings, original, logger);
  }
  const publish = (text: string): Promise<string> => publishLinks(text, settings, logger, deps.client);
  const markdown = await publish(original);
  if (!settings.dryRun && settings.connection.context.stepSummaryPath) {
    await writeJobSummary(settings.connection.context.stepSummaryPath, markdown, logger);
  }
  logger.mask(settings.connection.token.token);
  logger.debug(`token from ${settings.connection.token.source}; API ${settings.connection.context.apiUrl}; repository ${settings.connection.repository.owner}/${settings.connection.repository.repo}`);

  const client = createGitHubClient({
    token: settings.connection.token.token,
    baseUrl: settings.connection.context.apiUrl,
    logger,
    useProxyFromEnv: settings.connection.useProxy,
    ...deps.client,
  });
  const api = createGitHubCommentApi(client, settings.connection.repository, logger);
  const facts = eventFacts(settings.connection.context.eventName, settings.connection.context.event, settings.connection.context.sha);
  const target = await resolveTarget(settings.target, { ...facts, sha: settings.commitSha ?? facts.sha }, api);
  const post = (content: string, update: boolean): Promise<PostResult> =>
    postComment(postSettings(settings, content, target, update), {
      api,
      logger,
      sleep: (ms) => sleep(ms),
      nonce: () => randomUUID(),
      ...(deps.retryDelayMs !== undefined ? { retryDelayMs: deps.retryDelayMs } : {}),
    });

  if (settings.dryRun) return dryRun(settings, markdown, target, api, logger);

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

function postSettings(settings: CommentSettings, markdown: string, target: CommentTarget, update: boolean): PostSettings {
  const url = runUrl(settings.connection.context);
  return {
    markdown,
    target,
    update,
    watermarkTitle: settings.watermarkTitle,
    removeWatermark: settings.removeWatermark,
    fullReportUrl: url,
  };
}

function toOutcome(result: PostResult): CommentOutcome {
  return { url: result.url, id: result.id, target: targetToString(result.target), updated: result.updated, dryRun: false };
}

async function dryRun(settings: CommentSettings, markdown: string, target: CommentTarget, api: CommentApi, logger: Logger): Promise<CommentOutcome> {
  const repo = `${settings.connection.repository!.owner}/${settings.connection.repository!.repo}`;
  let existing: { id: number; url: string } | undefined;
  if (settings.update) {
    existing = await findOwnReport(api, target, settings.watermarkTitle, await api.viewerLogin(), logger);
  }
  const { body } = renderBody(postSettings(settings, markdown, target, settings.update), 'dry-run');
  const where = existing ? `would update comment ${existing.url} on ${describeTarget(target)} of ${repo}` : `would create a comment on ${describeTarget(target)} of ${repo}`;
  logger.info(`dry run: ${where} (${body.length.toLocaleString('en-US')} characters); nothing was written`);
  return { url: existing?.url ?? '', id: existing?.id ?? null, target: targetToString(target), updated: Boolean(existing), dryRun: true, body };
}

async function writeLocally(settings: CommentSettings, markdown: string, logger: Logger): Promise<CommentOutcome> {
  if (settings.connection.context.inActions || (settings.connection.repository && !settings.dryRun)) {
    if (!settings.connection.token) {
      throw new UserError('no GitHub token: cannot post the comment', {
        hint: 'pass --token, or set REPO_TOKEN or GITHUB_TOKEN (in a workflow: env: REPO_TOKEN: ${{ secrets.GITHUB_TOKEN }}, with permissions: pull-requests: write)',
      });
    }
    throw new UserError('no repository: cannot post the comment', { hint: 'pass --repo owner/repo or set GITHUB_REPOSITORY' });
  }
  const reason = !settings.connection.token ? 'no GitHub token' : 'no repository';
  const { body } = renderBody(
    { markdown, watermarkTitle: settings.watermarkTitle, removeWatermark: settings.removeWatermark, fullReportUrl: undefined },
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

async function readReport(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UserError(`report ${path} is a directory, not a Markdown file`);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`report file not found: ${path}`, { hint: 'check the path; it is relative to the current directory' });
    }
    throw new UserError(`cannot read report ${path}: ${(error as Error).message}`);
  }
}

async function writeJobSummary(path: string, markdown: string, logger: Logger): Promise<void> {
  const { text, truncated } = fitJobSummary(markdown);
  if (truncated) logger.warn(`the report is over the job summary's ${JOB_SUMMARY_LIMIT_BYTES / 1024} KiB limit; the summary was cut`);
  try {
    await appendFile(path, `${text.replace(/\s+$/, '')}\n`);
  } catch (error) {
    logger.warn(`could not write the job summary ${path}: ${(error as Error).message}`);
  }
}

/** A logger that passes on only warnings and errors (for a dry run's rehearsal). */
function quiet(logger: Logger): Logger {
  return { ...logger, level: 'warn', info: () => undefined, debug: () => undefined, warn: () => undefined };
}

/**
 * --publish (the default, as in CML): upload the report's local images and files and rewrite the
 * links. A dry run only says what would be uploaded: an upload is a write.
 */
async function publishLinks(markdown: string, settings: CommentSettings, logger: Logger, client: Partial<GitHubClientOptions> | undefined): Promise<string> {
  if (!settings.publish) return markdown;
  const local = findLinks(markdown).filter((link) => isDataUri(link.destination) || isLocalDestination(link.destination));
  if (local.length === 0) return markdown;
  if (settings.dryRun) {
    // The same selection as a real run (workspace, missing files), with nothing uploaded.
    const wouldStore: string[] = [];
    const dryStore = {
      description: 'nowhere (dry run)',
      store: async (assets: readonly { path: string }[]) => new Map(assets.map((asset) => [asset.path, `(${asset.path})`])),
    };
    const outcome = await publishReportAssets(markdown, { baseDir: dirname(settings.markdownFile), workspace: settings.workspace, store: dryStore, logger: quiet(logger) });
    for (const entry of outcome.published) wouldStore.push(entry.source);
    for (const entry of outcome.skipped) logger.warn(`would not publish ${entry.source}: ${entry.reason}`);
    if (wouldStore.length > 0) logger.info(`dry run: would publish ${wouldStore.length} linked file${wouldStore.length === 1 ? '' : 's'}: ${wouldStore.join(', ')}`);
    return markdown;
  }
  const store = assetStoreFor(
    {
      publishUrl: settings.publishUrl,
      connection: settings.connection,
    },
    logger,
    client,
  );
  const outcome = await publishReportAssets(markdown, { baseDir: dirname(settings.markdownFile), workspace: settings.workspace, store, logger });
  for (const entry of outcome.published) logger.debug(`published ${entry.source} -> ${entry.url}`);
  return outcome.markdown;
}
