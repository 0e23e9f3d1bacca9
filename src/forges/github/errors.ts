// Turns Octokit's RequestError (and network failures) into one clear line for the user.
//
// The status decides the hint: 401 is the token, 403 is a permission (named), 404 is a name or a
// private repository the token cannot see, 5xx is GitHub. An API that cannot be reached at all
// (DNS, refused, unreachable) is named with the reason, and such an error is not `uncertain`:
// nothing was sent. Messages never include request headers, so the token cannot leak through them.

import { RequestError } from '@octokit/request-error';
import { UserError } from '../../errors.js';
import { connectionFailureOf } from '../../http/fetch.js';

export class GitHubApiError extends UserError {
  readonly status: number | undefined;
  /** The API could not be reached (DNS, refused, unreachable, TLS): nothing was sent, nothing done. */
  readonly notSent: boolean;
  private readonly outcomeUnknown: boolean | undefined;

  /** `uncertain` overrides what the status says about whether the request took effect. */
  constructor(message: string, status: number | undefined, hint: string | undefined, cause: unknown, uncertain?: boolean) {
    super(message, { hint, cause });
    this.name = 'GitHubApiError';
    this.status = status;
    this.notSent = connectionFailureOf(cause) !== undefined;
    this.outcomeUnknown = this.notSent ? false : uncertain;
  }

  /**
   * 5xx or no answer at all (unless told otherwise): the request may or may not have taken effect.
   * False when the connection failed before anything was sent (see `notSent`).
   */
  get uncertain(): boolean {
    return this.outcomeUnknown ?? (this.status === undefined || this.status >= 500);
  }
}

/**
 * A write the API redirected somewhere it must not follow: to another origin (which would get the
 * body but not the token), or with a status that turns it into a GET. It was not sent on, so
 * nothing was stored; `status` is the redirect's.
 */
export class RedirectedWriteError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly location: string | undefined,
  ) {
    super(`${method} redirected (${status}) to ${location ?? 'no location'}; not followed`);
    this.name = 'RedirectedWriteError';
  }
}

/** A write answered with success but without the object it created or changed. */
export class MissingWriteResultError extends Error {
  constructor(
    readonly status: number,
    readonly missing: string,
  ) {
    super(`answered ${status} without ${missing}`);
    this.name = 'MissingWriteResultError';
  }
}

export interface ErrorContext {
  /** What we were doing, as a phrase: "create a comment on pull request #12 of o/r". */
  readonly action: string;
  /** The workflow permission that allows it: "pull-requests: write". */
  readonly permission?: string;
}

export function wrapGitHubError(error: unknown, context: ErrorContext): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  const what = `cannot ${context.action}`;
  const redirected = findCause(error, RedirectedWriteError);
  if (redirected) {
    const where = redirected.location ? `to ${redirected.location}` : 'without a location';
    return new GitHubApiError(
      `${what}: the API redirected the ${redirected.method} (${redirected.status}) ${where}, so nothing was sent on or stored`,
      redirected.status,
      'set GITHUB_API_URL to the API itself: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server',
      error,
      false,
    );
  }
  const missing = findCause(error, MissingWriteResultError);
  if (missing) {
    // A success without its object: what the server did is unknown, so the caller checks before sending again.
    return new GitHubApiError(
      `${what}: the API answered ${missing.status} without ${missing.missing}`,
      missing.status,
      'check that GITHUB_API_URL points at the GitHub API and not at a proxy or another server',
      error,
      true,
    );
  }
  const unreachable = connectionFailureOf(error);
  if (unreachable) {
    return new GitHubApiError(`${what}: cannot reach ${unreachable.host}: ${unreachable.reason}`, undefined, 'check the network or GITHUB_API_URL', error);
  }
  const status = statusOf(error);
  const apiMessage = apiMessageOf(error);

  if (status === undefined || (status === 500 && isNetworkFailure(error))) {
    const reason = networkReason(error);
    return new GitHubApiError(`${what}: GitHub API did not answer (${reason})`, undefined, 'check GITHUB_API_URL, the network and any proxy settings', error);
  }
  if (status === 401) {
    return new GitHubApiError(
      `${what}: GitHub rejected the token (401 ${apiMessage || 'Bad credentials'})`,
      401,
      'check --token, REPO_TOKEN or GITHUB_TOKEN: it may be wrong, expired or revoked',
      error,
    );
  }
  if (status === 429 && !/rate limit/i.test(apiMessage)) {
    return new GitHubApiError(
      `${what}: GitHub asked to slow down (429 ${apiMessage || 'Too Many Requests'})`,
      429,
      'wait a few minutes and run again; GitHub limits how many requests a token may send in a short time',
      error,
    );
  }
  if (status === 403 || status === 429) {
    if (/rate limit/i.test(apiMessage)) {
      return new GitHubApiError(
        `${what}: GitHub rate limit exceeded (${status} ${apiMessage})`,
        status,
        'wait for the limit to reset, or use a token with a higher limit',
        error,
      );
    }
    const permission = context.permission ? `grant the job \`permissions: ${context.permission}\`` : 'grant the token the needed permission';
    return new GitHubApiError(
      `${what}: the token is not allowed to (${status} ${apiMessage || 'Forbidden'})`,
      status,
      `${permission}; on pull requests from forks GITHUB_TOKEN is read-only, so post from a workflow_run workflow instead`,
      error,
    );
  }
  if (status === 404) {
    return new GitHubApiError(`${what}: not found (404)`, 404, 'check --repo and --target; a token that cannot see a private repository also gets 404', error);
  }
  if (status === 422) {
    return new GitHubApiError(`${what}: GitHub refused the request (422 ${apiMessage || 'Unprocessable Entity'})`, 422, undefined, error);
  }
  if (status >= 500) {
    return new GitHubApiError(
      `${what}: GitHub answered ${status}${apiMessage ? ` ${apiMessage}` : ''}`,
      status,
      'GitHub may be having trouble; try again later',
      error,
    );
  }
  return new GitHubApiError(`${what}: GitHub answered ${status}${apiMessage ? ` ${apiMessage}` : ''}`, status, undefined, error);
}

function findCause<T>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof type) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof RequestError) return error.status;
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function apiMessageOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') return data.message;
  return '';
}

function isNetworkFailure(error: unknown): boolean {
  return !(error as { response?: unknown } | undefined)?.response;
}

function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : String(error);
}
