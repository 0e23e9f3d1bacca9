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
 * Where to talk to and as whom: `--repo` and `--token` (default REPO_TOKEN, then GITHUB_TOKEN,
 * resolved by src/forges/github/context.ts). `token` says what the token must be allowed to do.
 */
export function connectionOptions(describe: { readonly token: string; readonly repo?: string; readonly repoValueName?: string }) {
  return {
    repo: {
      type: 'string',
      valueName: describe.repoValueName ?? 'owner/repo',
      description: describe.repo ?? 'Repository (default: GITHUB_REPOSITORY).',
    },
    token: { type: 'string', valueName: 'token', description: describe.token },
  } as const satisfies OptionMap;
}
