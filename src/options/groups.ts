// Option groups several commands share, declared once. A command spreads a group into its own
// option map; the wording of what the token must be allowed to do is the command's own.

import type { OptionMap } from './spec.js';

/**
 * Where to talk to and as whom: `--repo` and `--token` (default REPO_TOKEN, then GITHUB_TOKEN,
 * then a GitHub App; resolved by src/forges/github/connection.ts). `token` says what the token
 * must be allowed to do.
 */
export function connectionOptions(describe: { readonly token: string; readonly repo?: string; readonly repoValueName?: string }) {
  return {
    repo: {
      type: 'string',
      valueName: describe.repoValueName ?? 'owner/repo',
      description: describe.repo ?? 'Repository (default: GITHUB_REPOSITORY).',
    },
    token: { type: 'string', valueName: 'token', description: describe.token },
    'github-app-id': {
      type: 'string',
      valueName: 'id',
      description: 'GitHub App to authenticate as when no token is set (also CML_GITHUB_APP_ID): an installation token for the repository is minted and never printed.',
    },
    'github-app-private-key': {
      type: 'string',
      valueName: 'pem',
      description: "The App's private key: PEM text or the path of the .pem file (also CML_GITHUB_APP_PRIVATE_KEY).",
    },
  } as const satisfies OptionMap;
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
