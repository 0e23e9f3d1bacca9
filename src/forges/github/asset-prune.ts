// `asset prune` on GitHub: drop old assets that no open pull request shows, and rewrite the asset
// branch as one commit with what is left, so the dropped files leave its history too.

import { UserError } from '../../errors.js';
import type { PruneOutcome, PruneRequest } from '../port.js';
import { NO_AUTOMATIC_RETRY } from './client.js';
import { wrapGitHubError } from './errors.js';
import { graphqlRequest } from './graphql.js';
import {
  guarded,
  INDEX_PATH,
  indexEntry,
  MAX_ATTEMPTS,
  readHeadSha,
  readIndex,
  slugOf,
  type AssetBranchOptions,
  type AssetIndex,
  type TreeEntry,
} from './asset-index.js';

export type PruneOptions = AssetBranchOptions & PruneRequest;

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
  const slug = slugOf(options);
  const now = (options.now ?? (() => new Date()))();
  const guard = <T>(action: string, run: () => Promise<T>): Promise<T> => guarded(options, action, 'contents: write', run);

  const referenced = options.keepReferenced ? await referencedAssets(options) : new Set<string>();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const headSha = await readHeadSha(options);
    if (!headSha) {
      logger.info(`branch ${branch} does not exist in ${slug}; nothing to prune`);
      return { kept: 0, removed: [], referenced: referenced.size };
    }
    const commit = await guard('read the asset branch', () =>
      client.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { owner, repo, commit_sha: headSha }),
    );
    const tree = await guard('list the assets', () =>
      client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { owner, repo, tree_sha: commit.data.tree.sha, recursive: 'true' }),
    );
    if (tree.data.truncated)
      throw new UserError(`branch ${branch} of ${slug} holds more files than GitHub lists at once`, { hint: 'prune with a shorter --older-than first' });
    const files = new Map(tree.data.tree.filter((entry) => entry.type === 'blob' && entry.path && entry.sha).map((entry) => [entry.path!, entry.sha!]));
    const index = await readIndex(options, headSha);

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
    keptEntries.push(indexEntry({ version: 1, assets: keptIndex }));
    const newTree = await guard('write the pruned tree', () => client.request('POST /repos/{owner}/{repo}/git/trees', { owner, repo, tree: keptEntries }));
    const commitWith = async (parents: string[]): Promise<string> =>
      (
        await guard('commit the pruned assets', () =>
          client.request('POST /repos/{owner}/{repo}/git/commits', {
            owner,
            repo,
            message: `Prune ${removed.length} report assets`,
            tree: newTree.data.sha,
            parents,
          }),
        )
      ).data.sha;
    // The rewrite lands only if the branch still points where we read it (compare-and-swap), so
    // an asset another job published meanwhile is never dropped: then we start over.
    let swapped = await swapBranch(options, headSha, await commitWith([]));
    if (swapped === 'unsupported') swapped = await fastForward(options, headSha, await commitWith([headSha]));
    if (swapped === 'moved') {
      logger.info(`branch ${branch} moved while pruning; starting over (${attempt}/${MAX_ATTEMPTS})`);
      continue;
    }
    logger.info(`removed ${removed.length} assets from ${branch}; ${keptEntries.length - 1} kept`);
    return { kept: keptEntries.length - 1, removed, referenced: referenced.size };
  }
  throw new UserError(`could not prune branch ${branch} of ${slug}: it kept moving`, { hint: 'run the prune when no report is being published' });
}

const UPDATE_REFS = 'mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }';

type Swap = 'done' | 'moved' | 'unsupported';

/**
 * Points the branch at `to` if it still points at `from`, with GraphQL's updateRefs (REST has no
 * compare-and-swap for a forced update). An unknown outcome is settled by reading the branch.
 */
async function swapBranch(options: PruneOptions, from: string, to: string): Promise<Swap> {
  const { client, repository, branch } = options;
  const repositoryId = (
    await guarded(options, 'read the repository', 'contents: read', () =>
      client.request('GET /repos/{owner}/{repo}', { owner: repository.owner, repo: repository.repo }),
    )
  ).data.node_id;
  let problem: string;
  try {
    const answer = await graphqlRequest(client, UPDATE_REFS, {
      input: { repositoryId, refUpdates: [{ name: `refs/heads/${branch}`, beforeOid: from, afterOid: to, force: true }] },
    });
    if (!answer.errors?.length) return 'done';
    problem = answer.errors.map((error) => `${error.type ?? 'ERROR'}: ${error.message}`).join('; ');
    if (answer.errors.some((error) => error.type === 'FORBIDDEN')) {
      throw new UserError(`cannot rewrite branch ${branch} of ${slugOf(options)}: the token is not allowed to (${problem})`, {
        hint: 'grant the job `permissions: contents: write`',
      });
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403)
      throw wrapGitHubError(error, { action: `rewrite branch ${branch} of ${slugOf(options)}`, permission: 'contents: write' });
    problem = (error as Error).message;
  }
  const current = await readHeadSha(options);
  if (current === to) return 'done';
  if (current !== from) return 'moved';
  options.logger.debug(`GraphQL updateRefs did not move ${branch}: ${problem}`);
  return 'unsupported';
}

/**
 * Without updateRefs (older GitHub Enterprise Server), a fast-forward is the compare-and-swap: the
 * pruned tree is committed on top of the head we read. The branch stops growing in files, but the
 * dropped ones stay in its history.
 */
async function fastForward(options: PruneOptions, from: string, to: string): Promise<Swap> {
  const { client, repository, branch } = options;
  try {
    await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      owner: repository.owner,
      repo: repository.repo,
      ref: `heads/${branch}`,
      sha: to,
      force: false,
      ...NO_AUTOMATIC_RETRY,
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 422) return 'moved';
    if (status !== undefined && status < 500)
      throw wrapGitHubError(error, { action: `update branch ${branch} of ${slugOf(options)}`, permission: 'contents: write' });
    const current = await readHeadSha(options);
    if (current !== to) return 'moved';
  }
  options.logger.warn(`this GitHub cannot swap a branch atomically (GraphQL updateRefs); the pruned files left ${branch} but stay in its history`);
  return 'done';
}

/** Asset paths linked from comments on open pull requests. */
async function referencedAssets(options: PruneOptions): Promise<Set<string>> {
  const { client, repository, branch } = options;
  const { owner, repo } = repository;
  const found = new Set<string>();
  const pattern = new RegExp(
    `/blob/${escapeRegExp(branch.split('/').map(encodeURIComponent).join('/'))}/(assets/[0-9a-f]{2}/[0-9a-f]{64}\\.[A-Za-z0-9]+)`,
    'g',
  );
  let scanned = 0;
  try {
    for await (const page of client.paginate.iterator('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', per_page: 100 })) {
      for (const pull of page.data) {
        if (scanned >= MAX_OPEN_PULLS_SCANNED) break;
        scanned += 1;
        for await (const comments of client.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: pull.number,
          per_page: 100,
        })) {
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
