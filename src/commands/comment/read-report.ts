// Reading the report file, with one line for each way it can be wrong.

import { readFile, stat } from 'node:fs/promises';
import { UserError } from '../../errors.js';

export async function readReport(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UserError(`report ${path} is a directory, not a Markdown file`);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`report file not found: ${path}`, { hint: 'check the path; it is relative to the current directory' });
    }
    throw new UserError(`cannot read report ${path}: ${(error as Error).message}`);
  }
}
