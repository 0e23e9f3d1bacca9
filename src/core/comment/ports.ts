// What the comment logic needs from a forge, as a small interface (part of the forge port, src/forges/port.ts).
// src/forges/github/comment-api.ts is the GitHub implementation; tests use an in-memory double or the loopback GitHub fake.

export type CommentTarget =
  | { readonly kind: 'pull-request'; readonly number: number }
  | { readonly kind: 'issue'; readonly number: number }
  | { readonly kind: 'commit'; readonly sha: string };

export interface StoredComment {
  readonly id: number;
  readonly url: string;
  readonly body: string;
  readonly authorLogin: string | undefined;
}

export interface PullRequestSummary {
  readonly number: number;
  readonly state: string;
  readonly headSha: string;
  readonly updatedAt: string;
}

export interface CommentApi {
  /** The login comments written with our credentials carry, e.g. `github-actions[bot]`. */
  viewerLogin(): Promise<string>;
  pullRequestsForCommit(sha: string): Promise<PullRequestSummary[]>;
  /** Every comment on the target, oldest first, page by page. */
  listComments(target: CommentTarget): AsyncIterable<readonly StoredComment[]>;
  createComment(target: CommentTarget, body: string): Promise<StoredComment>;
  updateComment(target: CommentTarget, id: number, body: string): Promise<StoredComment>;
}

/**
 * A write whose outcome is unknown (5xx, connection reset): it may or may not have been stored.
 * Implementations of CommentApi throw an error with `uncertain === true` for those cases. A
 * request that never left (the name did not resolve, the connection was refused) is not one.
 */
export function isUncertainWrite(error: unknown): boolean {
  const uncertain = Boolean(error && typeof error === 'object' && 'uncertain' in error && (error as { uncertain: unknown }).uncertain === true);
  return uncertain && !neverSent(error);
}

/** Failures before a byte of the request was sent, found anywhere along the error's causes. */
const NEVER_SENT = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'ECONNREFUSED']);

function neverSent(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_SENT.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** A write to a comment that is no longer there (deleted since it was found): 404 or 410. */
export function isGone(error: unknown): boolean {
  const status = error && typeof error === 'object' ? (error as { status?: unknown }).status : undefined;
  return status === 404 || status === 410;
}

export function describeTarget(target: CommentTarget): string {
  switch (target.kind) {
    case 'pull-request':
      return `pull request #${target.number}`;
    case 'issue':
      return `issue #${target.number}`;
    case 'commit':
      return `commit ${target.sha.slice(0, 12)}`;
  }
}

/** The `--target` spelling of a resolved target, as printed in `--json`. */
export function targetToString(target: CommentTarget): string {
  switch (target.kind) {
    case 'pull-request':
      return `pr/${target.number}`;
    case 'issue':
      return `issue/${target.number}`;
    case 'commit':
      return `commit/${target.sha}`;
  }
}
