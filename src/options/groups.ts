// Option groups several commands share, declared once. A command spreads a group into its own
// option map; the wording of what the token must be allowed to do is the command's own.

import type { OptionMap } from './spec.js';

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
