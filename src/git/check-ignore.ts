// Whether git ignores a file (`git check-ignore`): files a .gitignore keeps out of the repository
// (.env, credentials, caches) are not published unless the user names them.

import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { Git, GitError, type GitOptions } from './git.js';

/**
 * A check for files under `cwd`, opening the repository once, on first use. Outside a repository
 * (or without git) nothing is ignored. Tracked files are never "ignored", as git sees it.
 */
export function createIgnoreCheck(cwd: string, options: GitOptions = {}): (path: string) => Promise<boolean> {
  let opened: Promise<{ git: Git; root: string } | undefined> | undefined;
  const open = async (): Promise<{ git: Git; root: string } | undefined> => {
    try {
      const git = await Git.open(cwd, options);
      return { git, root: await realpath(git.root).catch(() => git.root) };
    } catch {
      return undefined;
    }
  };
  return async (path) => {
    opened ??= open();
    const repository = await opened;
    if (!repository) return false;
    const inside = relative(repository.root, path);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return false;
    const args = ['check-ignore', '--quiet', '--', inside];
    const result = await repository.git.run(args, { allowFailure: true });
    if (result.code === 0) return true;
    if (result.code === 1) return false;
    throw new GitError(`git check-ignore failed: ${result.stderr.trim().split('\n')[0] ?? `exit code ${result.code}`}`, args, result.stderr);
  };
}
