// What metrics diff, params diff, metrics report and `cml report` share: reading both revisions' metrics (or
// params), saying which files are new or missing, and diffing them as DVC does.

import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { collectMetrics, collectParams } from '../core/metrics/collect.js';
import { diffRevisions, type DiffResult, type RevisionValues } from '../core/metrics/diff.js';
import type { RowSelector } from '../core/metrics/load.js';
import { displayed, rootTargets, type OpenedRevisions, type RevisionSettings } from '../git/open-revisions.js';

function warnAboutMissing(
  kind: string,
  old: RevisionValues,
  next: RevisionValues,
  labels: { old: string; new: string },
  explicit: boolean,
  logger: Logger,
): void {
  for (const path of new Set([...old.keys(), ...next.keys()])) {
    const before = old.get(path);
    const after = next.get(path);
    if (before === undefined && after === undefined) {
      logger.warn(`${kind} file ${path}${explicit ? '' : ' (listed in dvc.yaml)'} exists neither in ${labels.old} nor in ${labels.new}`);
    } else if (before === undefined) {
      logger.info(`${path} is not in ${labels.old}; its ${kind} show as new`);
    } else if (after === undefined) {
      logger.warn(`${path} is not in ${labels.new}; its ${kind} show as missing`);
    }
  }
}

export interface MetricsComparison {
  readonly oldLabel: string;
  readonly newLabel: string;
  /** Every metric, unchanged ones included (what gates see). */
  readonly everything: DiffResult;
  /** What the table shows (unchanged ones only with --all). */
  readonly shown: DiffResult;
}

export async function compareMetrics(
  settings: RevisionSettings & { targets: string[] | undefined; row: RowSelector; all: boolean },
  opened: OpenedRevisions,
  logger: Logger,
): Promise<MetricsComparison> {
  const { git, oldTree, newTree, oldLabel, newLabel } = opened;
  const targets = rootTargets(git, settings.cwd, settings.targets);
  const [old, next] = await Promise.all([collectMetrics(oldTree, targets, settings.row), collectMetrics(newTree, targets, settings.row)]);
  for (const skipped of new Set([...old.skipped, ...next.skipped]))
    logger.warn(`dvc.yaml entry ${skipped} uses \${...} templating, which is not evaluated; pass it with --targets`);
  if (!targets && old.values.size === 0 && next.values.size === 0) {
    throw new UserError(`no metrics files: none are listed in dvc.yaml at ${oldLabel} or ${newLabel}`, {
      hint: 'pass --targets metrics.json, or list them under `metrics:` in dvc.yaml',
    });
  }
  const before = displayed(old.values, git);
  const after = displayed(next.values, git);
  warnAboutMissing('metrics', before, after, { old: oldLabel, new: newLabel }, targets !== undefined, logger);
  const everything = diffRevisions(before, after, { all: true });
  const shown = settings.all ? everything : diffRevisions(before, after, { all: false });
  return { oldLabel, newLabel, everything, shown };
}

export async function compareParams(
  settings: RevisionSettings & { targets: string[] | undefined; all: boolean; deps: boolean },
  opened: OpenedRevisions,
  logger: Logger,
): Promise<DiffResult> {
  const { git, oldTree, newTree, oldLabel, newLabel } = opened;
  const targets = rootTargets(git, settings.cwd, settings.targets);
  const [old, next] = await Promise.all([collectParams(oldTree, targets, settings.deps), collectParams(newTree, targets, settings.deps)]);
  const before = displayed(old.values, git);
  const after = displayed(next.values, git);
  warnAboutMissing('params', before, after, { old: oldLabel, new: newLabel }, targets !== undefined, logger);
  return diffRevisions(before, after, { all: settings.all });
}
