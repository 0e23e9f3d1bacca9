// Assets stored in the repository itself, on a dedicated branch (default `cml-assets`), under
// content-addressed paths. GitHub has no API for comment attachments; a file in the repository is
// served to anyone who can read the repository, so images render in private repositories too,
// and nothing leaves GitHub.
//
// One commit per publish, made with the Git Data API (blobs, tree, commit, ref). Blobs, trees and
// commits are content-addressed, so sending one twice stores nothing new and they may be retried;
// the ref update is the one write that is checked before it is sent again. Concurrent jobs
// race on the branch: a ref update that is not a fast-forward is answered 422, and we start again
// from the new head (bounded). An `index.json` records when each asset was added, for pruning.

import type { Asset } from '../../core/assets/content.js';
import type { AssetStore } from '../../core/assets/publish-report.js';
import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { NO_AUTOMATIC_RETRY, type GitHubClient } from './client.js';
import type { RepositoryRef } from './context.js';
import { wrapGitHubError } from './errors.js';

export const DEFAULT_ASSET_BRANCH = 'cml-assets';
const INDEX_PATH = 'index.json';
const MAX_ATTEMPTS = 5;

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

export function validateBranchName(branch: string): string {
  // git check-ref-format, the parts that matter for a user-given name.
  if (!branch || /(^[./-])|([./]$)|\.\.|[\s~^:?*[\\]|@\{|\/\/|\.lock$/.test(branch)) {
    throw new UserError(`--asset-branch "${branch}" is not a valid branch name`, { hint: 'use letters, digits, -, _ and /, e.g. cml-assets' });
  }
  return branch;
}

export function assetUrl(options: Pick<AssetBranchOptions, 'serverUrl' | 'repository' | 'branch'>, path: string): string {
  // blob/<branch>/<path>?raw=true is served to whoever can read the repository (private too) and
  // follows the branch, so pruning (which rewrites history) does not break assets it keeps.
  const branch = options.branch.split('/').map(encodeURIComponent).join('/');
  return `${options.serverUrl}/${options.repository.owner}/${options.repository.repo}/blob/${branch}/${path}?raw=true`;
}

export function createAssetBranchStore(options: AssetBranchOptions): AssetStore {
  const { client, repository, branch, logger } = options;
  const { owner, repo } = repository;
  const slug = `${owner}/${repo}`;
  const now = options.now ?? (() => new Date());
  const call = async <T>(action: string, permission: string | undefined, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw wrapGitHubError(error, { action: `${action} (branch ${branch} of ${slug})`, ...(permission ? { permission } : {}) });
    }
  };

  return {
    description: `branch ${branch} of ${slug}`,
    async store(assets) {
      const urls = new Map(assets.map((asset) => [asset.path, assetUrl(options, asset.path)]));
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        const head = await readHead();
        const index = head ? await readIndex(head.commitSha) : { version: 1 as const, assets: {} };
        const missing = assets.filter((asset) => !(asset.path in index.assets));
        if (missing.length === 0) {
          logger.debug(`all ${assets.length} assets already on ${branch}`);
          return urls;
        }
        const entries: TreeEntry[] = [];
        for (const asset of missing) {
          const blob = await call('upload an asset', 'contents: write', () =>
            client.request('POST /repos/{owner}/{repo}/git/blobs', { owner, repo, content: asset.bytes.toString('base64'), encoding: 'base64' }),
          );
          entries.push({ path: asset.path, mode: '100644', type: 'blob', sha: blob.data.sha });
        }
        const added = now().toISOString();
        const nextIndex: AssetIndex = {
          version: 1,
          assets: { ...index.assets, ...Object.fromEntries(missing.map((asset) => [asset.path, { added, bytes: asset.bytes.length, contentType: asset.contentType }])) },
        };
        entries.push({ path: INDEX_PATH, mode: '100644', type: 'blob', content: `${JSON.stringify(nextIndex, null, 1)}\n` });
        const tree = await call('write the asset tree', 'contents: write', () =>
          client.request('POST /repos/{owner}/{repo}/git/trees', { owner, repo, tree: entries, ...(head ? { base_tree: head.treeSha } : {}) }),
        );
        const commit = await call('commit the assets', 'contents: write', () =>
          client.request('POST /repos/{owner}/{repo}/git/commits', {
            owner,
            repo,
            message: `Add ${missing.length} report asset${missing.length === 1 ? '' : 's'}`,
            tree: tree.data.sha,
            parents: head ? [head.commitSha] : [],
          }),
        );
        const moved = await moveBranch(head?.commitSha, commit.data.sha);
        if (moved) {
          logger.info(`published ${missing.length} new asset${missing.length === 1 ? '' : 's'} to ${branch}`);
          return urls;
        }
        logger.info(`branch ${branch} moved while publishing (another job); trying again (${attempt}/${MAX_ATTEMPTS})`);
      }
      throw new UserError(`could not update branch ${branch} of ${slug}: it kept moving (${MAX_ATTEMPTS} attempts)`, { hint: 'try again; many jobs publishing at once can race' });
    },
  };

  async function readHead(): Promise<{ commitSha: string; treeSha: string } | undefined> {
    let commitSha: string;
    try {
      const ref = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${branch}` });
      commitSha = ref.data.object.sha;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw wrapGitHubError(error, { action: `read branch ${branch} of ${slug}`, permission: 'contents: read' });
    }
    const commit = await call('read the asset branch', 'contents: read', () => client.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { owner, repo, commit_sha: commitSha }));
    return { commitSha, treeSha: commit.data.tree.sha };
  }

  async function readIndex(commitSha: string): Promise<AssetIndex> {
    try {
      const file = await client.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: INDEX_PATH, ref: commitSha });
      const data = file.data as { content?: string; encoding?: string };
      const parsed = JSON.parse(Buffer.from(data.content ?? '', 'base64').toString('utf8')) as AssetIndex;
      return parsed && typeof parsed.assets === 'object' ? parsed : { version: 1, assets: {} };
    } catch (error) {
      if ((error as { status?: number }).status === 404 || error instanceof SyntaxError) return { version: 1, assets: {} };
      throw wrapGitHubError(error, { action: `read the asset index of ${branch} in ${slug}`, permission: 'contents: read' });
    }
  }

  /** Fast-forwards (or creates) the branch; false when someone else moved it first. */
  async function moveBranch(from: string | undefined, to: string): Promise<boolean> {
    try {
      if (from) {
        await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { owner, repo, ref: `heads/${branch}`, sha: to, force: false, ...NO_AUTOMATIC_RETRY });
      } else {
        await client.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${branch}`, sha: to, ...NO_AUTOMATIC_RETRY });
      }
      return true;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 422) return false;
      // Unknown outcome: the branch tells whether our commit landed.
      if (status === undefined || status >= 500) return (await readHead())?.commitSha === to;
      throw wrapGitHubError(error, { action: `update branch ${branch} of ${slug}`, permission: 'contents: write' });
    }
  }
}

