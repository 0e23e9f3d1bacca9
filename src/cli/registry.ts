// Every `cml` command: its spec (name, summary, aliases, whether it handles an interrupt) and how
// to load the module that runs it. Specs are light and imported here eagerly, so `cml --help` lists
// the commands in their own words; the modules that run them are imported only when their command
// runs, so the bundle splits per command and `cml --version` loads almost nothing.

import { publishSpec, pruneSpec } from '../commands/asset/spec.js';
import { checkSpec } from '../commands/check/spec.js';
import { commentSpec } from '../commands/comment/spec.js';
import { driftSpec } from '../commands/drift/spec.js';
import { mlflowCompareSpec, mlflowLogSpec } from '../commands/mlflow/spec.js';
import { metricsDiffSpec, metricsHistorySpec, metricsReportSpec, metricsShowSpec, paramsDiffSpec } from '../commands/metrics/spec.js';
import { plotSpec } from '../commands/plot/spec.js';
import { prSpec } from '../commands/pr/spec.js';
import { repoPrepareSpec } from '../commands/repo/spec.js';
import { reportSpec } from '../commands/report/spec.js';
import { cleanupSpec, launchSpec, stopSpec } from '../commands/runner/spec.js';
import { tensorboardScalarsSpec } from '../commands/tensorboard/scalars-spec.js';
import { tensorboardConnectSpec } from '../commands/tensorboard/spec.js';
import { workflowRerunSpec } from '../commands/workflow/spec.js';
import type { CommandSpec, OptionMap } from '../options/spec.js';
import type { CliCommand } from './command.js';

export interface CommandEntry {
  /** Words after `cml`. */
  readonly name: string;
  /** One line for `cml --help`. */
  readonly summary: string;
  /** Other spellings that run this command (CML's older names). */
  readonly aliases?: readonly string[];
  /** The command stops cleanly on io.signal (SIGINT/SIGTERM); others end at once on a signal. */
  readonly handlesInterrupt?: boolean;
  readonly load: () => Promise<CliCommand>;
}

function entry<O extends OptionMap>(spec: CommandSpec<O>, load: () => Promise<CliCommand<O>>): CommandEntry {
  return {
    name: spec.name,
    summary: spec.summary.replace(/\.$/, ''),
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    ...(spec.handlesInterrupt ? { handlesInterrupt: true } : {}),
    load: load as () => Promise<CliCommand>,
  };
}

/** In the order `cml --help` lists them. */
export const commands: readonly CommandEntry[] = [
  entry(commentSpec('create'), async () => (await import('./comment.js')).commentCreate),
  entry(commentSpec('update'), async () => (await import('./comment.js')).commentUpdate),
  entry(reportSpec, async () => (await import('./report.js')).report),
  entry(plotSpec, async () => (await import('./plot.js')).plot),
  entry(metricsDiffSpec, async () => (await import('./metrics.js')).metricsDiff),
  entry(metricsShowSpec, async () => (await import('./metrics.js')).metricsShow),
  entry(metricsHistorySpec, async () => (await import('./metrics.js')).metricsHistory),
  entry(metricsReportSpec, async () => (await import('./metrics.js')).metricsReport),
  entry(paramsDiffSpec, async () => (await import('./metrics.js')).paramsDiff),
  entry(driftSpec, async () => (await import('./drift.js')).drift),
  entry(tensorboardScalarsSpec, async () => (await import('./tensorboard-scalars.js')).tensorboardScalars),
  entry(mlflowCompareSpec, async () => (await import('./mlflow.js')).mlflowCompare),
  entry(mlflowLogSpec, async () => (await import('./mlflow.js')).mlflowLog),
  entry(tensorboardConnectSpec, async () => (await import('./tensorboard.js')).tensorboardConnect),
  entry(prSpec, async () => (await import('./pr.js')).prCreate),
  entry(checkSpec, async () => (await import('./check.js')).checkCreate),
  entry(workflowRerunSpec, async () => (await import('./workflow.js')).workflowRerun),
  entry(repoPrepareSpec, async () => (await import('./repo.js')).repoPrepare),
  entry(publishSpec, async () => (await import('./asset.js')).assetPublish),
  entry(pruneSpec, async () => (await import('./asset.js')).assetPrune),
  entry(launchSpec, async () => (await import('./runner.js')).runnerLaunch),
  entry(stopSpec, async () => (await import('./runner.js')).runnerStop),
  entry(cleanupSpec, async () => (await import('./runner.js')).runnerCleanup),
];

/** The command named by the leading words of argv, and how many words it took. */
export function findCommand(argv: readonly string[]): { entry: CommandEntry; words: number } | undefined {
  let best: { entry: CommandEntry; words: number } | undefined;
  for (const candidate of commands) {
    for (const name of [candidate.name, ...(candidate.aliases ?? [])]) {
      const words = name.split(' ');
      const matches = words.every((word, index) => argv[index] === word);
      if (matches && (!best || words.length > best.words)) best = { entry: candidate, words: words.length };
    }
  }
  return best;
}
