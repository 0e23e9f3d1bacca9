// Read one file as it was at a git revision (`git show <rev>:./<path>`), for plots of a base
// revision, through the one git runner (src/git/git.ts): bounded in time and output size.

import { UserError } from '../errors.js';
import type { Git } from './git.js';

/** The revision exists but the file was not in it (e.g. added by this change). */
export class FileNotAtRevision extends UserError {
  constructor(path: string, revision: string) {
    super(`${path} does not exist at revision ${revision}`, { hint: 'was it added later? plot without --base' });
    this.name = 'FileNotAtRevision';
  }
}

/** The file at `path` (relative to the repository's top level) as it was at `revision`. */
export async function showFileAtRevision(git: Git, revision: string, path: string): Promise<Buffer> {
  if (revision.trim() === '' || revision.startsWith('-') || /[\s:]/.test(revision)) {
    throw new UserError(`"${revision}" is not a git revision`, { hint: 'pass a branch, tag or commit, e.g. --base main or --base HEAD~1' });
  }
  const spec = `${revision}:./${path.replace(/^\.\//, '')}`;
  let result;
  try {
    result = await git.run(['show', spec], { allowFailure: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError('git is not installed or not on PATH: cannot read the base revision');
    throw error;
  }
  if (result.code === 0) return result.stdout;
  const message = result.stderr.trim().split('\n')[0] ?? '';
  if (/does not exist in|exists on disk, but not in/i.test(message)) throw new FileNotAtRevision(path, revision);
  if (/invalid object name|unknown revision|bad revision/i.test(message)) {
    throw new UserError(`unknown git revision "${revision}"`, {
      hint: 'fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin <branch>)',
    });
  }
  throw new UserError(`cannot read ${path} at ${revision}: ${message || `git show exited with code ${result.code}`}`);
}
