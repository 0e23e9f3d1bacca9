import { describe, expect, it } from 'vitest';
import { eventFacts, parseTarget, pickPullRequest, resolveTarget } from '../../../src/core/comment/target.js';
import { UserError } from '../../../src/errors.js';

const sha = 'abcdef0123456789abcdef0123456789abcdef01';
const noPulls = { pullRequestsForCommit: async () => [] };

describe('parseTarget', () => {
  it.each([
    ['auto', { kind: 'auto' }],
    ['pr', { kind: 'pr' }],
    ['commit', { kind: 'this-commit' }],
    ['pr/42', { kind: 'pull-request', number: 42 }],
    ['issue/7', { kind: 'issue', number: 7 }],
    [`commit/${sha.toUpperCase()}`, { kind: 'commit', sha }],
  ])('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each(['pr/abc', 'pr/0', 'issue/', 'commit/xyz', 'mr/3', 'pull-request'])('rejects %s with a hint', (text) => {
    expect(() => parseTarget(text)).toThrow(UserError);
    try {
      parseTarget(text);
    } catch (error) {
      expect((error as UserError).hint).toBeTruthy();
    }
  });
});

describe('eventFacts', () => {
  it('takes the PR number and head sha from pull_request events', () => {
    expect(eventFacts('pull_request', { pull_request: { number: 3, head: { sha } } }, 'merge-sha')).toEqual({ pullRequest: 3, sha });
  });
  it('takes the PR from an issue_comment on a pull request', () => {
    expect(eventFacts('issue_comment', { issue: { number: 9, pull_request: {} } }, sha)).toEqual({ pullRequest: 9, sha });
  });
  it('ignores an issue_comment on a plain issue', () => {
    expect(eventFacts('issue_comment', { issue: { number: 9 } }, sha)).toEqual({ pullRequest: undefined, sha });
  });
  it('takes the PR and head sha of the triggering run for workflow_run', () => {
    expect(eventFacts('workflow_run', { workflow_run: { head_sha: sha, pull_requests: [{ number: 4 }] } }, 'other')).toEqual({ pullRequest: 4, sha });
  });
  it('uses GITHUB_SHA on a push', () => {
    expect(eventFacts('push', { ref: 'refs/heads/main' }, sha)).toEqual({ pullRequest: undefined, sha });
  });
});

describe('resolveTarget', () => {
  it('auto falls back to the commit when no PR has it', async () => {
    expect(await resolveTarget({ kind: 'auto' }, { pullRequest: undefined, sha }, noPulls)).toEqual({ kind: 'commit', sha });
  });
  it('pr fails clearly when no PR has the commit', async () => {
    await expect(resolveTarget({ kind: 'pr' }, { pullRequest: undefined, sha }, noPulls)).rejects.toThrow(/no open pull request/);
  });
  it('commit needs a sha', async () => {
    await expect(resolveTarget({ kind: 'this-commit' }, { pullRequest: undefined, sha: undefined }, noPulls)).rejects.toThrow(/GITHUB_SHA/);
  });
  it('picks the open PR whose head is the commit over others containing it', () => {
    const picked = pickPullRequest(
      [
        { number: 1, state: 'open', headSha: 'other', updatedAt: '2026-01-03T00:00:00Z' },
        { number: 2, state: 'open', headSha: sha, updatedAt: '2026-01-01T00:00:00Z' },
        { number: 3, state: 'closed', headSha: sha, updatedAt: '2026-01-04T00:00:00Z' },
      ],
      sha,
    );
    expect(picked?.number).toBe(2);
  });
});
