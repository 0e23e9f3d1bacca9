// Path helpers of `cml plot`: which files are images or data, a file's stem, and how a path is
// shown to the user (relative to the working directory when inside it).

import { basename, extname, isAbsolute, relative, sep } from 'node:path';

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp']);
export const DATA_EXTENSIONS = new Set(['.csv', '.tsv', '.json', '.yaml', '.yml']);

export function isImage(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
}

export function stem(path: string): string {
  return basename(path, extname(path));
}

export function displayPath(cwd: string, path: string): string {
  const inside = relative(cwd, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return path;
  return inside.split(sep).join('/');
}
