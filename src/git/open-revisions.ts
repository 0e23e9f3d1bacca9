// Opening the two revisions metrics and params are compared at: the old commit (or the merge-base),
// the new commit or the workspace, --targets made relative to the repository root, and paths shown
// relative to the current folder, as DVC shows them.

import { isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RevisionTree } from '../core/metrics/collect.js';
import { pathForDisplay } from '../core/metrics/collect.js';
import type { RevisionValues } from '../core/metrics/diff.js';
import { Git } from './git.js';
import { findMergeBase, resolveNamedRevision, resolveRevision, type FetchPolicy } from './revisions.js';
import { commitTree, workTree } from './trees.js';

/** Which two revisions to compare and how to get them. */
export interface RevisionSettings {
  readonly cwd: string;
  /** As the user wrote it; "HEAD" by default. */
  readonly oldRevision: string;
  /** undefined = the workspace. */
  readonly newRevision: string | undefined;
  readonly fetch: FetchPolicy;
  readonly mergeBase: boolean;
  /** Commits the caller resolved already: the old revision's, and HEAD's (for the merge-base). */
  readonly resolved?: { readonly old?: string | undefined; readonly head?: string | undefined };
}

/** How the two revisions are named in tables and messages, when not by the revisions as given. */
export interface RevisionLabels {
  readonly old?: string | undefined;
  readonly new?: string | undefined;
}

export interface OpenedRevisions {
  readonly git: Git;
  readonly oldTree: RevisionTree;
  readonly newTree: RevisionTree;
  readonly oldLabel: string;
  readonly newLabel: string;
  /** The commit the old side was read at (after --merge-base). */
  readonly oldCommit: string;
}

/** `repository`: the repository at settings.cwd, when the caller has opened it already. */
export async function openRevisions(settings: RevisionSettings, logger: Logger, labels: RevisionLabels = {}, repository?: Git): Promise<OpenedRevisions> {
  const git = repository ?? (await Git.open(settings.cwd));
  const resolveNamed = (revision: string): Promise<string> => resolveNamedRevision(git, revision, settings, logger);
  let oldCommit = settings.resolved?.old ?? (await resolveNamed(settings.oldRevision));
  const newCommit = settings.newRevision === undefined ? undefined : await resolveNamed(settings.newRevision);
  if (settings.mergeBase) {
    const other = newCommit ?? settings.resolved?.head ?? (await resolveRevision(git, 'HEAD', settings.fetch, logger));
    const base = await findMergeBase(git, oldCommit, other, settings.fetch, logger);
    logger.info(`comparing against ${base.slice(0, 7)}, the merge-base of ${settings.oldRevision} and ${settings.newRevision ?? 'HEAD'}`);
    oldCommit = base;
  }
  logger.debug(`old: ${settings.oldRevision} = ${oldCommit}; new: ${settings.newRevision ?? 'workspace'}${newCommit ? ` = ${newCommit}` : ''}`);
  const oldLabel = labels.old ?? settings.oldRevision;
  const newLabel = labels.new ?? settings.newRevision ?? 'workspace';
  return {
    git,
    oldTree: commitTree(git, oldCommit, oldLabel),
    newTree: newCommit === undefined ? workTree(git) : commitTree(git, newCommit, newLabel),
    oldLabel,
    newLabel,
    oldCommit,
  };
}

/** --targets as given (relative to the current folder, or absolute) -> relative to the repository root. */
export function rootTargets(git: Git, cwd: string, targets: readonly string[] | undefined): string[] | undefined {
  if (!targets) return undefined;
  return targets.map((target) => {
    const path = repositoryPath(git, resolve(cwd, target));
    if (path === undefined) throw new UserError(`target ${target} is outside the repository ${git.root}`);
    return path;
  });
}

/** An absolute path relative to the repository's top level, '/'-separated; undefined outside it. */
export function repositoryPath(git: Git, absolute: string): string | undefined {
  const path = relative(git.root, absolute).split('\\').join('/');
  return path.startsWith('../') || path === '..' || isAbsolute(path) ? undefined : path;
}

export function displayed(values: RevisionValues, git: Git): RevisionValues {
  const out: RevisionValues = new Map();
  for (const [path, flat] of values) out.set(pathForDisplay(path, git.prefix), flat);
  return out;
}
