// The images of a folder for image drift: PNG, JPEG and WebP files found recursively, in a stable
// (sorted) order, with their paths relative to the folder for the report.

import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserError } from '../../../errors.js';

const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp)$/i;
/** Bounds the walk: a folder tree deeper than this is a mistake (or a link loop). */
const MAX_DEPTH = 32;

export interface ImageFile {
  readonly path: string;
  /** Relative to the folder searched, with forward slashes. */
  readonly name: string;
}

export async function listImages(folder: string): Promise<ImageFile[]> {
  const found: ImageFile[] = [];
  const walk = async (directory: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH)
      throw new UserError(`${folder} nests folders more than ${MAX_DEPTH} deep`, { hint: 'point --reference and --current at the image folders themselves' });
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      throw new UserError(`cannot read the image folder ${directory}: ${(error as Error).message}`);
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile() && IMAGE_EXTENSIONS.test(entry.name)) found.push({ path, name: relative(folder, path).split(sep).join('/') });
    }
  };
  await walk(folder, 0);
  if (found.length === 0) throw new UserError(`no images in ${folder}`, { hint: 'image drift reads PNG, JPEG and WebP files, searched recursively' });
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
