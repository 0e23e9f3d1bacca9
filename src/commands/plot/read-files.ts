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
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${what} not found: ${path}`, { hint: 'check the path; it is relative to the current directory' });
    if (code === 'EISDIR') throw new UserError(`${what} ${path} is a directory`);
    throw new UserError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}
