// The one way a command writes its output files: check that every path can be written before
// anything is, then write all files or none (temporary files renamed into place, removed on
// failure), with one line naming the path when something goes wrong. Symlinks are written through,
// devices and pipes in place, and a replaced file keeps its mode. Every command's reports, charts,
// JSON and rendered comments go through here.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, lstat, mkdir, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
    // A device or pipe is written in place, not replaced: it must itself be writable.
    if (kind === 'file' && !info.isFile()) return writable(path);
    if (kind === 'directory') {
      if (!info.isDirectory()) return 'a file of that name is in the way';
      return writable(path);
    }
    // A file is replaced by renaming a temporary file next to it (next to a symlink's target):
    // that folder must be writable.
    const folder = dirname(await realpath(path));
    const parent = await writable(folder);
    return parent ? `${folder} is not writable (${parent})` : undefined;
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
 * Where the bytes for `path` really go, and how. A symlink is followed (the link stays, its target
 * gets the new content, as `>` in a shell does); a character device, FIFO or socket (/dev/null,
 * /dev/stdout, a named pipe) is written in place, since renaming over it would replace the node; a
 * regular file keeps its permission bits.
 */
async function destinationOf(path: string): Promise<{ readonly path: string; readonly direct: boolean; readonly mode: number | undefined }> {
  let target = path;
  // A dangling link names the file to create; follow it by hand (bounded, like the kernel's 40).
  for (let hops = 0; hops < 40; hops += 1) {
    const link = await lstat(target).catch(() => undefined);
    if (!link?.isSymbolicLink()) break;
    target = resolve(dirname(target), await readlink(target));
  }
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) return { path: target, direct: false, mode: undefined };
  if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
  if (!info.isFile()) return { path: target, direct: true, mode: undefined };
  return { path: target, direct: false, mode: info.mode & 0o7777 };
}

interface Staged {
  readonly path: string;
  readonly data: string | Buffer;
  readonly destination: string;
  /** Written in place at commit time (a device or pipe): nothing is staged for it. */
  readonly direct: boolean;
  readonly temporary: string | undefined;
  done: boolean;
}

/**
 * Writes all files or none: each goes to a temporary file beside its destination first (created
 * exclusively, with a random name, so nothing planted there is followed), and only when every one
 * is written are they renamed into place; devices and pipes are written last, in place. On a
 * failure before that point the temporary files (and the folders this call created) are removed,
 * the old files are untouched, and the error is one line naming the path.
 */
export async function writeOutputs(files: readonly OutputFile[]): Promise<void> {
  const staged: Staged[] = [];
  const createdFolders: string[] = [];
  let failing = '';
  let committing = false;
  try {
    for (const file of files) {
      failing = file.path;
      const destination = await destinationOf(file.path);
      failing = dirname(destination.path);
      const created = await mkdir(failing, { recursive: true });
      if (created !== undefined) createdFolders.push(created);
      failing = file.path;
      const temporary = destination.direct ? undefined : `${destination.path}.${randomBytes(6).toString('hex')}.tmp`;
      const entry: Staged = { path: file.path, data: file.data, destination: destination.path, direct: destination.direct, temporary, done: false };
      staged.push(entry);
      if (temporary === undefined) continue;
      await writeFile(temporary, file.data, { flag: 'wx', mode: destination.mode ?? 0o666 });
      // `mode` at creation is masked by the umask; an existing file's bits are restored exactly.
      if (destination.mode !== undefined) await chmod(temporary, destination.mode);
    }
    // A directory that appeared under a report's name since the check would fail its rename late.
    for (const entry of staged) {
      failing = entry.path;
      const info = await stat(entry.destination).catch(() => undefined);
      if (info?.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    }
    committing = true;
    for (const entry of staged) {
      failing = entry.path;
      if (entry.temporary !== undefined) await rename(entry.temporary, entry.destination);
      else await writeFile(entry.destination, entry.data, { flag: 'w' });
      entry.done = true;
    }
  } catch (error) {
    await Promise.all(
      staged
        .filter((entry) => !entry.done && entry.temporary !== undefined)
        .map((entry) => rm(entry.temporary as string, { force: true }).catch(() => undefined)),
    );
    if (!committing) {
      for (const folder of createdFolders.reverse()) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
    throw new UserError(`cannot write ${failing}: ${fileSystemReason(error)}`, { cause: error });
  }
}
