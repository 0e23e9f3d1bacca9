// Git Data API, contents and pull-request listing on the GitHub fake: a small in-memory object
// store (blobs, trees, commits, refs) with git's rules that matter to clients — a ref update that
// is not a fast-forward is refused with 422 unless forced, creating an existing ref is 422, and a
// tree built on a base tree keeps the base's files.

import { createHash } from 'node:crypto';
import { allowed, forbidden, notFound, paginate, type FakeRepo, type GitHubFake, type RouteContext } from '../server.js';
import { sample } from '../schema-sample.js';

interface GitStore {
  blobs: Map<string, Buffer>;
  /** Trees are flat: full path -> blob sha. */
  trees: Map<string, Map<string, string>>;
  commits: Map<string, { tree: string; parents: string[]; message: string; date: string }>;
  refs: Map<string, string>;
}

export function gitStore(repo: FakeRepo): GitStore {
  let store = repo.extra.get('git') as GitStore | undefined;
  if (!store) {
    store = { blobs: new Map(), trees: new Map(), commits: new Map(), refs: new Map() };
    repo.extra.set('git', store);
  }
  return store;
}

/** The files of a branch, path -> content (for assertions). */
export function branchFiles(repo: FakeRepo, branch: string): Map<string, Buffer> {
  const store = gitStore(repo);
  const head = store.refs.get(`refs/heads/${branch}`);
  const files = new Map<string, Buffer>();
  if (!head) return files;
  for (const [path, sha] of store.trees.get(store.commits.get(head)!.tree)!) files.set(path, store.blobs.get(sha)!);
  return files;
}

/** Every commit reachable from a branch (for checking that history was rewritten). */
export function branchHistory(repo: FakeRepo, branch: string): string[] {
  const store = gitStore(repo);
  const head = store.refs.get(`refs/heads/${branch}`);
  return head ? history(store, head) : [];
}

function hash(kind: string, content: string | Buffer): string {
  return createHash('sha1').update(`${kind} `).update(content).digest('hex');
}

/** Stores bytes as a blob; its sha. */
function storeBlob(store: GitStore, bytes: Buffer): string {
  const sha = hash('blob', bytes);
  store.blobs.set(sha, bytes);
  return sha;
}

/** Stores a flat tree (path -> blob sha); its sha. */
function storeTree(store: GitStore, files: Map<string, string>): string {
  const sha = hash('tree', JSON.stringify([...files].sort()));
  store.trees.set(sha, files);
  return sha;
}

/** Stores a commit; its sha. */
function storeCommit(store: GitStore, commit: { tree: string; parents: string[]; message: string; date: string }): string {
  const sha = hash('commit', JSON.stringify(commit));
  store.commits.set(sha, commit);
  return sha;
}

