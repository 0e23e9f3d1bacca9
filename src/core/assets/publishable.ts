// Which local files may be published, the one rule `comment --publish` and `asset publish` share:
// - never anything under .git/ (actions/checkout keeps the job token in .git/config), even
//   through a symlink or when named: any path segment `.git`, before or after resolving links;
// - never a file outside the workspace (a report must not leak ~/.aws/credentials);
// - dotfiles (.env, .npmrc) and files git ignores only when the user names them (--allow-hidden);
// - nothing over the store's size limit, decided from the file's size before it is read.

import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface PublishGuard {
  /** Only files under this folder are published. */
  readonly workspace: string;
  /** Absolute paths (files or folders) named to publish although hidden or ignored. */
  readonly allowHidden: readonly string[];
  /** Whether git ignores a (real, absolute) path; absent means nothing is ignored. */
  readonly isIgnored?: (path: string) => Promise<boolean>;
}

export type Refusal = 'missing' | 'not-a-file' | 'outside' | 'git-dir' | 'hidden' | 'ignored' | 'too-big';

export type Publishable = { readonly path: string; readonly size: number } | { readonly refusal: Refusal; readonly reason: string };

const ALLOW_HINT = 'name it with --allow-hidden <path> to publish it';

/** The real path and size of a file that may be published, or why it may not. */
export async function checkPublishable(path: string, guard: PublishGuard, limit?: { readonly maxBytes: number; readonly where: string }): Promise<Publishable> {
  const workspace = await realpath(guard.workspace).catch(() => resolve(guard.workspace));
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return { refusal: 'missing', reason: 'file not found' };
  }
  const inside = within(workspace, real);
  if (inside === undefined) return { refusal: 'outside', reason: `outside the workspace ${workspace}` };
  const segments = [
    ...inside,
    // Stryker disable ArrayDeclaration: any segment added in place of nothing, unless it is `.git` or a dotted name, changes no decision below
    ...(within(resolve(guard.workspace), resolve(path)) ?? []),
    ...(within(workspace, resolve(path)) ?? []),
    // Stryker restore ArrayDeclaration
  ];
  if (segments.some((segment) => segment.toLowerCase() === '.git')) {
    return { refusal: 'git-dir', reason: 'it is inside .git/, which holds credentials and is never published' };
  }
  const info = await stat(real);
  if (!info.isFile()) return { refusal: 'not-a-file', reason: 'not a file' };
  const allowed = await isAllowed(real, guard.allowHidden);
  if (!allowed && segments.some((segment) => segment.startsWith('.'))) return { refusal: 'hidden', reason: `a hidden file (${ALLOW_HINT})` };
  if (!allowed && guard.isIgnored) {
    let ignored: boolean;
    try {
      ignored = await guard.isIgnored(real);
    } catch (error) {
      return { refusal: 'ignored', reason: `cannot tell whether git ignores it (${(error as Error).message})` };
    }
    if (ignored) return { refusal: 'ignored', reason: `git ignores it (${ALLOW_HINT})` };
  }
  if (limit && info.size > limit.maxBytes) return { refusal: 'too-big', reason: tooBig(info.size, limit) };
  return { path: real, size: info.size };
}

export function tooBig(size: number, limit: { readonly maxBytes: number; readonly where: string }): string {
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
  return `${mib(size)} MiB, over the ${mib(limit.maxBytes)} MiB a file may have on ${limit.where}`;
}

/** The path's segments below `root`, or undefined when it is not below it. */
function within(root: string, path: string): string[] | undefined {
  const inside = relative(root, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
  return inside.split(sep);
}

async function isAllowed(real: string, allowHidden: readonly string[]): Promise<boolean> {
  for (const entry of allowHidden) {
    const allowed = await realpath(entry).catch(() => resolve(entry));
    if (real === allowed || real.startsWith(`${allowed}${sep}`)) return true;
  }
  return false;
}
