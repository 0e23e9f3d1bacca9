// Reading `cml plot`'s inputs (data, spec, template and image files), with one-line errors that
// name the file and what it was for.

import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';

export async function readText(path: string, what: string): Promise<string> {
  return (await readBytes(path, what)).toString('utf8');
}

export async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw readFailure(error, path, what);
  }
}

/** The one line for a file that cannot be read. */
export function readFailure(error: unknown, path: string, what: string): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError(`${what} not found: ${path}`, { hint: 'check the path; it is relative to the current directory' });
  if (code === 'EISDIR') return new UserError(`${what} ${path} is a directory`);
  return new UserError(`cannot read ${what} ${path}: ${(error as Error).message}`);
}