export function registerGitDataRoutes(fake: GitHubFake): void {
  const repoOf = (context: RouteContext): FakeRepo | undefined => fake.repo(context.params.owner ?? '', context.params.repo ?? '');
  const base = (repo: FakeRepo): string => `https://api.github.com/repos/${repo.owner}/${repo.name}`;
  const writeAllowed = (context: RouteContext): boolean => allowed(context.identity, 'contents', 'write');

  const refObject = (repo: FakeRepo, ref: string, sha: string): Record<string, unknown> =>
    sample('git-ref', {
      ref,
      node_id: `REF_${sha.slice(0, 8)}`,
      url: `${base(repo)}/git/${ref}`,
      object: { type: 'commit', sha, url: `${base(repo)}/git/commits/${sha}` },
    });
  const commitObject = (repo: FakeRepo, sha: string): Record<string, unknown> => {
    const commit = gitStore(repo).commits.get(sha)!;
    return sample('git-commit', {
      sha,
      node_id: `C_${sha.slice(0, 8)}`,
      url: `${base(repo)}/git/commits/${sha}`,
      html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${sha}`,
      message: commit.message,
      tree: { sha: commit.tree, url: `${base(repo)}/git/trees/${commit.tree}` },
      parents: commit.parents.map((parent) => ({
        sha: parent,
        url: `${base(repo)}/git/commits/${parent}`,
        html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${parent}`,
      })),
      author: { name: 'github-actions[bot]', email: 'bot@example.com', date: commit.date },
      committer: { name: 'github-actions[bot]', email: 'bot@example.com', date: commit.date },
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    });
  };
  const treeObject = (repo: FakeRepo, sha: string): Record<string, unknown> => {
    const entries = [...gitStore(repo).trees.get(sha)!].map(([path, blob]) => ({
      path,
      mode: '100644',
      type: 'blob',
      sha: blob,
      size: gitStore(repo).blobs.get(blob)!.length,
      url: `${base(repo)}/git/blobs/${blob}`,
    }));
    return sample('git-tree', { sha, url: `${base(repo)}/git/trees/${sha}`, truncated: false, tree: entries });
  };

  fake.route('GET', '/repos/{owner}/{repo}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    return { status: 200, body: sample('full-repository', { id: repo.id, node_id: `R_${repo.id}`, name: repo.name, full_name: `${repo.owner}/${repo.name}` }) };
  });

  // GraphQL updateRefs: atomic ref updates, each refused unless the ref still points at beforeOid.
  fake.mutation('updateRefs', (identity, variables) => {
    const input = (variables.input ?? variables) as { repositoryId?: unknown; refUpdates?: unknown };
    const repo = [...fake.repos.values()].find((candidate) => `R_${candidate.id}` === input.repositoryId);
    const error = (type: string, message: string): { status: number; body: unknown } => ({
      status: 200,
      body: { data: { updateRefs: null }, errors: [{ type, path: ['updateRefs'], message }] },
    });
    if (!repo) return error('NOT_FOUND', `Could not resolve to a node with the global id of '${String(input.repositoryId)}'`);
    if (!allowed(identity, 'contents', 'write')) return error('FORBIDDEN', 'Resource not accessible by integration');
    const store = gitStore(repo);
    const updates = input.refUpdates as Array<{ name?: unknown; beforeOid?: unknown; afterOid?: unknown; force?: unknown }>;
    for (const update of updates) {
      const current = store.refs.get(String(update.name));
      if (update.beforeOid !== undefined && update.beforeOid !== current)
        return error('STALE_DATA', `${String(update.name)} is at ${current ?? 'nothing'}, not ${String(update.beforeOid)}`);
      if (!store.commits.has(String(update.afterOid))) return error('UNPROCESSABLE', 'Object does not exist');
      if (update.force !== true && current && !history(store, String(update.afterOid)).includes(current))
        return error('UNPROCESSABLE', 'Update is not a fast forward');
    }
    for (const update of updates) store.refs.set(String(update.name), String(update.afterOid));
    return { status: 200, body: { data: { updateRefs: { clientMutationId: null } } } };
  });

  // GraphQL createCommitOnBranch (GitHub's CreateCommitOnBranchInput): a commit of file additions
  // and deletions on top of the branch's head, made only if the head is still expectedHeadOid.
  // Its types are checked with the document's; input GitHub would still refuse is a violation too.
  fake.mutation('createCommitOnBranch', (identity, variables) => {
    const error = (type: string, message: string): { status: number; body: unknown } => ({
      status: 200,
      body: { data: { createCommitOnBranch: null }, errors: [{ type, path: ['createCommitOnBranch'], message }] },
    });
    const input = (variables.input ?? {}) as Record<string, unknown>;
    const malformed = commitOnBranchInputProblem(input);
    if (malformed) {
      fake.violations.push(`createCommitOnBranch: ${malformed}`);
      return { status: 200, body: { errors: [{ message: `Variable $input of type CreateCommitOnBranchInput! was provided invalid value (${malformed})` }] } };
    }
    const branch = input.branch as { repositoryNameWithOwner: string; branchName: string };
    const [owner = '', name = ''] = branch.repositoryNameWithOwner.split('/');
    const repo = fake.repo(owner, name);
    const ref = `refs/heads/${branch.branchName.replace(/^refs\/heads\//, '')}`;
    const store = repo ? gitStore(repo) : undefined;
    const head = store?.refs.get(ref);
    if (!repo || !store || !head) return error('NOT_FOUND', `Could not resolve to a Ref with the name '${branch.branchName}'.`);
    if (!allowed(identity, 'contents', 'write')) return error('FORBIDDEN', 'Resource not accessible by integration');
    if (input.expectedHeadOid !== head)
      return error('STALE_DATA', `Expected branch to point to "${String(input.expectedHeadOid)}" but it did not. Pull and try again.`);
    const changes = (input.fileChanges ?? {}) as { additions?: Array<{ path: string; contents: string }>; deletions?: Array<{ path: string }> };
    const files = new Map(store.trees.get(store.commits.get(head)!.tree));
    for (const deletion of changes.deletions ?? []) files.delete(deletion.path);
    for (const addition of changes.additions ?? []) files.set(addition.path, storeBlob(store, Buffer.from(addition.contents, 'base64')));
    const tree = storeTree(store, files);
    const message = (input.message as { headline: string; body?: string }).headline;
    const oid = storeCommit(store, { tree, parents: [head], message, date: fake.now() });
    store.refs.set(ref, oid);
    return { status: 200, body: { data: { createCommitOnBranch: { commit: { oid, url: `https://github.com/${repo.owner}/${repo.name}/commit/${oid}` } } } } };
  });

  fake.route('GET', '/repos/{owner}/{repo}/git/ref/{ref}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    const ref = `refs/${context.params.ref}`;
    const sha = gitStore(repo).refs.get(ref);
    return sha ? { status: 200, body: refObject(repo, ref, sha) } : notFound();
  });

  fake.route('POST', '/repos/{owner}/{repo}/git/refs', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!writeAllowed(context)) return forbidden();
    const ref = String(context.body.ref);
    const sha = String(context.body.sha);
    const store = gitStore(repo);
    if (store.refs.has(ref))
      return { status: 422, body: { message: 'Reference already exists', documentation_url: 'https://docs.github.com/rest', status: '422' } };
    if (!store.commits.has(sha)) return { status: 422, body: { message: 'Object does not exist', status: '422' } };
    store.refs.set(ref, sha);
    return { status: 201, body: refObject(repo, ref, sha) };
  });

  fake.route('PATCH', '/repos/{owner}/{repo}/git/refs/{ref}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!writeAllowed(context)) return forbidden();
    const ref = `refs/${context.params.ref}`;
    const store = gitStore(repo);
    const current = store.refs.get(ref);
    if (!current) return { status: 422, body: { message: 'Reference does not exist', status: '422' } };
    const sha = String(context.body.sha);
    if (!store.commits.has(sha)) return { status: 422, body: { message: 'Object does not exist', status: '422' } };
    if (context.body.force !== true && !history(store, sha).includes(current)) {
      return { status: 422, body: { message: 'Update is not a fast forward', documentation_url: 'https://docs.github.com/rest', status: '422' } };
    }
    store.refs.set(ref, sha);
    return { status: 200, body: refObject(repo, ref, sha) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/git/commits/{commit_sha}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    return gitStore(repo).commits.has(context.params.commit_sha ?? '') ? { status: 200, body: commitObject(repo, context.params.commit_sha!) } : notFound();
  });

  fake.route('POST', '/repos/{owner}/{repo}/git/commits', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!writeAllowed(context)) return forbidden();
    const store = gitStore(repo);
    const tree = String(context.body.tree);
    const parents = ((context.body.parents as string[] | undefined) ?? []).map(String);
    if (!store.trees.has(tree) || parents.some((parent) => !store.commits.has(parent)))
      return { status: 422, body: { message: 'Tree or parent does not exist', status: '422' } };
    const sha = storeCommit(store, { tree, parents, message: String(context.body.message), date: fake.now() });
    return { status: 201, body: commitObject(repo, sha) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/git/trees/{tree_sha}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    return gitStore(repo).trees.has(context.params.tree_sha ?? '') ? { status: 200, body: treeObject(repo, context.params.tree_sha!) } : notFound();
  });

  fake.route('POST', '/repos/{owner}/{repo}/git/trees', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!writeAllowed(context)) return forbidden();
    const store = gitStore(repo);
    const baseTree = context.body.base_tree === undefined ? undefined : String(context.body.base_tree);
    if (baseTree !== undefined && !store.trees.has(baseTree)) return { status: 422, body: { message: 'base_tree does not exist', status: '422' } };
    const files = new Map(baseTree ? store.trees.get(baseTree) : []);
    for (const entry of (context.body.tree as Array<Record<string, unknown>>) ?? []) {
      const path = String(entry.path);
      if (entry.sha === null) files.delete(path);
      else if (typeof entry.content === 'string') files.set(path, storeBlob(store, Buffer.from(entry.content)));
      else {
        if (!store.blobs.has(String(entry.sha))) return { status: 422, body: { message: `tree.sha ${String(entry.sha)} is not a valid blob`, status: '422' } };
        files.set(path, String(entry.sha));
      }
    }
    return { status: 201, body: treeObject(repo, storeTree(store, files)) };
  });

  fake.route('POST', '/repos/{owner}/{repo}/git/blobs', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!writeAllowed(context)) return forbidden();
    const bytes = context.body.encoding === 'base64' ? Buffer.from(String(context.body.content), 'base64') : Buffer.from(String(context.body.content));
    const sha = storeBlob(gitStore(repo), bytes);
    return { status: 201, body: sample('short-blob', { sha, url: `${base(repo)}/git/blobs/${sha}` }) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/contents/{path}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    const store = gitStore(repo);
    const ref = context.query.get('ref') ?? 'main';
    const commitSha = store.commits.has(ref) ? ref : store.refs.get(`refs/heads/${ref}`);
    if (!commitSha) return notFound();
    const path = context.params.path ?? '';
    const blob = store.trees.get(store.commits.get(commitSha)!.tree)!.get(path);
    if (!blob) return notFound();
    const bytes = store.blobs.get(blob)!;
    return {
      status: 200,
      body: sample('content-file', {
        type: 'file',
        encoding: 'base64',
        size: bytes.length,
        name: path.split('/').pop(),
        path,
        content: bytes.toString('base64'),
        sha: blob,
        url: `${base(repo)}/contents/${path}`,
        git_url: null,
        html_url: null,
        download_url: null,
        _links: { self: `${base(repo)}/contents/${path}`, git: null, html: null },
      }),
    };
  });

  fake.route('GET', '/repos/{owner}/{repo}/pulls', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!allowed(context.identity, 'pull-requests', 'read')) return forbidden();
    const state = context.query.get('state') ?? 'open';
    const head = context.query.get('head');
    const baseRef = context.query.get('base');
    const pulls = [...repo.pulls.values()]
      .filter((pull) => state === 'all' || pull.state === state)
      .filter((pull) => (!head || head === `${repo.owner}:${pull.headRef}`) && (!baseRef || baseRef === pull.baseRef))
      .map((pull) =>
        sample('pull-request-simple', {
          number: pull.number,
          title: pull.title ?? `pull request ${pull.number}`,
          node_id: `PR_${pull.number}`,
          html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`,
          state: pull.state,
          updated_at: pull.updatedAt,
          head: { sha: pull.headSha, ref: pull.headRef, label: pull.headRef, user: null },
          base: { sha: '0'.repeat(40), ref: pull.baseRef, label: pull.baseRef, user: null },
          user: null,
        }),
      );
    const page = paginate(pulls, context.query, `${fake.url}${context.request.path}`);
    return { status: 200, body: page.body, headers: page.headers };
  });
}

/** Every commit reachable from `sha`, itself included. */
function history(store: GitStore, sha: string): string[] {
  const out: string[] = [];
  const pending = [sha];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (out.includes(next)) continue;
    out.push(next);
    pending.push(...(store.commits.get(next)?.parents ?? []));
  }
  return out;
}

/**
 * What GitHub would refuse in a CreateCommitOnBranchInput beyond its types (the schema checks
 * those: see graphql-validator.ts), and what this fake does not support.
 */
function commitOnBranchInputProblem(input: Record<string, unknown>): string | undefined {
  const branch = input.branch as { id?: unknown; repositoryNameWithOwner?: unknown; branchName?: unknown };
  if (branch.id === undefined && (branch.repositoryNameWithOwner === undefined || branch.branchName === undefined))
    return 'branch needs id, or repositoryNameWithOwner and branchName';
  if (branch.repositoryNameWithOwner === undefined) return 'the fake finds branches by repositoryNameWithOwner only';
  return undefined;
}