interface TreeEntry {
  path: string;
  mode: '100644';
  type: 'blob';
  sha?: string;
  content?: string;
}

export type { Asset };

export interface PruneOptions extends AssetBranchOptions {
  /** Assets added longer ago than this are dropped... */
  readonly olderThanDays: number;
  /** ...unless a comment on an open pull request still links to them. */
  readonly keepReferenced: boolean;
  readonly dryRun: boolean;
}

export interface PruneOutcome {
  readonly kept: number;
  readonly removed: readonly string[];
  readonly referenced: number;
}

const MAX_OPEN_PULLS_SCANNED = 500;

/**
 * Drops old assets and rewrites the branch as a single commit with what is left, so the dropped
 * files leave the branch's history too (the repository does not keep growing). Run it from one
 * scheduled workflow (with a `concurrency:` group): a publish that lands between our read and the
 * rewrite is detected and the prune starts over, but two prunes at once are not coordinated.
 */
export async function pruneAssets(options: PruneOptions): Promise<PruneOutcome> {
  const { client, repository, branch, logger } = options;
  const { owner, repo } = repository;
  const slug = `${owner}/${repo}`;
  const now = (options.now ?? (() => new Date()))();
  const guard = async <T>(action: string, run: () => Promise<T>, permission = 'contents: write'): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw wrapGitHubError(error, { action: `${action} (branch ${branch} of ${slug})`, permission });
    }
  };

  const referenced = options.keepReferenced ? await referencedAssets(options) : new Set<string>();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    let headSha: string;
    try {
      headSha = (await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${branch}` })).data.object.sha;
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        logger.info(`branch ${branch} does not exist in ${slug}; nothing to prune`);
        return { kept: 0, removed: [], referenced: referenced.size };
      }
      throw wrapGitHubError(error, { action: `read branch ${branch} of ${slug}`, permission: 'contents: read' });
    }
    const commit = await guard('read the asset branch', () => client.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { owner, repo, commit_sha: headSha }));
    const tree = await guard('list the assets', () => client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { owner, repo, tree_sha: commit.data.tree.sha, recursive: 'true' }));
    if (tree.data.truncated) throw new UserError(`branch ${branch} of ${slug} holds more files than GitHub lists at once`, { hint: 'prune with a shorter --older-than first' });
    const files = new Map(tree.data.tree.filter((entry) => entry.type === 'blob' && entry.path && entry.sha).map((entry) => [entry.path!, entry.sha!]));
    const indexFile = await guard('read the asset index', () => client.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: INDEX_PATH, ref: headSha }), 'contents: read').catch(() => undefined);
    const index = indexFile ? (JSON.parse(Buffer.from((indexFile.data as { content?: string }).content ?? '', 'base64').toString('utf8')) as AssetIndex) : { version: 1 as const, assets: {} };

    const cutoff = now.getTime() - options.olderThanDays * 86_400_000;
    const removed: string[] = [];
    const keptEntries: TreeEntry[] = [];
    const keptIndex: Record<string, AssetIndex['assets'][string]> = {};
    for (const [path, sha] of files) {
      if (path === INDEX_PATH) continue;
      const added = Date.parse(index.assets[path]?.added ?? '');
      // Files with no index entry are treated as old: they were not added by this tool's publish.
      const old = Number.isNaN(added) || added < cutoff;
      if (old && !referenced.has(path)) {
        removed.push(path);
        continue;
      }
      keptEntries.push({ path, mode: '100644', type: 'blob', sha });
      const entry = index.assets[path];
      if (entry) keptIndex[path] = entry;
    }
    if (removed.length === 0) {
      logger.info(`nothing to prune on ${branch}: ${keptEntries.length} assets, none older than ${options.olderThanDays} days and unreferenced`);
      return { kept: keptEntries.length, removed, referenced: referenced.size };
    }
    if (options.dryRun) {
      logger.info(`dry run: would remove ${removed.length} of ${files.size - 1} assets from ${branch}`);
      return { kept: keptEntries.length, removed, referenced: referenced.size };
    }
    keptEntries.push({ path: INDEX_PATH, mode: '100644', type: 'blob', content: `${JSON.stringify({ version: 1, assets: keptIndex }, null, 1)}\n` });
    const newTree = await guard('write the pruned tree', () => client.request('POST /repos/{owner}/{repo}/git/trees', { owner, repo, tree: keptEntries }));
    const newCommit = await guard('commit the pruned assets', () =>
      client.request('POST /repos/{owner}/{repo}/git/commits', { owner, repo, message: `Prune ${removed.length} report assets`, tree: newTree.data.sha, parents: [] }),
    );
    // No compare-and-swap exists for a forced ref update: re-read the head just before it.
    const current = (await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${branch}` })).data.object.sha;
    if (current !== headSha) {
      logger.info(`branch ${branch} moved while pruning; starting over (${attempt}/${MAX_ATTEMPTS})`);
      continue;
    }
    await guard('rewrite the asset branch', () =>
      client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { owner, repo, ref: `heads/${branch}`, sha: newCommit.data.sha, force: true, ...NO_AUTOMATIC_RETRY }),
    );
    logger.info(`removed ${removed.length} assets from ${branch}; ${keptEntries.length - 1} kept`);
    return { kept: keptEntries.length - 1, removed, referenced: referenced.size };
  }
  throw new UserError(`could not prune branch ${branch} of ${slug}: it kept moving`, { hint: 'run the prune when no report is being published' });
}

/** Asset paths linked from comments on open pull requests. */
async function referencedAssets(options: PruneOptions): Promise<Set<string>> {
  const { client, repository, branch } = options;
  const { owner, repo } = repository;
  const found = new Set<string>();
  const pattern = new RegExp(`/blob/${escapeRegExp(branch.split('/').map(encodeURIComponent).join('/'))}/(assets/[0-9a-f]{2}/[0-9a-f]{64}\\.[A-Za-z0-9]+)`, 'g');
  let scanned = 0;
  try {
    for await (const page of client.paginate.iterator('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', per_page: 100 })) {
      for (const pull of page.data) {
        if (scanned >= MAX_OPEN_PULLS_SCANNED) break;
        scanned += 1;
        for await (const comments of client.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: pull.number, per_page: 100 })) {
          for (const comment of comments.data) for (const match of (comment.body ?? '').matchAll(pattern)) found.add(match[1]!);
        }
      }
    }
  } catch (error) {
    throw wrapGitHubError(error, { action: `list open pull requests of ${owner}/${repo}`, permission: 'pull-requests: read' });
  }
  options.logger.info(`${found.size} assets are linked from ${scanned} open pull request${scanned === 1 ? '' : 's'}; they are kept`);
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
