// The asset branch's head and its `index.json` (when each asset was added, for pruning): read the
// same way by publishing (asset-branch.ts) and pruning (asset-prune.ts).

import type { Logger } from '../../logger.js';
import type { GitHubClient } from './client.js';
import type { RepositoryRef } from './context.js';
import { wrapGitHubError } from './errors.js';

export const INDEX_PATH = 'index.json';
/** Attempts at moving the branch when other jobs keep moving it first. */
export const MAX_ATTEMPTS = 5;

export interface AssetIndex {
  readonly version: 1;
  readonly assets: Record<string, { readonly added: string; readonly bytes: number; readonly contentType: string }>;
}

export interface AssetBranchOptions {
  readonly client: GitHubClient;
  readonly repository: RepositoryRef;
  readonly branch: string;
  /** https://github.com, or the GitHub Enterprise Server URL. */
  readonly serverUrl: string;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export interface TreeEntry {
  path: string;
  mode: '100644';
  type: 'blob';
  sha?: string;
  content?: string;
}

export interface BranchHead {
  readonly commitSha: string;
  readonly treeSha: string;
}

export function emptyIndex(): AssetIndex {
  return { version: 1, assets: {} };
}

export function indexEntry(index: AssetIndex): TreeEntry {
  return { path: INDEX_PATH, mode: '100644', type: 'blob', content: `${JSON.stringify(index, null, 1)}\n` };
}

/** The commit the branch points at, or undefined when the branch does not exist. */
export async function readHeadSha(options: AssetBranchOptions): Promise<string | undefined> {
  const { client, repository, branch } = options;
  try {
    const ref = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner: repository.owner, repo: repository.repo, ref: `heads/${branch}` });
    return ref.data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw wrapGitHubError(error, { action: `read branch ${branch} of ${slugOf(options)}`, permission: 'contents: read' });
  }
}

export async function readHead(options: AssetBranchOptions): Promise<BranchHead | undefined> {
  const commitSha = await readHeadSha(options);
  if (!commitSha) return undefined;
  const { client, repository } = options;
  const commit = await guarded(options, 'read the asset branch', 'contents: read', () =>
    client.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { owner: repository.owner, repo: repository.repo, commit_sha: commitSha }),
  );
  return { commitSha, treeSha: commit.data.tree.sha };
}

export async function readIndex(options: AssetBranchOptions, commitSha: string): Promise<AssetIndex> {
  const { client, repository, branch } = options;
  try {
    const file = await client.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: repository.owner,
      repo: repository.repo,
      path: INDEX_PATH,
      ref: commitSha,
    });
    const data = file.data as { content?: string; encoding?: string };
    const parsed = JSON.parse(Buffer.from(data.content ?? '', 'base64').toString('utf8')) as AssetIndex;
    return parsed && typeof parsed.assets === 'object' ? parsed : emptyIndex();
  } catch (error) {
    if ((error as { status?: number }).status === 404 || error instanceof SyntaxError) return emptyIndex();
    throw wrapGitHubError(error, { action: `read the asset index of ${branch} in ${slugOf(options)}`, permission: 'contents: read' });
  }
}

/** Runs one API call, turning its failure into one line that names the branch and the permission. */
export async function guarded<T>(options: AssetBranchOptions, action: string, permission: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw wrapGitHubError(error, { action: `${action} (branch ${options.branch} of ${slugOf(options)})`, ...(permission ? { permission } : {}) });
  }
}

export function slugOf(options: Pick<AssetBranchOptions, 'repository'>): string {
  return `${options.repository.owner}/${options.repository.repo}`;
}
