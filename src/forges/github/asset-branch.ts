// Assets stored in the repository itself, on a dedicated branch (default `cml-assets`), under
// content-addressed paths. GitHub has no API for comment attachments; a file in the repository is
// served to anyone who can read the repository, so images render in private repositories too,
// and nothing leaves GitHub.
//
// One commit per publish. Once the branch exists, it is one GraphQL createCommitOnBranch: the
// files and the index go in one write, made only if the branch still points at the head we read
// (expectedHeadOid). Writes are paced a second apart (GitHub's advice for mutations), so this is
// what keeps publishing four new plots at about a second instead of eight. The first publish
// creates the branch at a commit of an empty index (tree, commit, ref: no blobs) and then commits
// the files the same way. Files too large for one request, and a GitHub that cannot do it (an older
// Enterprise Server), use the Git Data API instead: blobs, tree, commit, ref. Blobs, trees and
// commits are content-addressed, so sending one twice stores nothing new and they may be retried;
// the ref update is the one write that is checked before it is sent again. Concurrent jobs race on
// the branch: a commit on a head that has moved is refused (STALE_DATA; 422 for a ref update that
// is not a fast-forward), and we start again from the new head (bounded). An `index.json` records
// when each asset was added, for pruning.

import type { AssetStore } from '../../core/assets/publish-report.js';
import { UserError } from '../../errors.js';
import { counted } from '../../words.js';
import { NO_AUTOMATIC_RETRY } from './client.js';
import { wrapGitHubError } from './errors.js';
import { graphqlRequest } from './graphql.js';
import {
  emptyIndex,
  guarded,
  indexEntry,
  MAX_ATTEMPTS,
  readHead,
  readHeadSha,
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

/**
 * Files up to this many bytes in all go in one GraphQL request (base64 in its JSON body); more go
 * through the Git Data API, a blob each. GitHub does not publish a limit for the request; report
 * images are tens of kilobytes, and a refused request falls back to the Git Data API anyway.
 */
export const ONE_REQUEST_MAX_BYTES = 10 * 1024 * 1024;

const COMMIT_ON_BRANCH = 'mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }';

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
      // Until this GitHub turns out not to have it.
      let oneRequest = true;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        // The first attempt may start from the state read ahead of time: a branch that moved since
        // then refuses our commit (as stale, or as not a fast-forward), and the next attempt reads it again.
        const state = (attempt === 1 ? await early : undefined) ?? (await readState());
        const { index } = state;
        let { head } = state;
        const missing = assets.filter((asset) => !(asset.path in index.assets));
        if (missing.length === 0) {
          logger.debug(`all ${assets.length} assets already on ${branch}`);
          return urls;
        }
        const added = now().toISOString();
        const nextIndex: AssetIndex = {
          version: 1,
          assets: {
            ...index.assets,
            ...Object.fromEntries(missing.map((asset) => [asset.path, { added, bytes: asset.bytes.length, contentType: asset.contentType }])),
          },
        };
        const message = `Add ${counted(missing.length, 'report asset')}`;
        const published = `published ${counted(missing.length, 'new asset')} to ${branch}`;
        const inOneRequest = oneRequest && missing.reduce((sum, asset) => sum + asset.bytes.length, 0) <= ONE_REQUEST_MAX_BYTES;
        if (!head && inOneRequest) {
          // A new branch starts from a commit of an empty index (three writes); the files then go in one.
          head = await commitWithGitData(undefined, [], emptyIndex(), 'Start the report asset branch');
          if (!head) {
            logger.info(`branch ${branch} was created by another job meanwhile; reading it (${attempt}/${MAX_ATTEMPTS})`);
            continue;
          }
        }
        if (head && inOneRequest) {
          const outcome = await commitInOneRequest(head.commitSha, missing, nextIndex, message);
          if (outcome === 'committed') {
            logger.info(published);
            return urls;
          }
          if (outcome === 'moved') {
            logger.info(
              `branch ${branch} moved while publishing (another job, or our commit with its answer lost); reading it again (${attempt}/${MAX_ATTEMPTS})`,
            );
            continue;
          }
          oneRequest = false;
        }
        if (await commitWithGitData(head, missing, nextIndex, message)) {
          logger.info(published);
          return urls;
        }
        logger.info(`branch ${branch} moved while publishing (another job); trying again (${attempt}/${MAX_ATTEMPTS})`);
      }
      throw new UserError(`could not update branch ${branch} of ${slug}: it kept moving (${MAX_ATTEMPTS} attempts)`, {
        hint: 'try again; many jobs publishing at once can race',
      });
    },
  };

  /**
   * Commits the files and the index with the Git Data API (a blob per file, a tree, a commit) and
   * moves (or creates) the branch to it: the new head, or undefined when another job moved (or
   * created) the branch first. With no files and no head, this starts the branch.
   */
  async function commitWithGitData(
    head: BranchHead | undefined,
    files: readonly { path: string; bytes: Buffer }[],
    index: AssetIndex,
    message: string,
  ): Promise<BranchHead | undefined> {
    const entries: TreeEntry[] = [];
    for (const file of files) {
      const blob = await call('upload an asset', 'contents: write', () =>
        client.request('POST /repos/{owner}/{repo}/git/blobs', { owner, repo, content: file.bytes.toString('base64'), encoding: 'base64' }),
      );
      entries.push({ path: file.path, mode: '100644', type: 'blob', sha: blob.data.sha });
    }
    entries.push(indexEntry(index));
    const tree = await call('write the asset tree', 'contents: write', () =>
      client.request('POST /repos/{owner}/{repo}/git/trees', { owner, repo, tree: entries, ...(head ? { base_tree: head.treeSha } : {}) }),
    );
    const commit = await call(files.length === 0 && !head ? 'start the asset branch' : 'commit the assets', 'contents: write', () =>
      client.request('POST /repos/{owner}/{repo}/git/commits', { owner, repo, message, tree: tree.data.sha, parents: head ? [head.commitSha] : [] }),
    );
    return (await moveBranch(head?.commitSha, commit.data.sha)) ? { commitSha: commit.data.sha, treeSha: tree.data.sha } : undefined;
  }

  /**
   * Commits the files and the index on top of `from` with one GraphQL createCommitOnBranch, made
   * only if the branch still points there. When GitHub does not say it committed, the branch
   * tells: moved (by another job, or by our commit with its answer lost: the next attempt finds
   * the files in the index), or unchanged, when this GitHub cannot do it (the Git Data API then).
   */
  async function commitInOneRequest(
    from: string,
    files: readonly { path: string; bytes: Buffer }[],
    index: AssetIndex,
    message: string,
  ): Promise<'committed' | 'moved' | 'unsupported'> {
    const indexFile = indexEntry(index);
    const additions = [
      ...files.map((file) => ({ path: file.path, contents: file.bytes.toString('base64') })),
      { path: indexFile.path, contents: Buffer.from(indexFile.content ?? '', 'utf8').toString('base64') },
    ];
    let problem: string;
    try {
      const answer = await graphqlRequest<{ createCommitOnBranch?: { commit?: { oid?: string } | null } | null }>(client, COMMIT_ON_BRANCH, {
        input: {
          branch: { repositoryNameWithOwner: slug, branchName: branch },
          expectedHeadOid: from,
          message: { headline: message },
          fileChanges: { additions },
        },
      });
      if (!answer.errors?.length && answer.data?.createCommitOnBranch?.commit?.oid) return 'committed';
      problem = answer.errors?.map((error) => `${error.type ?? 'ERROR'}: ${error.message}`).join('; ') ?? 'no commit in the answer';
      if (answer.errors?.some((error) => error.type === 'FORBIDDEN')) {
        throw new UserError(`cannot publish to branch ${branch} of ${slug}: the token is not allowed to (${problem})`, {
          hint: 'grant the job `permissions: contents: write`',
        });
      }
    } catch (error) {
      if (error instanceof UserError) throw error;
      const status = (error as { status?: number }).status;
      if (status === 401 || status === 403) throw wrapGitHubError(error, { action: `publish to branch ${branch} of ${slug}`, permission: 'contents: write' });
      problem = (error as Error).message;
    }
    if ((await readHeadSha(options)) !== from) return 'moved';
    logger.debug(`GraphQL createCommitOnBranch did not commit to ${branch} (${problem}); using the Git Data API`);
    return 'unsupported';
  }

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
