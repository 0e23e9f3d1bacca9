// Reading a data file as it was at the --base revision, from the git repository that holds the
// file (wherever the command runs from), through the one git runner. One repository lookup per
// folder: a dvc.yaml lists many files in few folders.

import { basename, dirname } from 'node:path';
import { UserError } from '../../errors.js';
import { Git, GitError, GitNotFound, NotInRepository } from '../../git/git.js';
import { showFileAtRevision } from '../../git/show-file.js';

/** The bytes of `dataFile` (absolute) at `revision`; FileNotAtRevision when it was not there. */
export type ReadAtBase = (dataFile: string, revision: string) => Promise<Buffer>;

export function gitBaseReader(): ReadAtBase {
  const repositories = new Map<string, Promise<Git>>();
  return async (dataFile, revision) => {
    const directory = dirname(dataFile);
    let repository = repositories.get(directory);
    if (!repository) {
      repository = openRepository(directory);
      repositories.set(directory, repository);
    }
    const git = await repository;
    // git reads the file by its path from the repository's top level.
    return showFileAtRevision(git, revision, `${git.prefix}${basename(dataFile)}`);
  };
}

async function openRepository(directory: string): Promise<Git> {
  try {
    return await Git.find(directory);
  } catch (error) {
    if (error instanceof GitNotFound) throw new UserError('git is not installed or not on PATH: cannot read the base revision');
    if (error instanceof NotInRepository) {
      throw new UserError(`${directory} is not in a git repository: --base reads the data file from the repository that holds it`, {
        hint: 'plot without --base, or use a data file inside a clone',
      });
    }
    if (error instanceof GitError) throw new UserError(`git cannot read the repository holding ${directory}: ${error.message}`);
    throw error;
  }
}
