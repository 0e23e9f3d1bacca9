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

import type { AssetStore } from '../../core/assets/publish-report.js';
import { UserError } from '../../errors.js';
import { NO_AUTOMATIC_RETRY } from './client.js';
import { wrapGitHubError } from './errors.js';
import {
  guarded,
  indexEntry,
  MAX_ATTEMPTS,
  readHead,
  readIndex,
  slugOf,
  type AssetBranchOptions,
  type AssetIndex,
  type BranchHead,
  type TreeEntry,
} from './asset-index.js';

/**
 * GitHub refuses files over 100 MiB (its push limit; the Git Data API serves blobs up to 100 MB):
 * a bigger file is refused from its size, before it is read and sent base64-encoded.
 */
export const GIT_BLOB_LIMIT_BYTES = 100 * 1024 * 1024;

export function assetUrl(options: Pick<AssetBranchOptions, 'serverUrl' | 'repository' | 'branch'>, path: string): string {
  // blob/<branch>/<path>?raw=true is served to whoever can read the repository (private too) and
  // follows the branch, so pruning (which rewrites history) does not break assets it keeps.
  const branch = options.branch.split('/').map(encodeURIComponent).join('/');
  return `${options.serverUrl}/${options.repository.owner}/${options.repository.repo}/blob/${branch}/${path}?raw=true`;
}

interface BranchState {
  readonly head: BranchHead | undefined;
  readonly index: AssetIndex;
}

export function createAssetBranchStore(options: AssetBranchOptions): AssetStore {
  const { client, repository, branch, logger } = options;
  const { owner, repo } = repository;
  const slug = slugOf(options);
  const now = options.now ?? (() => new Date());
  const call = <T>(action: string, permission: string | undefined, run: () => Promise<T>): Promise<T> => guarded(options, action, permission, run);
  /** The branch's head and index, read once ahead of time by prefetch. */
  let early: Promise<BranchState | undefined> | undefined;

  return {
    description: `branch ${branch} of ${slug}`,
    maxBytes: GIT_BLOB_LIMIT_BYTES,
    async prefetch() {
      early ??= readState().catch(() => undefined);
      await early;
    },
    async store(assets) {
      const urls = new Map(assets.map((asset) => [asset.path, assetUrl(options, asset.path)]));
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        // The first attempt may start from the state read ahead of time: a branch that moved since
        // then refuses our commit as not a fast-forward (422), and the next attempt reads it again.
        const state = (attempt === 1 ? await early : undefined) ?? (await readState());
        const { head, index } = state;
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
          assets: {
            ...index.assets,
            ...Object.fromEntries(missing.map((asset) => [asset.path, { added, bytes: asset.bytes.length, contentType: asset.contentType }])),
          },
        };
        entries.push(indexEntry(nextIndex));
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
      throw new UserError(`could not update branch ${branch} of ${slug}: it kept moving (${MAX_ATTEMPTS} attempts)`, {
        hint: 'try again; many jobs publishing at once can race',
      });
    },
  };

  async function readState(): Promise<BranchState> {
    const head = await readHead(options);
    const index = head ? await readIndex(options, head.commitSha) : { version: 1 as const, assets: {} };
    return { head, index };
  }

  /** Fast-forwards (or creates) the branch; false when someone else moved it first. */
  async function moveBranch(from: string | undefined, to: string): Promise<boolean> {
    try {
      if (from) {
        await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
          owner,
          repo,
          ref: `heads/${branch}`,
          sha: to,
          force: false,
          ...NO_AUTOMATIC_RETRY,
        });
      } else {
        await client.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${branch}`, sha: to, ...NO_AUTOMATIC_RETRY });
      }
      return true;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 422) return false;
      // Unknown outcome: the branch tells whether our commit landed.
      if (status === undefined || status >= 500) return (await readHead(options))?.commitSha === to;
      throw wrapGitHubError(error, { action: `update branch ${branch} of ${slug}`, permission: 'contents: write' });
    }
  }
}
