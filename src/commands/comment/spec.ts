// `cml comment create|update` (legacy `cml-send-comment`): the flags (= the comment action's
// inputs) and help. Light on purpose: `cml --version` and `--help` load it.

import { DEFAULT_ASSET_BRANCH } from '../../forges/asset-branch-name.js';
import { connectionOptions, publishGuardOptions } from '../../options/groups.js';
import { defineCommand } from '../../options/spec.js';

export const commentOptions = {
  target: {
    type: 'string',
    valueName: 'target',
    default: 'auto',
    description: 'Where to post: auto, pr, commit, pr/<n>, issue/<n> or commit/<sha>. auto = the pull request of this run, else a commit comment.',
  },
  update: { type: 'boolean', description: "Edit this tool's previous report on the target instead of adding a comment (what `comment update` does)." },
  'watermark-title': {
    type: 'string',
    valueName: 'title',
    default: '',
    description: 'Name of this sticky report, to keep several separate reports on one pull request.',
  },
  'rm-watermark': { type: 'boolean', description: 'Leave out the hidden marker; the comment can then not be updated later.' },
  'commit-sha': {
    type: 'string',
    valueName: 'sha',
    aliases: ['head-sha'],
    description: 'Commit to report on (default: the pull request head, else GITHUB_SHA).',
  },
  pr: { type: 'boolean', hidden: true, description: 'CML: post on the pull request of the commit (same as --target pr).' },
  publish: {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'Upload local images linked in the report and rewrite the links (--no-publish to leave them).',
  },
  'publish-url': { type: 'string', valueName: 'url', description: "Self-hosted asset endpoint (CML's style): POST the bytes, the answer is the URL." },
  ...publishGuardOptions,
  'asset-branch': { type: 'string', valueName: 'branch', default: DEFAULT_ASSET_BRANCH, description: 'Branch of the repository that stores published images.' },
  native: {
    type: 'boolean',
    hidden: true,
    aliases: ['publish-native'],
    description: "CML (--publish-native): accepted; on GitHub the repository's own asset branch already is the native store, so it changes nothing.",
  },
  driver: { type: 'string', hidden: true, valueName: 'forge', description: 'CML: forge to use; only github is supported.' },
  ...connectionOptions({ token: 'GitHub token (default: REPO_TOKEN, then GITHUB_TOKEN).' }),
  'dry-run': { type: 'boolean', description: 'Print what would be posted and where; write nothing.' },
  'local-file': {
    type: 'string',
    valueName: 'path',
    default: '.cml/comment.md',
    description: 'Where the rendered comment is written when there is no GitHub token or repository.',
  },
  watch: { type: 'boolean', cliOnly: true, description: 'Keep running and update the comment whenever the file changes (Ctrl-C to stop).' },
  json: { type: 'boolean', cliOnly: true, description: 'Print {url, id, target, updated} as JSON instead of the URL.' },
} as const;

export type CommentMode = 'create' | 'update';

export function commentSpec(mode: CommentMode) {
  return defineCommand({
    name: `comment ${mode}`,
    summary:
      mode === 'create'
        ? 'Post a Markdown report as a comment on the pull request (or issue, or commit).'
        : "Post a Markdown report, editing this tool's previous report on the same target.",
    ...(mode === 'create' ? { aliases: ['send-comment'] } : {}),
    handlesInterrupt: true,
    positionals: [{ name: 'markdown-file', description: 'The report to post.', required: true }],
    options: commentOptions,
    envPrefix: 'CML_COMMENT_',
    examples: [
      `cml comment ${mode} report.md`,
      `cml comment ${mode} report.md --target pr/42 --watermark-title training`,
      `cml comment ${mode} report.md --dry-run`,
    ],
  });
}
