// DVC lets a plot of dvc.yaml name a directory: each data or image file in it is a plot of its own.

import { readdir, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { DvcPlot } from '../../core/plot/index.js';
import type { Logger } from '../../logger.js';
import { DATA_EXTENSIONS, IMAGE_EXTENSIONS } from './paths.js';

export interface ExpandedPlot {
  readonly id: string;
  readonly files: readonly { path: string; x?: string | undefined; y?: readonly string[] | undefined }[];
  readonly template?: string | undefined;
  readonly title?: string | undefined;
  readonly xLabel?: string | undefined;
  readonly yLabel?: string | undefined;
  readonly x?: string | undefined;
  readonly y?: readonly string[] | undefined;
}

const MAX_DEPTH = 8;
const MAX_FILES = 1000;

/** The plot itself, or one plot per data or image file when it names a directory. */
export async function expandDirectories(definition: DvcPlot, root: string, logger: Logger): Promise<ExpandedPlot[]> {
  const [only] = definition.files;
  if (definition.files.length !== 1 || !only) return [definition];
  const info = await stat(resolve(root, only.path)).catch(() => undefined);
  if (!info?.isDirectory()) return [definition];
  const found: string[] = [];
  await walk(root, only.path, 0, found);
  if (found.length === 0) logger.warn(`plot directory ${only.path} (dvc.yaml) holds no data or image files`);
  return found.map((path) => ({ ...definition, id: path, title: definition.title ?? path, files: [{ ...only, path }] }));
}

async function walk(root: string, directory: string, depth: number, found: string[]): Promise<void> {
  if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
  const entries = (await readdir(resolve(root, directory), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = `${directory.replace(/\/+$/, '')}/${entry.name}`;
    const extension = extname(entry.name).toLowerCase();
    if (entry.isDirectory()) await walk(root, path, depth + 1, found);
    else if (DATA_EXTENSIONS.has(extension) || IMAGE_EXTENSIONS.has(extension)) found.push(path);
  }
}
