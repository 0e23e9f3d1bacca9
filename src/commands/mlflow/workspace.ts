// The workspace's metrics and params, read as `cml metrics diff` reads the workspace side: the
// --targets files, else those dvc.yaml lists (params: plus params.yaml).

import { UserError } from '../../errors.js';
import { collectMetrics, collectParams, pathForDisplay } from '../../core/metrics/collect.js';
import type { RevisionValues } from '../../core/metrics/diff.js';
import { Git } from '../../git/git.js';
import { workTree } from '../../git/trees.js';
import { isAbsolute, relative, resolve } from 'node:path';

export interface Workspace {
  readonly git: Git;
  readonly metrics: RevisionValues;
  readonly params: RevisionValues;
}

export async function readWorkspace(cwd: string, targets: readonly string[] | undefined, paramsTargets: readonly string[] | undefined): Promise<Workspace> {
  const git = await Git.open(cwd);
  const tree = workTree(git);
  const [metrics, params] = await Promise.all([collectMetrics(tree, rooted(git, cwd, targets)), collectParams(tree, rooted(git, cwd, paramsTargets), false)]);
  const present = (values: RevisionValues): RevisionValues =>
    new Map([...values].filter(([, flat]) => flat !== undefined).map(([path, flat]) => [pathForDisplay(path, git.prefix), flat]));
  const missing = [...metrics.values].filter(([, flat]) => flat === undefined).map(([path]) => path);
  if (missing.length > 0)
    throw new UserError(`metrics file ${missing.join(', ')} does not exist in the workspace`, { hint: 'run the pipeline first, or pass --targets' });
  if (metrics.values.size === 0)
    throw new UserError('no metrics files: none are listed in dvc.yaml', { hint: 'pass --targets metrics.json, or list them under `metrics:` in dvc.yaml' });
  return { git, metrics: present(metrics.values), params: present(params.values) };
}

function rooted(git: Git, cwd: string, targets: readonly string[] | undefined): string[] | undefined {
  if (!targets) return undefined;
  return targets.map((target) => {
    const path = relative(git.root, resolve(cwd, target)).split('\\').join('/');
    if (path.startsWith('../') || path === '..' || isAbsolute(path)) throw new UserError(`target ${target} is outside the repository ${git.root}`);
    return path;
  });
}
