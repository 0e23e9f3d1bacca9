// Option groups several commands share, declared once. A command spreads a group into its own
// option map; the wording of what the token must be allowed to do is the command's own.

import type { OptionMap } from './spec.js';

/**
 * What a command that publishes files accepts beyond its defaults: `--allow-hidden`, for dotfiles
 * and files git ignores that the user means to publish (src/core/assets/publishable.ts).
 */
export const publishGuardOptions = {
  'allow-hidden': {
    type: 'string',
    multiple: true,
    valueName: 'path',
    description: 'Publish this dotfile or file git ignores (or such files under this folder) anyway; repeatable. Nothing under .git/ is ever published.',
  },
} as const satisfies OptionMap;

/**
 * Where to talk to and as whom, by token only: `--repo` and `--token` (default REPO_TOKEN, then
 * GITHUB_TOKEN). `token` says what the token must be allowed to do.
 */
export function tokenOptions(describe: { readonly token: string; readonly repo?: string; readonly repoValueName?: string }) {
  return {
    repo: {
      type: 'string',
      valueName: describe.repoValueName ?? 'owner/repo',
      description: describe.repo ?? 'Repository (default: GITHUB_REPOSITORY).',
    },
    token: { type: 'string', valueName: 'token', description: describe.token },
  } as const satisfies OptionMap;
}

/** Authenticating as a GitHub App instead of with a token (src/forges/github/app-auth.ts). */
export const githubAppOptions = {
  'github-app-id': {
    type: 'string',
    valueName: 'id',
    description:
      'GitHub App to authenticate as when no token is set (also CML_GITHUB_APP_ID): an installation token for the repository is minted and never printed.',
  },
  'github-app-private-key': {
    type: 'string',
    valueName: 'pem',
    description: "The App's private key: PEM text or the path of the .pem file (also CML_GITHUB_APP_PRIVATE_KEY).",
  },
} as const satisfies OptionMap;

/**
 * Where to talk to and as whom: `--repo`, `--token` (default REPO_TOKEN, then GITHUB_TOKEN), then a
 * GitHub App; resolved by src/forges/github/connection.ts.
 */
export function connectionOptions(describe: { readonly token: string; readonly repo?: string; readonly repoValueName?: string }) {
  return { ...tokenOptions(describe), ...githubAppOptions } as const;
}

/** The GitHub Actions bot, whom commits made in a workflow are by default (as actions/checkout users commit). */
export const ACTIONS_BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' } as const;

/** `--user-email` and `--user-name`: who commits made by the command are by (CML's flags). */
export function gitUserOptions(what: string) {
  return {
    'user-email': { type: 'string', valueName: 'address', default: ACTIONS_BOT.email, description: `Email of ${what}.` },
    'user-name': { type: 'string', valueName: 'name', default: ACTIONS_BOT.name, description: `Name of ${what}.` },
  } as const satisfies OptionMap;
}
