// `cml repo prepare` (CML's `cml ci`): flags and help. Light on purpose.

import { connectionOptions, gitUserOptions } from '../../options/groups.js';
import { defineCommand } from '../../options/spec.js';

export const repoPrepareOptions = {
  'fetch-depth': {
    type: 'string',
    valueName: 'n',
    default: '0',
    description: 'Commits to fetch of each branch; 0 fetches the whole history (unshallows a shallow clone).',
  },
  unshallow: { type: 'boolean', hidden: true, description: 'CML: the same as --fetch-depth 0.' },
  remote: { type: 'string', valueName: 'name', default: 'origin', description: 'Git remote to fetch from and push to.' },
  ...gitUserOptions('the git user of later commits'),
  ...connectionOptions({ token: 'Token for later pushes, kept in .git/config as a header only sent to GitHub (default: REPO_TOKEN, then GITHUB_TOKEN).' }),
  driver: { type: 'string', hidden: true, valueName: 'forge', description: 'CML: forge to use; only github is supported.' },
} as const;

export const repoPrepareSpec = defineCommand({
  name: 'repo prepare',
  summary: 'Prepare the checkout for later commands: git user, full history, token for pushes',
  aliases: ['ci'],
  positionals: [],
  options: repoPrepareOptions,
  envPrefix: 'CML_REPO_',
  examples: ['cml repo prepare', 'cml ci --fetch-depth 50'],
});
