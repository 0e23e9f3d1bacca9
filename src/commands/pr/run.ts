// `cml pr create`: commit the changes on top of HEAD to the pull request's branch (through a
// temporary index: the work tree and the current branch stay as they are), push it with the
// forge's token, and open the pull request or reuse the open one; then merge or auto-merge.

import { UserError } from '../../errors.js';
import { openRequiredForge } from '../../forges/drivers.js';
import type { PullRequestRef } from '../../forges/port.js';
import { commitChanges, currentBranch, fetchCommit, pushCommit, remoteBranch, treeOf, type GitHttpAuth } from '../../git/commits.js';
import { Git, GitError, GitNotFound, NotInRepository } from '../../git/git.js';
import type { Logger } from '../../logger.js';
import type { PrSettings } from './settings.js';

export interface PrOutcome {
  /** Undefined when there was nothing to commit. */
  readonly pull: PullRequestRef | undefined;
  readonly created: boolean;
  readonly branch: string;
  readonly merge: 'merged' | 'auto-merge' | undefined;
}

export interface PrDeps {
  readonly logger: Logger;
  readonly client?: object;
}

export async function runPr(settings: PrSettings, deps: PrDeps): Promise<PrOutcome> {
  const { logger } = deps;
  const git = await openRepository(settings.cwd);
  const head = await git.resolve('HEAD');
  if (!head) throw new UserError('the repository has no commit yet', { hint: 'a pull request needs a commit on the target branch to start from' });
  const short = head.slice(0, 7);
  const target = settings.targetBranch ?? (await currentBranch(git)) ?? settings.ciBranch;
  if (!target) throw new UserError('HEAD is detached and the target branch is unknown', { hint: 'pass --target-branch <branch>' });
  const branch = settings.branch ?? `${target}-cml-pr-${short}`;
  if (branch === target) throw new UserError(`the pull request branch and the target branch are both "${branch}"`, { hint: 'pass --branch <name>' });

  const message = `${settings.message ?? `CML PR for ${short}`}${settings.skipCi ? ' [skip ci]' : ''}`;
  // Pathspecs are relative to where the command runs; git runs at the top level.
  const pathspecs = settings.pathspecs.map((spec) => (spec.startsWith(':') || spec.startsWith('/') ? spec : `${git.prefix}${spec}`));
  const committed = await commitChanges(git, { parent: head, pathspecs, message, author: settings.author });
  if (!committed) {
    logger.info(
      `nothing to commit${settings.pathspecs.length > 0 ? ` in ${settings.pathspecs.join(' ')}` : ''}: HEAD already has these files; no pull request opened`,
    );
    return { pull: undefined, created: false, branch, merge: undefined };
  }

  const forge = openRequiredForge(settings.connection, deps, { what: 'open a pull request', permission: 'contents: write, pull-requests: write' });
  const auth = await forge.gitHttpAuth();
  const existing = await remote(settings.remote, branch, () => remoteBranch(git, settings.remote, branch, auth));
  let commit = committed.commit;
  if (existing && (await sameTree(git, settings.remote, existing, committed.tree, auth))) {
    logger.info(`${branch} on ${settings.remote} already has these changes`);
    commit = existing;
  } else {
    await remote(settings.remote, branch, () => pushCommit(git, { remote: settings.remote, commit, branch, expected: existing, auth }));
    logger.info(`${existing ? 'updated' : 'pushed'} ${branch} on ${settings.remote}: ${commit.slice(0, 12)} ${message}`);
  }

  let pull = await forge.pulls.findOpen(branch, target);
  const created = !pull;
  pull ??= await forge.pulls.create({
    head: branch,
    base: target,
    title: settings.title ?? `CML PR for ${target} ${short}`,
    body: settings.body ?? `Automated commits for ${forge.repositoryName}@${head} created by CML.`,
  });
  logger.info(`${created ? 'opened' : 'reusing open'} pull request #${pull.number}: ${pull.url}`);

  let merge: PrOutcome['merge'];
  if (settings.mergeMethod) {
    merge = await forge.pulls.merge(pull, settings.mergeMethod, commit);
    logger.info(
      merge === 'merged'
        ? `merged #${pull.number} (${settings.mergeMethod})`
        : `GitHub does not allow merging #${pull.number} yet; auto-merge (${settings.mergeMethod}) is on`,
    );
  }
  return { pull, created, branch, merge };
}

async function openRepository(cwd: string): Promise<Git> {
  try {
    return await Git.find(cwd);
  } catch (error) {
    if (error instanceof GitNotFound) throw new UserError('git is not installed or not on PATH', { hint: 'install git' });
    if (error instanceof NotInRepository)
      throw new UserError(`${cwd} is not inside a git repository`, { hint: 'run `cml pr create` in a clone of the repository (actions/checkout)' });
    throw error;
  }
}

async function sameTree(git: Git, remoteName: string, sha: string, tree: string, auth: GitHttpAuth): Promise<boolean> {
  if (!(await git.resolve(sha))) await remote(remoteName, sha, () => fetchCommit(git, remoteName, sha, auth));
  return (await treeOf(git, sha)) === tree;
}

/** A git command that talks to the remote; its refusals become one line naming the permission. */
async function remote<T>(remoteName: string, branch: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    const stderr = error.stderr;
    if (/refusing to allow a (GitHub App|Personal Access Token|OAuth App) to create or update workflow/i.test(stderr)) {
      throw new UserError(`cannot push ${branch} to ${remoteName}: the commit changes a workflow file and the token may not`, {
        hint: 'leave .github/workflows out of the pathspecs, or use a token or GitHub App with the `workflows` permission',
      });
    }
    if (/\b403\b|permission to .* denied|denied to|not allowed|write access/i.test(stderr)) {
      throw new UserError(`cannot push ${branch} to ${remoteName}: the token is not allowed to (${error.message})`, {
        hint: 'grant the job `permissions: contents: write`; on pull requests from forks GITHUB_TOKEN is read-only, so open pull requests from a push, schedule or workflow_run workflow',
      });
    }
    if (/stale info|fetch first|non-fast-forward|\[rejected\]/i.test(stderr)) {
      throw new UserError(`cannot push ${branch} to ${remoteName}: the branch moved while this ran (${error.message})`, { hint: 'run the command again' });
    }
    throw new UserError(`cannot reach ${remoteName} for ${branch}: ${error.message}`, { hint: 'check --remote and that the job can reach the repository' });
  }
}
