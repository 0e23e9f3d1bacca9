// Reading drift.yaml (--config) from disk; the parsing and validation are config.ts.

import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { DEFAULT_CONFIG, parseDriftConfig, type DriftConfig } from './config.js';

export async function loadDriftConfig(path: string | undefined): Promise<DriftConfig> {
  if (path === undefined) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`drift config not found: ${path}`, { hint: 'check the --config path' });
    throw new UserError(`cannot read the drift config ${path}: ${(error as Error).message}`);
  }
  return parseDriftConfig(text, path);
}
