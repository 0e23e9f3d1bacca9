// `cml check create <markdown-file>`: the flags (= the check action's inputs) and help. Light on
// purpose: `cml --version` and `--help` load it.

import { DEFAULT_ASSET_BRANCH } from '../../forges/asset-branch-name.js';
import { connectionOptions, publishGuardOptions } from '../../options/groups.js';
import { defineCommand } from '../../options/spec.js';

export const CHECK_CONCLUSIONS = ['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out'] as const;
export const CHECK_STATUSES = ['queued', 'in_progress', 'completed'] as const;

export const checkOptions = {
  ...connectionOptions({
    token: "GitHub token allowed to create check runs: the workflow's GITHUB_TOKEN (checks: write) or a GitHub App's, not a personal token.",
  }),
  'commit-sha': {
    type: 'string',
    valueName: 'sha',
    aliases: ['head-sha'],
    description: 'Commit to put the check on (default: the pull request head, else GITHUB_SHA).',
  },
  conclusion: { type: 'string', valueName: 'conclusion', default: 'success', description: `Conclusion of a completed check: ${CHECK_CONCLUSIONS.join(', ')}.` },
  status: { type: 'string', valueName: 'status', default: 'completed', description: `Status of the check: ${CHECK_STATUSES.join(', ')}.` },
  title: { type: 'string', valueName: 'text', default: 'CML Report', description: 'Name and title of the check run.' },
  publish: {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'Upload local images linked in the report and rewrite the links, as comment create does (--no-publish to leave them).',
  },
  ...publishGuardOptions,
  'publish-url': { type: 'string', valueName: 'url', description: "Self-hosted asset endpoint (CML's style): POST the bytes, the answer is the URL." },
  'asset-branch': { type: 'string', valueName: 'branch', default: DEFAULT_ASSET_BRANCH, description: 'Branch of the repository that stores published images.' },
  driver: { type: 'string', hidden: true, valueName: 'forge', description: 'CML: forge to use; only github is supported.' },
} as const;

export const checkSpec = defineCommand({
  name: 'check create',
  summary: 'Put a Markdown report on the Checks tab of a commit, as a check run',
  description:
    "The report becomes the check run's output, cut with a note to GitHub's 65,535 characters (the full text stays in the job summary). Check runs can only be created with the workflow's GITHUB_TOKEN or a GitHub App.",
  aliases: ['send-github-check'],
  positionals: [{ name: 'markdown-file', description: 'The report.', required: true }],
  options: checkOptions,
  envPrefix: 'CML_CHECK_',
  examples: ['cml check create report.md', 'cml check create report.md --conclusion failure --title "Model gates"'],
});
