// `cml pr create [<pathspec>...]` (CML's `cml pr`): the flags (= the pr action's inputs) and help.
// Light on purpose: `cml --version` and `--help` load it.

import { connectionOptions, gitUserOptions } from '../../options/groups.js';
import { defineCommand } from '../../options/spec.js';

export const prOptions = {
  md: { type: 'boolean', description: 'Print a Markdown link, [title](url), instead of the URL.' },
  'skip-ci': { type: 'boolean', description: 'Add [skip ci] to the commit message, so the push starts no workflow.' },
  merge: { type: 'boolean', aliases: ['auto-merge'], description: 'Merge the pull request now when GitHub allows it, else turn on auto-merge.' },
  rebase: { type: 'boolean', description: 'As --merge, rebasing.' },
  squash: { type: 'boolean', description: 'As --merge, squashing.' },
  branch: { type: 'string', valueName: 'name', description: 'Branch to commit to (default: <target>-cml-pr-<short sha of HEAD>, the same on every re-run).' },
  'target-branch': { type: 'string', valueName: 'name', description: 'Branch the pull request goes into (default: the current branch).' },
  title: { type: 'string', valueName: 'text', description: 'Title of the pull request (default: CML PR for <target> <short sha>).' },
  body: { type: 'string', valueName: 'text', description: 'Description of the pull request.' },
  message: { type: 'string', valueName: 'text', description: 'Commit message (default: CML PR for <short sha>).' },
  remote: { type: 'string', valueName: 'name-or-url', default: 'origin', description: 'Git remote to push to.' },
  ...gitUserOptions('the commit author'),
  driver: { type: 'string', hidden: true, valueName: 'forge', description: 'CML: forge to use; only github is supported.' },
  ...connectionOptions({ token: 'GitHub token with contents: write and pull-requests: write (default: REPO_TOKEN, then GITHUB_TOKEN).' }),
} as const;

export const prSpec = defineCommand({
  name: 'pr create',
  summary: 'Commit files to a branch, push it and open (or reuse) a pull request',
  description:
    'Commits the given paths (all changes when none are given) on top of HEAD to the branch, without touching the work tree or the current branch, pushes it with the token (never written to .git/config), and opens a pull request, or reuses the open one.',
  aliases: ['pr'],
  positionals: [{ name: 'pathspec', description: 'Files to commit (git pathspecs); all changes when none are given.', required: false, variadic: true }],
  options: prOptions,
  envPrefix: 'CML_PR_',
  examples: ['cml pr create model.pkl metrics.json --skip-ci', 'cml pr create . --squash --md >> report.md'],
});
