// Read one file as it was at a git revision (`git show <rev>:./<path>`), for plots of a base
// revision. Deliberately small: the path is taken relative to `cwd`, as the user typed it.

import { execFile } from 'node:child_process';
import { isAbsolute, relative, sep } from 'node:path';
import { UserError } from '../errors.js';

export interface ShowFileRequest {
  /** Directory git runs in (inside the work tree). */
  readonly cwd: string;
  readonly revision: string;
  /** File path, relative to `cwd` or absolute inside the work tree. */
  readonly path: string;
}

/** The revision exists but the file was not in it (e.g. added by this change). */
export class FileNotAtRevision extends UserError {
  constructor(path: string, revision: string) {
    super(`${path} does not exist at revision ${revision}`, { hint: 'was it added later? plot without --base' });
    this.name = 'FileNotAtRevision';
  }
}

export type ReadFileAtRevision = (request: ShowFileRequest) => Promise<Buffer>;

const MAX_BYTES = 512 * 1024 * 1024;

export const showFileAtRevision: ReadFileAtRevision = async ({ cwd, revision, path }) => {
  if (revision.trim() === '' || revision.startsWith('-') || /[\s:]/.test(revision)) {
    throw new UserError(`"${revision}" is not a git revision`, { hint: 'pass a branch, tag or commit, e.g. --base main or --base HEAD~1' });
  }
  const relativePath = (isAbsolute(path) ? relative(cwd, path) : path).split(sep).join('/');
  const spec = `${revision}:./${relativePath.replace(/^\.\//, '')}`;
  return new Promise<Buffer>((resolvePromise, reject) => {
    execFile('git', ['show', spec], { cwd, encoding: 'buffer', maxBuffer: MAX_BYTES, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolvePromise(stdout);
      const message = stderr.toString('utf8').trim().split('\n')[0] ?? '';
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new UserError('git is not installed or not on PATH: cannot read the base revision'));
      }
      if (/not a git repository/i.test(message)) {
        return reject(new UserError(`${cwd} is not in a git repository: cannot read ${path} at ${revision}`));
      }
      if (/does not exist in|exists on disk, but not in/i.test(message)) {
        return reject(new FileNotAtRevision(path, revision));
      }
      if (/invalid object name|unknown revision|bad revision/i.test(message)) {
        return reject(
          new UserError(`unknown git revision "${revision}"`, {
            hint: 'fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin <branch>)',
          }),
        );
      }
      reject(new UserError(`cannot read ${path} at ${revision}: ${message || error.message}`));
    });
  });
};
