// `cml metrics show`: the workspace's metrics as DVC's table or DVC-shaped JSON: the files named
// (read from disk, no git needed) or those dvc.yaml lists (found in the repository).

import { UserError } from '../../errors.js';
import { findDvcTargets, pathForDisplay, readMetrics } from '../../core/metrics/collect.js';
import { flatten, type FlatValues, type RowSelector } from '../../core/metrics/load.js';
import { pythonJson } from '../../core/metrics/python.js';
import { renderTable, showTable } from '../../core/metrics/table.js';
import type { Value } from '../../core/metrics/value.js';
import { Git } from '../../git/git.js';
import { workTree } from '../../git/trees.js';
import type { MetricsDeps } from './deps.js';
import { folderTree, pathFrom } from './folder-tree.js';
import type { MetricsShowSettings } from './settings.js';

export async function runMetricsShow(settings: MetricsShowSettings, deps: MetricsDeps): Promise<{ output: string }> {
  const present = settings.targets ? await namedFiles(settings.cwd, settings.targets, settings.row, deps) : await dvcYamlMetrics(settings, deps);
  if (settings.format === 'json') {
    // DVC's shape: {"workspace": {"data": {"<path>": {"data": {...}}}}}
    const data = new Map([...present].map(([path, value]) => [path, new Map([['data', value]])]));
    return { output: pythonJson(new Map([['workspace', new Map([['data', data]])]])) + '\n' };
  }
  const flat = new Map<string, FlatValues>([...present].map(([path, value]) => [path, flatten(value)]));
  return { output: renderTable(showTable(flat, settings.precision), settings.format === 'markdown' ? 'markdown' : 'plain') };
}

/** Files named on the command line, read from disk relative to the current folder: no git needed. */
async function namedFiles(cwd: string, targets: readonly string[], row: RowSelector, deps: MetricsDeps): Promise<Map<string, Value>> {
  const parsed = await readMetrics(
    folderTree(cwd),
    targets.map((target) => pathFrom(cwd, target)),
    row,
  );
  return existing(parsed, (path) => path, deps);
}

/** The metrics dvc.yaml lists, found in the repository's work tree. */
async function dvcYamlMetrics(settings: MetricsShowSettings, deps: MetricsDeps): Promise<Map<string, Value>> {
  const git = await Git.open(settings.cwd);
  const tree = workTree(git);
  const targets = (await findDvcTargets(tree)).metrics;
  if (targets.length === 0) {
    throw new UserError('no metrics files: none are listed in dvc.yaml', { hint: 'pass the files: cml metrics show metrics.json' });
  }
  return existing(await readMetrics(tree, targets, settings.row), (path) => pathForDisplay(path, git.prefix), deps);
}

function existing(parsed: Map<string, Value | undefined>, display: (path: string) => string, deps: MetricsDeps): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [path, data] of parsed) {
    if (data === undefined) deps.logger.warn(`metrics file ${display(path)} does not exist`);
    else out.set(display(path), data);
  }
  return out;
}
