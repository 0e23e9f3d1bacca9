// The forges `--driver` selects from. A new forge adds its driver here (and its folder beside
// github/); commands only ever call forgeDriver() and openForge().

import { UsageError, UserError } from '../errors.js';
import { githubDriver } from './github/index.js';
import type { ForgeConnection, ForgeDeps, ForgeDriver, Forge } from './port.js';

const DRIVERS: Readonly<Record<string, ForgeDriver>> = { github: githubDriver };

export const DEFAULT_DRIVER = 'github';

export function forgeDriver(name: string | undefined = DEFAULT_DRIVER): ForgeDriver {
  const driver = Object.hasOwn(DRIVERS, name) ? DRIVERS[name] : undefined;
  if (!driver) throw new UsageError(`--driver ${name} is not supported`, { hint: 'continuous-ml posts to GitHub (and GitHub Enterprise via GITHUB_API_URL)' });
  return driver;
}

/** The forge behind a connection (which must have a repository and a token). */
export function openForge(connection: ForgeConnection, deps: ForgeDeps): Forge {
  return forgeDriver(connection.driver).open(connection, deps);
}

/** The forge behind a connection that must have a repository and credentials; one line says which is missing. */
export function openRequiredForge(connection: ForgeConnection, deps: ForgeDeps, need: { readonly what: string; readonly permission: string }): Forge {
  if (!connection.repository) throw new UserError(`no repository to ${need.what} in`, { hint: 'pass --repo owner/repo or set GITHUB_REPOSITORY' });
  if (!connection.credentials) {
    throw new UserError(`no GitHub token to ${need.what} with`, {
      hint: `pass --token, set REPO_TOKEN or GITHUB_TOKEN (with \`permissions: ${need.permission}\`), or give a GitHub App (--github-app-id, --github-app-private-key)`,
    });
  }
  return openForge(connection, deps);
}
