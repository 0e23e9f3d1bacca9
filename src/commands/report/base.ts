// What the report compares with, and how both sides are named: the pull request's base branch
// (from the merge-base, as the pull request's diff does), else --base, else HEAD; the head is the
// working tree after the run, named by its branch. Names are branch names or short SHAs, never
// "workspace" or "HEAD", so a reader knows what they look at.

import type { Logger } from '../../logger.js';
import { Git } from '../../git/git.js';
import type { OpenedRevisions } from '../../git/open-revisions.js';
import { resolveNamedRevision } from '../../git/revisions.js';
import type { ReportSettings } from './settings.js';

export interface Compared {
  readonly opened: OpenedRevisions;
  readonly git: Git;
  /** The commit the run is about (the pull request's head, else HEAD), short, for the run facts. */
  readonly headCommit: string | undefined;
}

/**
 * Before the command runs: the repository, and the base resolved (fetched first in a shallow
 * clone), so that a base the report cannot compare with fails before a long run rather than after.
 * The rest (the merge-base, the names, the trees) is openCompared's, while the command runs.
 */
export async function checkBase(settings: ReportSettings, logger: Logger): Promise<CheckedBase> {
  // One git call opens the repository and resolves the base, in the usual case.
  const base = baseOf(settings);
  const git = await Git.open(settings.cwd, {}, base);
  return { git, baseCommit: await resolveNamedRevision(git, base, settings, logger) };
}

/** The repository and the commit the base stood for when the command started. */
export interface CheckedBase {
  readonly git: Git;
  readonly baseCommit: string;
}

export async function openCompared(settings: ReportSettings, logger: Logger, checked: CheckedBase): Promise<Compared> {
  const { git } = checked;
  const run = settings.connection.run;
  const pullBase = settings.base === undefined ? run?.baseBranch : undefined;
  const base = baseOf(settings);
  const head = await git.resolve('HEAD');
  const headLabel = run?.headBranch ?? (await git.currentBranch()) ?? short(head) ?? 'HEAD';
  const baseCommit = base === 'HEAD' ? head : undefined;
  // The comparison's modules (YAML, the metrics readers) load while the command runs.
  const { openRevisions } = await import('../../git/open-revisions.js');
  const opened = await openRevisions(
    {
      cwd: settings.cwd,
      oldRevision: base,
      newRevision: undefined,
      fetch: settings.fetch,
      mergeBase: pullBase !== undefined,
      resolved: { old: checked.baseCommit, head },
    },
    logger,
    { old: baseCommit ? short(baseCommit) : /^[0-9a-f]{40,64}$/i.test(base) ? short(base) : base, new: headLabel },
    git,
  );
  if (pullBase === undefined && settings.base === undefined)
    logger.info(`no pull request base and no --base: comparing with HEAD (${short(head) ?? 'no commit'})`);
  // On a pull request the checkout is a merge commit; the commit a reader knows is the pull request's head.
  return { opened, git, headCommit: short(run?.sha ?? head) };
}

/** The pull request's base, else --base, else HEAD. */
function baseOf(settings: ReportSettings): string {
  return settings.base ?? settings.connection.run?.baseBranch ?? 'HEAD';
}

function short(sha: string | undefined): string | undefined {
  return sha?.slice(0, 7);
}
