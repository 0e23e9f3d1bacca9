// Turning the revisions a user names into commits, fetching what a shallow CI clone lacks.
//
// actions/checkout clones one commit by default, so `main`, `HEAD~1` or the merge-base with the
// base branch are usually absent. We fetch only what is needed (a branch tip at depth 1, or a few
// more parents with --deepen), say so in the log, and when that is impossible say how to fix the
// workflow in one line.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { GitError, type Git } from './git.js';

export interface FetchPolicy {
  /** Remote to fetch missing revisions from. */
  readonly remote: string;
  /** false: never fetch (fail with the hint instead). */
  readonly fetch: boolean;
}

const FIX_HINT = 'in GitHub Actions give actions/checkout `fetch-depth: 0`, or fetch it before this step (git fetch origin <branch>)';
const MAX_DEEPEN_ROUNDS = 6;

/** Splits `main~2`, `HEAD^^`, `v1^1~3` into the base name and how many first parents back it goes. */
export function splitAncestry(revision: string): { base: string; generations: number } {
  const match = /^(.*?)((?:[~^]\d*)+)$/.exec(revision);
  if (!match || match[1] === '') return { base: revision, generations: 0 };
  let generations = 0;
  for (const step of match[2]?.match(/[~^]\d*/g) ?? []) {
    const count = step.length > 1 ? Number(step.slice(1)) : 1;
    // `^2` is a second parent, not two generations; one more level of history covers it.
    generations += step[0] === '~' ? count : 1;
  }
  return { base: match[1] ?? revision, generations };
}

/** The commit `revision` names, fetching it (or deepening history) from the remote when needed. */
export async function resolveRevision(git: Git, revision: string, policy: FetchPolicy, logger: Logger): Promise<string> {
  if (revision.trim() === '' || revision.startsWith('-')) throw new UserError(`"${revision}" is not a revision`);
  const direct = await git.resolve(revision);
  if (direct) return direct;

  const { base, generations } = splitAncestry(revision);
  const suffix = revision.slice(base.length);
  // A branch that exists only as a remote-tracking ref (the usual state after actions/checkout).
  const candidates = [base, `refs/remotes/${policy.remote}/${base}`];
  let baseCommit: string | undefined;
  for (const candidate of candidates) {
    baseCommit = await git.resolve(candidate);
    if (baseCommit) break;
  }

  const shallow = await git.isShallow();
  if (!policy.fetch) throw notHere(revision, shallow ? 'this clone is shallow and fetching is turned off' : undefined);
  const remotes = await git.remotes();
  if (!remotes.includes(policy.remote)) {
    throw notHere(
      revision,
      remotes.length === 0
        ? 'the repository has no remote to fetch it from'
        : `there is no remote "${policy.remote}" (remotes: ${remotes.join(', ')}); pass --remote`,
    );
  }

  if (!baseCommit) {
    // Only names git could fetch as a ref or object; `a:b` would be a refspec that writes a ref.
    if (!/^[\w./@{}+-]+$/.test(base) || base.includes('..') || base.startsWith('-')) throw notHere(revision, undefined);
    const depth = generations + 1;
    try {
      await git.fetchRefs(policy.remote, shallow ? [`--depth=${depth}`] : [], [base]);
    } catch (error) {
      if (error instanceof GitError) throw notHere(revision, `fetching it from ${policy.remote} failed: ${error.message}`);
      throw error;
    }
    baseCommit = await git.resolve('FETCH_HEAD');
    if (!baseCommit) throw notHere(revision, `${policy.remote} did not send it`);
    logger.info(`${base} was not in this clone; fetched it from ${policy.remote}${shallow ? ` (depth ${depth})` : ''}`);
    const resolved = await git.resolve(`${baseCommit}${suffix}`);
    if (resolved) return resolved;
  }

  // The base is here but its ancestors are cut off by the shallow boundary.
  if (shallow && generations > 0) {
    try {
      await git.fetchRefs(policy.remote, [`--deepen=${generations}`], []);
    } catch (error) {
      if (error instanceof GitError) throw notHere(revision, `deepening history from ${policy.remote} failed: ${error.message}`);
      throw error;
    }
    const resolved = await git.resolve(`${baseCommit}${suffix}`);
    if (resolved) {
      logger.info(`fetched ${generations} more commit(s) of history from ${policy.remote} to reach ${revision}`);
      return resolved;
    }
  }
  const resolved = await git.resolve(`${baseCommit}${suffix}`);
  if (resolved) return resolved;
  throw notHere(revision, undefined);
}

/**
 * The commit a revision the user named stands for (fetched first in a shallow clone, as the fetch
 * policy says), with one line for the usual mistakes: no commits yet, a file given as a revision.
 */
export async function resolveNamedRevision(
  git: Git,
  revision: string,
  settings: { readonly cwd: string; readonly fetch: FetchPolicy },
  logger: Logger,
): Promise<string> {
  try {
    return await resolveRevision(git, revision, settings.fetch, logger);
  } catch (error) {
    if (revision === 'HEAD' && error instanceof UserError && (await git.run(['rev-list', '-n', '1', '--all'])).stdout.length === 0) {
      throw new UserError('this repository has no commits yet, so there is no HEAD to compare with', {
        hint: 'commit a baseline first, or pass two revisions',
      });
    }
    // `dvc metrics diff --targets a.json b.json` habits: the second file lands here as a revision.
    if (error instanceof UserError && existsSync(resolve(settings.cwd, revision))) {
      throw new UserError(`"${revision}" is a file, not a revision`, {
        hint: 'give each file its own --targets, or separate them with commas: --targets a.json,b.json',
      });
    }
    throw error;
  }
}

/** The merge-base of two commits, deepening a shallow clone in bounded steps until it appears. */
export async function findMergeBase(git: Git, a: string, b: string, policy: FetchPolicy, logger: Logger): Promise<string> {
  let base = await git.mergeBase(a, b);
  if (base) return base;
  if (!(await git.isShallow()) || !policy.fetch) {
    throw new UserError(`${short(a)} and ${short(b)} have no common ancestor${policy.fetch ? '' : ' in this clone'}`, { hint: FIX_HINT });
  }
  let step = 50;
  for (let round = 0; round < MAX_DEEPEN_ROUNDS && !base; round += 1) {
    try {
      await git.fetchRefs(policy.remote, [`--deepen=${step}`], []);
    } catch (error) {
      if (error instanceof GitError) throw new UserError(`cannot find the merge-base of ${short(a)} and ${short(b)}: ${error.message}`, { hint: FIX_HINT });
      throw error;
    }
    base = await git.mergeBase(a, b);
    if (!(await git.isShallow())) break;
    step *= 2;
  }
  if (!base) {
    throw new UserError(`cannot find the merge-base of ${short(a)} and ${short(b)} within the fetched history`, { hint: FIX_HINT });
  }
  logger.info(`deepened this shallow clone from ${policy.remote} to find the merge-base ${short(base)}`);
  return base;
}

function notHere(revision: string, reason: string | undefined): UserError {
  return new UserError(`revision "${revision}" is not in this clone${reason ? ` and ${reason}` : ''}`, { hint: `check the name; ${FIX_HINT}` });
}

function short(sha: string): string {
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha.slice(0, 7) : sha;
}
