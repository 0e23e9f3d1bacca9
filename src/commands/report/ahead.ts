// Work done while the training command runs. The base revision is read at once: a commit does not
// change, so the files the report will compare with (dvc.yaml's metrics, params and plot data, or
// the flags' files) are read from git ahead of time and kept by the commit tree, and the sections
// take them from there once the run ends (plots read their base data through the same tree).
// Heavier work (drawing the plots, comparing drift data the command does not touch) waits until
// the command has run a little: a command that ends sooner would only find it still under way.

import { setTimeout as sleep } from 'node:timers/promises';
import { findDvcTargets } from '../../core/metrics/collect.js';
import { DEFAULT_PARAMS_FILE } from '../../core/metrics/dvc-yaml.js';
import { isDataFile } from '../../core/plot/data.js';
import { readDvcPlots } from '../../core/plot/dvc-yaml.js';
import { repositoryPath, rootTargets } from '../../git/open-revisions.js';
import { FileNotAtRevision } from '../../git/show-file.js';
import type { ReadAtBase } from '../../report/plots/base-revision.js';
import type { Compared } from './base.js';
import type { ReportSettings } from './settings.js';

/**
 * Starts reading the base's files. Never fails: a file that cannot be read now is read (and its
 * error met) by the section that needs it.
 */
export function readBaseAhead(settings: ReportSettings, compared: Compared): Promise<void> {
  const { opened, git } = compared;
  const read = async (): Promise<void> => {
    const { metrics, params, plots } = settings.sources;
    const named = [metrics, params, plots].flatMap((targets) => rootTargets(git, settings.cwd, targets) ?? []);
    const declared = metrics && params && plots ? undefined : await findDvcTargets(opened.oldTree);
    const plotFiles = plots ? [] : await declaredPlotFiles(opened.oldTree);
    await opened.oldTree.readFiles([...named, ...(declared?.metrics ?? []), ...(declared?.params.keys() ?? []), DEFAULT_PARAMS_FILE, ...plotFiles]);
  };
  return read().catch(() => undefined);
}

/** The data files the base's root dvc.yaml plots name (directories and globs are left to the plots). */
async function declaredPlotFiles(tree: Compared['opened']['oldTree']): Promise<string[]> {
  const text = (await tree.readFiles(['dvc.yaml'])).get('dvc.yaml');
  if (text === undefined) return [];
  return readDvcPlots(text.toString('utf8'), 'dvc.yaml')
    .flatMap((plot) => plot.files.map((file) => file.path.replace(/^\.\//, '')))
    .filter(isDataFile);
}

/**
 * Reads a plot's base data through the compared commit's tree (read ahead, one git call for many
 * files); other revisions and files outside the repository go to `fallback`.
 */
export function treeBaseReader(compared: Compared, fallback: ReadAtBase): ReadAtBase {
  return async (dataFile, revision) => {
    const path = repositoryPath(compared.git, dataFile);
    if (revision !== compared.opened.oldCommit || !path) return fallback(dataFile, revision);
    const contents = (await compared.opened.oldTree.readFiles([path])).get(path);
    if (contents === undefined) throw new FileNotAtRevision(path, revision);
    return contents;
  };
}

/**
 * A command that ends within this long after it started is not worth working ahead for: the work
 * would not be done by then, and would only add to what is left after it.
 */
const AHEAD_DELAY_MS = 500;

/** Waits until the command has run AHEAD_DELAY_MS; false when it ended first. */
export async function worthWorkingAhead(ended: AbortSignal): Promise<boolean> {
  await sleep(AHEAD_DELAY_MS, undefined, { signal: ended }).catch(() => undefined);
  return !ended.aborted;
}
