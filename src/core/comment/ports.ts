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
 * Implementations of CommentApi throw this (or an error with `uncertain === true`) for those cases.
 */
export function isUncertainWrite(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && 'uncertain' in error && (error as { uncertain: unknown }).uncertain === true);
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
