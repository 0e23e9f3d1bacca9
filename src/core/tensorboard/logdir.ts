// Finding and reading a logdir's event files: every `events.out.tfevents.*` below it, each file's
// folder (relative to the logdir) being its run, as TensorBoard names runs.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserError, fileSystemReason } from '../../errors.js';
import { extractScalars, type EventFile, type FileIssue, type ScalarSeries } from './scalars.js';

const EVENT_FILE = /^events\.out\.tfevents\./;
/** Bounds the walk: a logdir pointed at / by mistake should fail, not read the disk. */
const MAX_ENTRIES = 200_000;

export async function findEventFiles(logdir: string): Promise<{ path: string; run: string }[]> {
  let entries;
  try {
    entries = await readdir(logdir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new UserError(`cannot read the logdir ${logdir}: ${fileSystemReason(error)}`, {
      hint: 'pass the folder your training wrote its TensorBoard logs to',
    });
  }
  if (entries.length > MAX_ENTRIES)
    throw new UserError(`the logdir ${logdir} holds over ${MAX_ENTRIES} entries`, { hint: 'point it at the folder of TensorBoard logs' });
  const files = entries
    .filter((entry) => entry.isFile() && EVENT_FILE.test(entry.name))
    .map((entry) => {
      const folder = relative(logdir, entry.parentPath).split(sep).join('/');
      return { path: join(entry.parentPath, entry.name), run: folder === '' ? '.' : folder };
    });
  return files.sort((a, b) => (a.run === b.run ? (a.path < b.path ? -1 : 1) : a.run < b.run ? -1 : 1));
}

export interface LogdirScalars {
  readonly series: ScalarSeries[];
  readonly issues: FileIssue[];
  readonly files: number;
}

export async function readLogdirScalars(logdir: string): Promise<LogdirScalars> {
  const found = await findEventFiles(logdir);
  const files: EventFile[] = [];
  for (const file of found) {
    const bytes = await readFile(file.path);
    files.push({ run: file.run, name: relative(logdir, file.path).split(sep).join('/'), bytes });
  }
  return { ...extractScalars(files), files: files.length };
}

/** One warning line per damaged file. */
export function describeIssue(issue: FileIssue): string {
  const more = issue.more > 0 ? ` (and ${issue.more} more problem${issue.more === 1 ? '' : 's'} in this file)` : '';
  return `${issue.file} at byte ${issue.offset}: ${issue.message}; the other records were read${more}`;
}
