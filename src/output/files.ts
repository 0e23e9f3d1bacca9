// Writing a command's output files safely: check that every path can be written before anything
// is, then write all files or none (temporary files renamed into place, removed on failure), with
// one line naming the path when something goes wrong. Used by drift (reports and charts) and by
// comment (the rendered comment written locally).

import { constants } from 'node:fs';
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileSystemReason, UserError } from '../errors.js';

/** A file a command writes: a report, or an image next to it. */
export interface OutputFile {
  readonly path: string;
  readonly data: string | Buffer;
}

/**
 * Why `path` cannot be written (as a file, or created as a directory), or undefined when it can as
 * far as can be told without writing: an existing file must not be a directory and must be in a
 * writable folder (it is replaced by a rename), an existing directory must be writable, and a
 * path that does not exist yet needs its nearest existing ancestor to be a writable directory.
 */
export async function whyUnwritable(path: string, kind: 'file' | 'directory'): Promise<string | undefined> {
  const writable = async (target: string): Promise<string | undefined> => {
    try {
      await access(target, constants.W_OK);
      return undefined;
    } catch (error) {
      return fileSystemReason(error);
    }
  };
  try {
    const info = await stat(path);
    if (kind === 'file' && info.isDirectory()) return 'it is a directory';
    if (kind === 'directory') {
      if (!info.isDirectory()) return 'a file of that name is in the way';
      return writable(path);
    }
    // A file is replaced by renaming a temporary file next to it: its folder must be writable.
    const parent = await writable(dirname(path));
    return parent ? `${dirname(path)} is not writable (${parent})` : undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return fileSystemReason(error);
  }
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    let info;
    try {
      info = await stat(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(folder) !== folder) continue;
      return fileSystemReason(error);
    }
    if (!info.isDirectory()) return `${folder} is a file, not a directory`;
    const denied = await writable(folder);
    return denied ? `${folder} is not writable (${denied})` : undefined;
  }
}

/**
 * Writes all files or none: each goes to a temporary file next to it first, and only when every
 * one is written are they renamed into place. On a failure the temporary files (and the folders
 * this call created) are removed, and the error is one line naming the path.
 */
export async function writeOutputs(files: readonly OutputFile[]): Promise<void> {
  const staged: { readonly path: string; readonly temporary: string; renamed: boolean }[] = [];
  const createdFolders: string[] = [];
  let failing = '';
  let committing = false;
  try {
    for (const file of files) {
      failing = dirname(file.path);
      const created = await mkdir(failing, { recursive: true });
      if (created !== undefined) createdFolders.push(created);
      failing = file.path;
      const entry = { path: file.path, temporary: `${file.path}.${process.pid}.tmp`, renamed: false };
      staged.push(entry);
      await writeFile(entry.temporary, file.data);
    }
    // A directory that appeared under a report's name since the check would fail its rename late.
    for (const entry of staged) {
      failing = entry.path;
      const info = await stat(entry.path).catch(() => undefined);
      if (info?.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    }
    committing = true;
    for (const entry of staged) {
      failing = entry.path;
      await rename(entry.temporary, entry.path);
      entry.renamed = true;
    }
  } catch (error) {
    await Promise.all(staged.filter((entry) => !entry.renamed).map((entry) => rm(entry.temporary, { force: true }).catch(() => undefined)));
    if (!committing) {
      for (const folder of createdFolders.reverse()) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
    throw new UserError(`cannot write ${failing}: ${fileSystemReason(error)}`, { cause: error });
  }
}
