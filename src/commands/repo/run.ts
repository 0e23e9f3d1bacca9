// `cml repo prepare` (CML's `cml ci`): set the git user for later commits, keep the token for later
// pushes (as a header sent only to the forge, the way actions/checkout persists credentials), and
// fetch the history later commands compare with.

import { UserError } from '../../errors.js';
import { openRequiredForge } from '../../forges/drivers.js';
import { deepen, persistCredentials, setIdentity, type GitHttpAuth } from '../../git/commits.js';
import { Git, GitError, NotInRepository } from '../../git/git.js';
import type { Logger } from '../../logger.js';
import type { RepoPrepareSettings } from './settings.js';

export async function runRepoPrepare(settings: RepoPrepareSettings, deps: { readonly logger: Logger; readonly client?: object }): Promise<void> {
  const { logger } = deps;
  let git: Git;
  try {
    git = await Git.find(settings.cwd);
  } catch (error) {
    if (error instanceof NotInRepository)
      throw new UserError(`${settings.cwd} is not inside a git repository`, { hint: 'run `cml repo prepare` after actions/checkout' });
    throw error;
  }
  await setIdentity(git, settings.identity);
  logger.info(`git user: ${settings.identity.name} <${settings.identity.email}>`);

  let auth: GitHttpAuth | undefined;
  if (settings.connection.credentials && settings.connection.repository) {
    const forge = openRequiredForge(settings.connection, deps, { what: 'push', permission: 'contents: write' });
    auth = await forge.gitHttpAuth();
    await persistCredentials(git, auth);
    logger.info(`pushes to ${auth.serverUrl} use the token from ${settings.connection.credentials}`);
  } else {
    logger.warn('no GitHub token: later pushes use whatever credentials git already has');
  }

  if (!(await git.remotes()).includes(settings.remote)) {
    logger.warn(`no remote "${settings.remote}": nothing fetched`);
    return;
  }
  try {
    await deepen(git, settings.remote, settings.fetchDepth, auth);
  } catch (error) {
    if (error instanceof GitError)
      throw new UserError(`cannot fetch from ${settings.remote}: ${error.message}`, {
        hint: 'check the remote and that the token may read the repository (contents: read)',
      });
    throw error;
  }
  logger.info(
    settings.fetchDepth === 0
      ? `fetched the whole history of ${settings.remote}`
      : `fetched ${settings.fetchDepth} commits of each branch of ${settings.remote}`,
  );
}
