// Where a report goes: `--target auto|pr|commit|pr/<n>|issue/<n>|commit/<sha>`.

import { UsageError, UserError } from '../../errors.js';
import type { CommentApi, CommentTarget, PullRequestSummary } from './ports.js';

export type TargetRequest =
  | { readonly kind: 'auto' }
  | { readonly kind: 'pr' }
  /** `--target commit`: the commit of this run. */
  | { readonly kind: 'this-commit' }
  | CommentTarget;

export function parseTarget(text: string): TargetRequest {
  const value = text.trim();
  if (value === 'auto' || value === '') return { kind: 'auto' };
  if (value === 'pr') return { kind: 'pr' };
  if (value === 'commit') return { kind: 'this-commit' };
  const match = /^(pr|pull|issue|commit)\/(.+)$/.exec(value);
  if (match?.[1] && match[2]) {
    const [, kind, rest] = match;
    if (kind === 'commit') {
      if (!/^[0-9a-f]{7,64}$/i.test(rest))
        throw new UsageError(`--target commit/${rest}: not a commit sha`, { hint: 'use commit/<sha> with a full or abbreviated hexadecimal sha' });
      return { kind: 'commit', sha: rest.toLowerCase() };
    }
    if (!/^[1-9][0-9]*$/.test(rest)) throw new UsageError(`--target ${value}: "${rest}" is not a number`, { hint: `use ${kind}/<number>, e.g. ${kind}/42` });
    const number = Number(rest);
    return kind === 'issue' ? { kind: 'issue', number } : { kind: 'pull-request', number };
  }
  throw new UserError(`unknown --target "${text}"`, { hint: 'use auto, pr, commit, pr/<number>, issue/<number> or commit/<sha>' });
}

/** What the workflow's event says about where we are. Built from GitHubContext by the adapter. */
export interface EventFacts {
  /** Pull request number carried by the event (pull_request*, issue_comment on a PR, workflow_run). */
  readonly pullRequest: number | undefined;
  /** The commit to report on: PR head sha on pull request events, else GITHUB_SHA. */
  readonly sha: string | undefined;
}

export function eventFacts(eventName: string | undefined, event: Record<string, unknown>, githubSha: string | undefined): EventFacts {
  const pullRequest = record(event.pull_request);
  if (pullRequest && typeof pullRequest.number === 'number') {
    return { pullRequest: pullRequest.number, sha: string(record(pullRequest.head)?.sha) ?? githubSha };
  }
  const issue = record(event.issue);
  if (eventName === 'issue_comment' && issue?.pull_request && typeof issue.number === 'number') {
    return { pullRequest: issue.number, sha: githubSha };
  }
  const run = record(event.workflow_run);
  if (run) {
    const first = Array.isArray(run.pull_requests) ? record(run.pull_requests[0]) : undefined;
    return { pullRequest: typeof first?.number === 'number' ? first.number : undefined, sha: string(run.head_sha) ?? githubSha };
  }
  return { pullRequest: undefined, sha: githubSha };
}

export async function resolveTarget(request: TargetRequest, facts: EventFacts, api: Pick<CommentApi, 'pullRequestsForCommit'>): Promise<CommentTarget> {
  switch (request.kind) {
    case 'pull-request':
    case 'issue':
    case 'commit':
      return request;
    case 'this-commit':
      return { kind: 'commit', sha: requireSha(facts) };
    case 'pr': {
      if (facts.pullRequest !== undefined) return { kind: 'pull-request', number: facts.pullRequest };
      const sha = requireSha(facts);
      const found = pickPullRequest(await api.pullRequestsForCommit(sha), sha);
      if (!found)
        throw new UserError(`no open pull request has commit ${sha.slice(0, 12)}`, {
          hint: 'use --target auto to fall back to a commit comment, or --target pr/<number>',
        });
      return { kind: 'pull-request', number: found.number };
    }
    case 'auto': {
      if (facts.pullRequest !== undefined) return { kind: 'pull-request', number: facts.pullRequest };
      const sha = requireSha(facts);
      const found = pickPullRequest(await api.pullRequestsForCommit(sha), sha);
      return found ? { kind: 'pull-request', number: found.number } : { kind: 'commit', sha };
    }
  }
}

/** The open PR whose head is the commit; else any open PR containing it, most recently updated. */
export function pickPullRequest(pulls: readonly PullRequestSummary[], sha: string): PullRequestSummary | undefined {
  const open = pulls.filter((pull) => pull.state === 'open');
  const byRecency = [...open].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return byRecency.find((pull) => pull.headSha === sha) ?? byRecency[0];
}

function requireSha(facts: EventFacts): string {
  if (!facts.sha) {
    throw new UserError('no commit to comment on: GITHUB_SHA is not set', { hint: 'pass --commit-sha <sha> or --target pr/<number>' });
  }
  return facts.sha;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
