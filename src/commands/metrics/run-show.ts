// `cml metrics show`: the workspace's metrics as DVC's table or DVC-shaped JSON.

import { UserError } from '../../errors.js';
import { findDvcTargets, pathForDisplay, readMetrics } from '../../core/metrics/collect.js';
import { flatten, type FlatValues } from '../../core/metrics/load.js';
import { pythonJson } from '../../core/metrics/python.js';
import { renderTable, showTable } from '../../core/metrics/table.js';
import type { Value } from '../../core/metrics/value.js';
import { Git } from '../../git/git.js';
import { workTree } from '../../git/trees.js';
import type { MetricsDeps } from './deps.js';
import { rootTargets } from './revisions.js';
import type { MetricsShowSettings } from './settings.js';

export async function runMetricsShow(settings: MetricsShowSettings, deps: MetricsDeps): Promise<{ output: string }> {
  const git = await Git.open(settings.cwd);
  const tree = workTree(git);
  const targets = rootTargets(git, settings.cwd, settings.targets) ?? (await findDvcTargets(tree)).metrics;
  if (targets.length === 0) {
    throw new UserError('no metrics files: none are listed in dvc.yaml', { hint: 'pass the files: cml metrics show metrics.json' });
  }
  const parsed = await readMetrics(tree, targets, settings.row);
  const present = new Map<string, Value>();
  for (const [path, data] of parsed) {
    if (data === undefined) deps.logger.warn(`metrics file ${pathForDisplay(path, git.prefix)} does not exist`);
    else present.set(pathForDisplay(path, git.prefix), data);
  }
  if (settings.format === 'json') {
    // DVC's shape: {"workspace": {"data": {"<path>": {"data": {...}}}}}
    const data = new Map([...present].map(([path, value]) => [path, new Map([['data', value]])]));
    return { output: pythonJson(new Map([['workspace', new Map([['data', data]])]])) + '\n' };
  }
  const flat = new Map<string, FlatValues>([...present].map(([path, value]) => [path, flatten(value)]));
  return { output: renderTable(showTable(flat, settings.precision), settings.format === 'markdown' ? 'markdown' : 'plain') };
}
