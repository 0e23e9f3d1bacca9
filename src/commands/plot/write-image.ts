// Writing one image through the shared safe writer (src/output/files.ts), with the one-line
// message `cml plot` gives: the path as the user wrote it, and for a denied folder or a file in
// the way, which folder or file.

import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileSystemReason, UserError } from '../../errors.js';
import { writeOutputs } from '../../output/files.js';
import { displayPath } from '../../report/plots/paths.js';

export interface PlotOutput {
  /** Where the image was written, relative to the working directory when inside it. */
  readonly path: string;
  readonly title: string;
  /** `![title](path)`. */
  readonly markdown: string;
}

/** Refuses early (before drawing) an output path that is an existing directory. */
export async function refuseDirectory(path: string, cwd: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UserError(`cannot write ${displayPath(cwd, path)}: it is a directory`);
}

/**
 * Writes one image whole or not at all. Each image is written on its own, so with --dvc the
 * images before a failing one stay written, as they always have.
 */
export async function writeImage(path: string, bytes: Buffer, title: string, cwd: string): Promise<PlotOutput> {
  const shown = displayPath(cwd, path);
  await refuseDirectory(path, cwd);
  try {
    await writeOutputs([{ path, data: bytes }]);
  } catch (error) {
    const cause = error instanceof UserError && error.cause !== undefined ? error.cause : error;
    throw new UserError(`cannot write ${shown}: ${await whyNotWritten(cause, path, cwd)}`, { cause });
  }
  return { path: shown, title, markdown: `![${escapeMarkdown(title)}](${encodeURI(shown)})` };
}

async function whyNotWritten(error: unknown, path: string, cwd: string): Promise<string> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied in ${displayPath(cwd, dirname(path))}`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return (await fileInThePath(path, cwd)) ?? 'a part of the path is not a directory';
  // fileSystemReason words the codes it knows; for any other (EIO, ...) Node's own message, with
  // its code, says more than the same message stripped of it.
  const known = fileSystemReason({ code, message: '' }) !== '';
  return known ? fileSystemReason(error) : ((error as Error).message ?? String(error));
}

/** The nearest existing ancestor of `path`, when it is a file standing where a folder should be. */
async function fileInThePath(path: string, cwd: string): Promise<string | undefined> {
  for (let directory = dirname(path); directory !== dirname(directory); directory = dirname(directory)) {
    const info = await stat(directory).catch(() => undefined);
    if (info && !info.isDirectory()) return `${displayPath(cwd, directory)} is a file, not a directory`;
    if (info) return undefined;
  }
  return undefined;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[[\]\\]/g, (character) => `\\${character}`);
}
