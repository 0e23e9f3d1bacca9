// Every `cml` command, with the one-line summary shown by `cml --help`. Modules are imported only
// when their command runs, so the bundle splits per command and `cml --version` loads almost nothing.

import type { CliCommand } from './command.js';

export interface CommandEntry {
  /** Words after `cml`. */
  readonly name: string;
  readonly summary: string;
  /** Other spellings that run this command (CML's older names). */
  readonly aliases?: readonly string[];
  /** The command stops cleanly on io.signal (SIGINT/SIGTERM); others end at once on a signal. */
  readonly handlesInterrupt?: boolean;
  readonly load: () => Promise<CliCommand>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'comment create',
    handlesInterrupt: true,
    summary: 'Post a Markdown report as a comment on the pull request, issue or commit',
    aliases: ['send-comment'],
    load: async () => (await import('./comment.js')).commentCreate,
  },
  {
    name: 'comment update',
    handlesInterrupt: true,
    summary: 'Post a report, editing this tool\'s previous report on the same target',
    load: async () => (await import('./comment.js')).commentUpdate,
  },
  {
    name: 'plot',
    summary: 'Render data with a DVC template, or a Vega-Lite spec, to PNG or SVG',
    load: async () => (await import('./plot.js')).plot,
  },
  {
    name: 'metrics diff',
    summary: 'Compare metrics between revisions or with the workspace (tables as `dvc metrics diff`)',
    load: async () => (await import('./metrics.js')).metricsDiff,
  },
  {
    name: 'metrics show',
    summary: "Print the workspace's metrics (as `dvc metrics show`)",
    load: async () => (await import('./metrics.js')).metricsShow,
  },
  {
    name: 'metrics history',
    summary: 'Metrics of each commit along a branch: table, JSON, trend plot',
    load: async () => (await import('./metrics.js')).metricsHistory,
  },
  {
    name: 'metrics report',
    summary: 'Markdown report section: headline, metrics table, gates, params',
    load: async () => (await import('./metrics.js')).metricsReport,
  },
  {
    name: 'params diff',
    summary: 'Compare params between revisions or with the workspace (tables as `dvc params diff`)',
    load: async () => (await import('./metrics.js')).paramsDiff,
  },
  {
    name: 'drift',
    summary: 'Compare reference and current data: schema checks and drift tests per column',
    load: async () => (await import('./drift.js')).drift,
  },
  {
    name: 'asset publish',
    summary: 'Publish a file (e.g. a plot) and print a URL to embed in a report',
    aliases: ['publish'],
    load: async () => (await import('./asset.js')).assetPublish,
  },
  {
    name: 'asset prune',
    summary: 'Remove old, unreferenced assets and rewrite the asset branch so it stops growing',
    load: async () => (await import('./asset.js')).assetPrune,
  },
  {
    name: 'pr create',
    summary: 'Commit files to a branch, push it and open (or reuse) a pull request',
    aliases: ['pr'],
    load: async () => (await import('./pr.js')).prCreate,
  },
  {
    name: 'check create',
    summary: 'Put a Markdown report on the Checks tab of a commit, as a check run',
    aliases: ['send-github-check'],
    load: async () => (await import('./check.js')).checkCreate,
  },
  {
    name: 'workflow rerun',
    summary: 'Re-run the failed jobs of a workflow run',
    aliases: ['rerun-workflow'],
    load: async () => (await import('./workflow.js')).workflowRerun,
  },
  {
    name: 'repo prepare',
    summary: 'Prepare the checkout for later commands: git user, full history, token for pushes',
    aliases: ['ci'],
    load: async () => (await import('./repo.js')).repoPrepare,
  },
  {
    name: 'tensorboard connect',
    summary: 'CML: published logs to tensorboard.dev, which shut down in January 2024',
    aliases: ['tensorboard-dev'],
    load: async () => (await import('./tensorboard.js')).tensorboardConnect,
  },
  {
    name: 'runner launch',
    handlesInterrupt: true,
    summary: 'Start a self-hosted runner on a cloud machine for this repository',
    aliases: ['runner'],
    load: async () => (await import('./runner.js')).runnerLaunch,
  },
  {
    name: 'runner stop',
    summary: "Terminate a runner's machine and remove its registration",
    load: async () => (await import('./runner.js')).runnerStop,
  },
  {
    name: 'runner cleanup',
    summary: 'Terminate orphaned runner machines and remove stale registrations',
    load: async () => (await import('./runner.js')).runnerCleanup,
  },
];

/** The command named by the leading words of argv, and how many words it took. */
export function findCommand(argv: readonly string[]): { entry: CommandEntry; words: number } | undefined {
  let best: { entry: CommandEntry; words: number } | undefined;
  for (const entry of commands) {
    for (const name of [entry.name, ...(entry.aliases ?? [])]) {
      const words = name.split(' ');
      const matches = words.every((word, index) => argv[index] === word);
      if (matches && (!best || words.length > best.words)) best = { entry, words: words.length };
    }
  }
  return best;
}
