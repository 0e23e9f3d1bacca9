// RevisionTree (src/core/metrics/collect.ts) backed by git: a commit read with `git cat-file`, or
// the work tree read from disk (what `dvc metrics diff` calls "workspace").

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RevisionTree } from '../core/metrics/collect.js';
import type { Git } from './git.js';

/**
 * A commit's files. A commit never changes, so each file is read once (many paths per `git
 * cat-file` call) and kept: the report reads its base while the training command runs, and the
 * metrics, params and plots then take the files from here.
 */
export function commitTree(git: Git, commit: string, label: string): RevisionTree {
  let files: Promise<string[]> | undefined;
  const read = new Map<string, Promise<Buffer | undefined>>();
  return {
    label,
    listFiles: () => (files ??= git.listFiles(commit)),
    async readFiles(paths) {
      const wanted = [...new Set(paths)];
      const missing = wanted.filter((path) => !read.has(path));
      if (missing.length > 0) {
        const batch = git.readFiles(commit, missing);
        for (const path of missing) {
          const contents = batch.then((files) => files.get(path));
          // Whoever reads the path meets the error; a path nobody awaits is not an unhandled rejection.
          contents.catch(() => undefined);
          read.set(path, contents);
        }
        // A failed read is not kept: the next caller asks git again (and meets the error itself).
        batch.catch(() => {
          for (const path of missing) read.delete(path);
        });
      }
      const pending = wanted.map((path) => [path, read.get(path)!] as const);
      const out = new Map<string, Buffer | undefined>();
      for (const [path, contents] of pending) out.set(path, await contents);
      return out;
    },
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
