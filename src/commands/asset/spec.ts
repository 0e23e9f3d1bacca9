// `cml asset publish <file>` (legacy `cml-publish`) and `cml asset prune`: their flags (= action
// inputs) and help. Light on purpose: `cml --version` and `--help` load it.

import { DEFAULT_ASSET_BRANCH } from '../../forges/asset-branch-name.js';
import { connectionOptions, publishGuardOptions } from '../../options/groups.js';
import { defineCommand } from '../../options/spec.js';

const connection = {
  ...connectionOptions({ token: 'GitHub token with contents: write (default: REPO_TOKEN, then GITHUB_TOKEN).' }),
  'asset-branch': { type: 'string', valueName: 'branch', default: DEFAULT_ASSET_BRANCH, description: 'Branch of the repository that stores published assets.' },
} as const;

export const publishOptions = {
  md: { type: 'boolean', description: 'Print a Markdown line (![title](url) for images, [title](url) otherwise) instead of the URL.' },
  title: { type: 'string', valueName: 'text', short: 't', description: 'Title (alt text) for --md.' },
  'mime-type': { type: 'string', valueName: 'type', description: 'Content type, when the file name does not tell (e.g. image/png).' },
  'publish-url': { type: 'string', valueName: 'url', description: "Self-hosted asset endpoint (CML's style): POST the bytes, the answer is the URL." },
  ...publishGuardOptions,
  native: {
    type: 'boolean',
    hidden: true,
    description: "CML: accepted; on GitHub the repository's own asset branch already is the native store, so it changes nothing.",
  },
  'rm-watermark': { type: 'boolean', hidden: true, description: 'CML: accepted for compatibility.' },
  ...connection,
} as const;

export const publishSpec = defineCommand({
  name: 'asset publish',
  summary: 'Publish a file (e.g. a plot) and print a URL to embed in a report.',
  description:
    'Files are stored in the repository on the asset branch under content-addressed names (the same bytes are stored once) and linked so that they render for anyone who can read the repository, private repositories included.',
  aliases: ['publish'],
  positionals: [{ name: 'file', description: 'The file to publish.', required: true }],
  options: publishOptions,
  envPrefix: 'CML_PUBLISH_',
  examples: ['cml asset publish plot.png --md --title "Confusion matrix" >> report.md', 'cml-publish plot.png --md'],
});

export const pruneOptions = {
  'older-than': { type: 'string', valueName: 'days', default: '30', description: 'Remove assets added more than this many days ago (e.g. 30 or 30d).' },
  'keep-referenced': {
    type: 'boolean',
    negatable: true,
    default: true,
    description: 'Keep old assets that comments on open pull requests still show.',
  },
  'dry-run': { type: 'boolean', description: 'List what would be removed; change nothing.' },
  json: { type: 'boolean', cliOnly: true, description: 'Print {kept, removed, referenced} as JSON.' },
  ...connection,
} as const;

export const pruneSpec = defineCommand({
  name: 'asset prune',
  summary: 'Remove old, unreferenced assets and rewrite the asset branch so it stops growing.',
  positionals: [],
  options: pruneOptions,
  envPrefix: 'CML_PRUNE_',
  examples: ['cml asset prune --older-than 30', 'cml asset prune --older-than 7 --no-keep-referenced --dry-run'],
});
