// Files on disk under one folder as a RevisionTree, for `metrics show` with files named
// explicitly: reading the workspace needs no git (and no repository) when nothing is looked up.

import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { RevisionTree } from '../../core/metrics/collect.js';

/** A path as given, relative to `folder` and '/'-separated, as it is shown. */
export function pathFrom(folder: string, path: string): string {
  const within = relative(folder, resolve(folder, path)).split('\\').join('/');
  return within === '' || isAbsolute(within) ? resolve(folder, path) : within;
}

export function folderTree(folder: string, label = 'workspace'): RevisionTree {
  const read = async (path: string): Promise<Buffer | undefined> =>
    readFile(resolve(folder, path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EISDIR') return undefined;
      throw error;
    });
  return {
    label,
    // Only named files are read; nothing is listed (no dvc.yaml is looked for).
    listFiles: async () => [],
    readFiles: async (paths) => new Map(await Promise.all(paths.map(async (path) => [path, await read(path)] as const))),
  };
}
