// What a workflow run tells us about itself, read once from the environment by the adapters
// (CLI and action). The core never reads the environment; it receives this object.

import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';

import type { Env } from '../../options/spec.js';

export type { Env };

export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

export interface GitHubContext {
  /** True inside GitHub Actions (GITHUB_ACTIONS=true). */
  readonly inActions: boolean;
  readonly repository: RepositoryRef | undefined;
  /** GITHUB_SHA: the commit the workflow runs on (a merge commit on pull_request events). */
  readonly sha: string | undefined;
  readonly eventName: string | undefined;
  /** The webhook payload from GITHUB_EVENT_PATH, or {} when there is none. */
  readonly event: Record<string, unknown>;
  readonly serverUrl: string;
  readonly apiUrl: string;
  readonly runId: string | undefined;
  readonly workspace: string | undefined;
  readonly stepSummaryPath: string | undefined;
}

export function readGitHubContext(env: Env): GitHubContext {
  const eventPath = nonEmpty(env.GITHUB_EVENT_PATH);
  let event: Record<string, unknown> = {};
  if (eventPath) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(eventPath, 'utf8'));
      if (parsed && typeof parsed === 'object') event = parsed as Record<string, unknown>;
    } catch (error) {
      throw new UserError(`cannot read the event payload GITHUB_EVENT_PATH=${eventPath}: ${(error as Error).message}`);
    }
  }
  const repositoryText = nonEmpty(env.GITHUB_REPOSITORY);
  return {
    inActions: env.GITHUB_ACTIONS === 'true',
    repository: repositoryText ? parseRepository(repositoryText, 'GITHUB_REPOSITORY') : undefined,
    sha: nonEmpty(env.GITHUB_SHA),
    eventName: nonEmpty(env.GITHUB_EVENT_NAME),
    event,
    serverUrl: stripSlash(nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com'),
    apiUrl: stripSlash(nonEmpty(env.GITHUB_API_URL) ?? 'https://api.github.com'),
    runId: nonEmpty(env.GITHUB_RUN_ID),
    workspace: nonEmpty(env.GITHUB_WORKSPACE),
    stepSummaryPath: nonEmpty(env.GITHUB_STEP_SUMMARY),
  };
}

/**
 * Owners are letters, digits and hyphens, not starting with a hyphen (plus `_`, which managed
 * enterprise users' names carry); repository names are letters, digits, `.`, `_` and `-`, but not
 * `.` or `..`. Anything else could reach other API paths once put into a URL.
 */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const NAME = /^[A-Za-z0-9._-]+$/;

/** `owner/repo` (also accepts a repository URL without query or fragment, as CML's --repo does). */
export function parseRepository(text: string, source: string): RepositoryRef {
  const trimmed = text.trim();
  const match = /^https?:\/\/[^/?#@\s]+\/([^/?#\s]+)\/([^/?#\s]+?)(?:\.git)?\/*$/.exec(trimmed) ?? /^([^/\s]+)\/([^/\s]+?)(?:\.git)?$/.exec(trimmed);
  const owner = match?.[1];
  const repo = match?.[2];
  if (!owner || !repo || !OWNER.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') {
    throw new UserError(`${source} must be owner/repo (or a repository URL), got "${text}"`, {
      hint: 'owners are letters, digits and -; repository names letters, digits, ., _ and -',
    });
  }
  return { owner, repo };
}

/** The token, from the first of: explicit value, REPO_TOKEN, GITHUB_TOKEN. */
export function resolveToken(explicit: string | undefined, env: Env): { token: string; source: string } | undefined {
  if (nonEmpty(explicit)) return { token: explicit!.trim(), source: '--token' };
  if (nonEmpty(env.REPO_TOKEN)) return { token: env.REPO_TOKEN!.trim(), source: 'REPO_TOKEN' };
  if (nonEmpty(env.GITHUB_TOKEN)) return { token: env.GITHUB_TOKEN!.trim(), source: 'GITHUB_TOKEN' };
  return undefined;
}

export function runUrl(context: GitHubContext): string | undefined {
  if (!context.repository || !context.runId) return undefined;
  return `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}`;
}

export function hasProxy(env: Env): boolean {
  return [env.HTTPS_PROXY, env.https_proxy, env.HTTP_PROXY, env.http_proxy].some((value) => nonEmpty(value) !== undefined);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
