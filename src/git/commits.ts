// Writing to a repository for `pr create` and `repo prepare`: a commit made on a private index (the
// work tree, the index and the current branch stay as they were), pushing it, and the user and
// credential settings. Credentials travel as GIT_CONFIG_* environment variables, never in argv
// (where `ps` shows them) and never in .git/config unless `persistCredentials` is asked for.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { GitError, type Git } from './git.js';

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

/** An HTTP header git sends to one server: `http.<url>.extraheader`. */
export interface GitHttpAuth {
  /** `https://github.com/` — the header is only sent to URLs under it. */
  readonly serverUrl: string;
  /** `AUTHORIZATION: basic ...` */
  readonly header: string;
}

const PUSH_TIMEOUT_MS = 300_000;

/** The branch HEAD is on, or undefined on a detached HEAD. */
export async function currentBranch(git: Git): Promise<string | undefined> {
  const result = await git.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true });
  return result.code === 0 ? result.stdout.toString('utf8').trim() || undefined : undefined;
}

export async function treeOf(git: Git, revision: string): Promise<string | undefined> {
  const result = await git.run(['rev-parse', '--verify', '--quiet', `${revision}^{tree}`], { allowFailure: true });
  return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
}

export interface CommitRequest {
  /** The commit the new one goes on top of. */
  readonly parent: string;
  /** Git pathspecs relative to the top level; empty for every change. */
  readonly pathspecs: readonly string[];
  readonly message: string;
  readonly author: GitIdentity;
}

/**
 * Commits the work tree's changes under `pathspecs` on top of `parent`, through a temporary index,
 * without moving any branch. Undefined when the result would be the parent's tree (nothing to commit).
 */
export async function commitChanges(git: Git, request: CommitRequest): Promise<{ commit: string; tree: string } | undefined> {
  const folder = await mkdtemp(join(tmpdir(), 'cml-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(folder, 'index') };
    await git.run(['read-tree', request.parent], { env });
    const pathspecs = request.pathspecs.length > 0 ? request.pathspecs : [':/'];
    await git.run(['add', '--all', '--', ...pathspecs], { env });
    const tree = (await git.run(['write-tree'], { env })).stdout.toString('utf8').trim();
    if (tree === (await treeOf(git, request.parent))) return undefined;
    const identity = {
      GIT_AUTHOR_NAME: request.author.name,
      GIT_AUTHOR_EMAIL: request.author.email,
      GIT_COMMITTER_NAME: request.author.name,
      GIT_COMMITTER_EMAIL: request.author.email,
    };
    const commit = (await git.run(['commit-tree', tree, '-p', request.parent, '-F', '-'], { input: request.message, env: identity })).stdout
      .toString('utf8')
      .trim();
    return { commit, tree };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** `http.<server>.extraheader` for one command: an empty value first drops one a checkout persisted. */
export function authEnv(auth: GitHttpAuth | undefined): Record<string, string> {
  if (!auth) return {};
  const key = `http.${auth.serverUrl.replace(/\/*$/, '/')}.extraheader`;
  return { GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: key, GIT_CONFIG_VALUE_0: '', GIT_CONFIG_KEY_1: key, GIT_CONFIG_VALUE_1: auth.header };
}

/** The commit a branch of a remote points at, or undefined when it has no such branch. */
export async function remoteBranch(git: Git, remote: string, branch: string, auth: GitHttpAuth | undefined): Promise<string | undefined> {
  const result = await git.run(['-c', 'credential.interactive=false', 'ls-remote', '--heads', remote, `refs/heads/${branch}`], {
    env: authEnv(auth),
    timeoutMs: PUSH_TIMEOUT_MS,
  });
  const line = result.stdout
    .toString('utf8')
    .split('\n')
    .find((entry) => entry.endsWith(`\trefs/heads/${branch}`));
  return line?.split('\t')[0];
}

/** Fetches one commit of a remote (to compare with), shallowly. */
export async function fetchCommit(git: Git, remote: string, sha: string, auth: GitHttpAuth | undefined): Promise<void> {
  await git.run(['-c', 'credential.interactive=false', 'fetch', '--quiet', '--no-tags', '--depth=1', remote, sha], {
    env: authEnv(auth),
    timeoutMs: PUSH_TIMEOUT_MS,
  });
}

/**
 * Points `branch` of the remote at `commit`. `expected` is where the branch is now (undefined: it
 * must not exist yet), so a branch someone else moved in between is not overwritten.
 */
export async function pushCommit(
  git: Git,
  request: { remote: string; commit: string; branch: string; expected: string | undefined; auth: GitHttpAuth | undefined },
): Promise<void> {
  const lease = `--force-with-lease=refs/heads/${request.branch}:${request.expected ?? ''}`;
  await git.run(
    ['-c', 'credential.interactive=false', 'push', '--quiet', '--no-verify', lease, request.remote, `${request.commit}:refs/heads/${request.branch}`],
    {
      env: authEnv(request.auth),
      timeoutMs: PUSH_TIMEOUT_MS,
    },
  );
}

/** `git config --local` for the user that later commits of this job are made as. */
export async function setIdentity(git: Git, identity: GitIdentity): Promise<void> {
  await git.run(['config', '--local', 'user.name', identity.name]);
  await git.run(['config', '--local', 'user.email', identity.email]);
}

const PLACEHOLDER = 'AUTHORIZATION: basic ***';

/**
 * Keeps `auth` in the repository's own config for the pushes of later steps (what a checkout with
 * persisted credentials does). The header is written as a placeholder through git and then
 * replaced in the file, so the token never appears in a process list.
 */
export async function persistCredentials(git: Git, auth: GitHttpAuth): Promise<void> {
  const key = `http.${auth.serverUrl.replace(/\/*$/, '/')}.extraheader`;
  await git.run(['config', '--local', '--unset-all', key], { allowFailure: true });
  await git.run(['config', '--local', key, PLACEHOLDER]);
  const relative = (await git.run(['rev-parse', '--git-path', 'config'])).stdout.toString('utf8').trim();
  const path = isAbsolute(relative) ? relative : join(git.root, relative);
  const text = await readFile(path, 'utf8');
  if (!text.includes(PLACEHOLDER)) throw new GitError('git config did not store the credential placeholder', ['config'], '');
  const { mode } = await stat(path);
  await writeFile(path, text.replace(PLACEHOLDER, auth.header), { mode });
}

/** Fetches all history a shallow clone lacks (`depth` 0), or `depth` commits of each branch. */
export async function deepen(git: Git, remote: string, depth: number, auth: GitHttpAuth | undefined): Promise<void> {
  const shallow = await git.isShallow();
  const options = depth > 0 ? [`--depth=${depth}`] : shallow ? ['--unshallow'] : [];
  await git.run(
    ['-c', 'credential.interactive=false', 'fetch', '--quiet', '--tags', '--prune', ...options, remote, '+refs/heads/*:refs/remotes/' + remote + '/*'],
    {
      env: authEnv(auth),
      timeoutMs: PUSH_TIMEOUT_MS,
    },
  );
}
