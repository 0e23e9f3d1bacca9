// RevisionTree (src/core/metrics/collect.ts) backed by git: a commit read with `git cat-file`, or
// the work tree read from disk (what `dvc metrics diff` calls "workspace").

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RevisionTree } from '../core/metrics/collect.js';
import type { Git } from './git.js';

export function commitTree(git: Git, commit: string, label: string): RevisionTree {
  let files: Promise<string[]> | undefined;
  return {
    label,
    listFiles: () => (files ??= git.listFiles(commit)),
    readFiles: (paths) => git.readFiles(commit, paths),
  };
}

export function workTree(git: Git, label = 'workspace'): RevisionTree {
  let files: Promise<string[]> | undefined;
  return {
    label,
    listFiles: () => (files ??= git.listWorkTreeFiles()),
    async readFiles(paths) {
      const out = new Map<string, Buffer | undefined>();
      await Promise.all(
        [...new Set(paths)].map(async (path) => {
          try {
            out.set(path, await readFile(join(git.root, path)));
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') out.set(path, undefined);
            else throw error;
          }
        }),
      );
      return out;
    },
  };
}
