// A loopback GitHub REST API for tests: a real HTTP server on 127.0.0.1 that keeps repositories,
// pull requests and comments in memory, paginates as GitHub does (30 per page by default, Link
// headers), authenticates tokens, and checks every request (and its own answers) against GitHub's
// OpenAPI description, and every GraphQL document (with its variables) against GitHub's GraphQL
// schema. Tests read `violations` and fail if the client sent anything GitHub would not accept.
//
// Extension: other capabilities add their endpoints with `fake.route(method, template, handler)`
// from their own route files (the operation must be listed in scripts/openapi/operations.txt), and
// GraphQL mutations with `fake.mutation(name, handler)` (their fields listed in
// scripts/graphql/fields.txt).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphqlValidator } from './graphql-validator.js';
import { OpenApiValidator } from './openapi-validator.js';
import { sample } from './schema-sample.js';
import { registerGitDataRoutes } from './routes/git-data.js';

export interface FakeIdentity {
  readonly login: string;
  readonly type: 'User' | 'Bot';
  /** Actions/app installation tokens: GET /user answers 403, GraphQL viewer answers without [bot]. */
  readonly integration?: boolean;
  /** Per-scope access; absent scopes are write. */
  readonly permissions?: Partial<Record<'pull-requests' | 'issues' | 'contents' | 'actions' | 'administration' | 'checks', 'read' | 'write' | 'none'>>;
  /** A GitHub App's JWT (it may only ask about installations and mint their tokens). */
  readonly appId?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  login: string;
  userType: 'User' | 'Bot';
  createdAt: string;
  updatedAt: string;
}

export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  headSha: string;
  headRef: string;
  baseRef: string;
  updatedAt: string;
  title?: string;
  body?: string;
  /** False: merging now is refused (405), as with required checks pending. */
  mergeable?: boolean;
  merged?: boolean;
  /** Auto-merge turned on with this method (GraphQL enablePullRequestAutoMerge). */
  autoMerge?: string;
}

/** Answers one kind of GraphQL document; undefined when the document is not its kind. */
export type GraphqlHandler = (identity: FakeIdentity, query: string, variables: Record<string, unknown>) => FakeReply | undefined;

export interface FakeRepo {
  readonly owner: string;
  readonly name: string;
  readonly id: number;
  readonly pulls: Map<number, FakePull>;
  /** Comments on issues and pull requests, by number. */
  readonly issueComments: Map<number, FakeComment[]>;
  readonly commitComments: Map<string, FakeComment[]>;
  /** Commit sha -> numbers of pull requests that contain it. */
  readonly commitPulls: Map<string, number[]>;
  /** Free-form state for route extensions (assets, runners, ...). */
  readonly extra: Map<string, unknown>;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly operation: string | undefined;
  readonly identity: FakeIdentity | undefined;
}

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A fault replaces (or, with `after: true`, follows) the normal handling of a matching request. */
export interface Fault {
  readonly match: (request: FakeRequest) => boolean;
  readonly reply: FakeReply;
  /** Handle the request normally (e.g. store the comment), then answer with `reply` anyway. */
  readonly after?: boolean;
  /** How many times it fires; default once. */
  times?: number;
}

export interface RouteContext {
  readonly fake: GitHubFake;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  readonly identity: FakeIdentity;
  readonly request: FakeRequest;
}

export type RouteHandler = (context: RouteContext) => FakeReply | Promise<FakeReply>;

const validator = new OpenApiValidator();
const graphqlValidator = new GraphqlValidator();

export class GitHubFake {
  readonly requests: FakeRequest[] = [];
  readonly violations: string[] = [];
  readonly repos = new Map<string, FakeRepo>();
  readonly faults: Fault[] = [];
  private readonly tokens = new Map<string, FakeIdentity>();
  private readonly routes = new Map<string, RouteHandler>();
  private readonly mutations = new Map<string, (identity: FakeIdentity, variables: Record<string, unknown>) => FakeReply>();
  /** Other ways a bearer token is accepted (a GitHub App's JWT), tried when it is no known token. */
  readonly authenticators: Array<(token: string) => FakeIdentity | undefined> = [];
  readonly graphqlHandlers: GraphqlHandler[] = [];
  private nextId = 1000;
  private clock = Date.parse('2026-01-01T00:00:00Z');
  private server: Server | undefined;
  url = '';

  static async start(): Promise<GitHubFake> {
    const fake = new GitHubFake();
    registerCoreRoutes(fake);
    registerGitDataRoutes(fake);
    await fake.listen();
    return fake;
  }

  private async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.violations.push(`fake crashed: ${(error as Error).stack ?? String(error)}`);
        send(response, { status: 500, body: { message: 'fake crashed' } });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Answers a GraphQL mutation by its name (e.g. `updateRefs`), given the request's variables. */
  mutation(name: string, handler: (identity: FakeIdentity, variables: Record<string, unknown>) => FakeReply): void {
    this.mutations.set(name, handler);
  }

  addToken(token: string, identity: FakeIdentity): this {
    this.tokens.set(token, identity);
    return this;
  }

  addRepo(owner: string, name: string): FakeRepo {
    const repo: FakeRepo = {
      owner,
      name,
      id: this.newId(),
      pulls: new Map(),
      issueComments: new Map(),
      commitComments: new Map(),
      commitPulls: new Map(),
      extra: new Map(),
    };
    this.repos.set(`${owner}/${name}`, repo);
    return repo;
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`);
  }

  addPull(repo: FakeRepo, pull: Partial<FakePull> & { number: number; headSha: string }): FakePull {
    const full: FakePull = { state: 'open', headRef: `feature-${pull.number}`, baseRef: 'main', updatedAt: this.now(), ...pull };
    repo.pulls.set(full.number, full);
    repo.commitPulls.set(full.headSha, [...(repo.commitPulls.get(full.headSha) ?? []), full.number]);
    return full;
  }

  addIssueComment(repo: FakeRepo, number: number, login: string, body: string, userType: 'User' | 'Bot' = 'User'): FakeComment {
    const comment = this.newComment(login, body, userType);
    repo.issueComments.set(number, [...(repo.issueComments.get(number) ?? []), comment]);
    return comment;
  }

  route(method: string, template: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${template}`, handler);
  }

  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  /** A monotonically increasing timestamp, so ordering by time is deterministic. */
  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  newComment(login: string, body: string, userType: 'User' | 'Bot'): FakeComment {
    const at = this.now();
    return { id: this.newId(), body, login, userType, createdAt: at, updatedAt: at };
  }

  /** Requests that reached an operation, as "METHOD /template" strings (for assertions). */
  operations(): string[] {
    return this.requests.map((request) => request.operation ?? `${request.method} ${request.path}`);
  }

  private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', this.url);
    const method = (incoming.method ?? 'GET').toUpperCase();
    const raw = await readBody(incoming);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`);
        send(response, { status: 400, body: { message: 'Problems parsing JSON' } });
        return;
      }
    }
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(incoming.headers.authorization ?? '')?.[1];
    const identity = token ? (this.tokens.get(token) ?? this.authenticators.map((authenticate) => authenticate(token)).find(Boolean)) : undefined;

    if (url.pathname === '/graphql' && method === 'POST') {
      const request: FakeRequest = { method, path: url.pathname, query: url.searchParams, body, operation: 'POST /graphql', identity };
      this.requests.push(request);
      const fault = this.faults.find((candidate) => (candidate.times ?? 1) > 0 && candidate.match(request));
      if (fault && !fault.after) {
        fault.times = (fault.times ?? 1) - 1;
        send(response, fault.reply);
        return;
      }
      const refused = graphqlValidator.check(body);
      if (refused.length > 0) {
        this.violations.push(...refused.map((problem) => `POST /graphql: ${problem}`));
        // GitHub answers a document it cannot run with 200 and the errors alone.
        send(response, { status: 200, body: { errors: refused.map((message) => ({ message })) } });
        return;
      }
      const mutation = [...this.mutations].find(([name]) => callsMutation(body, name));
      const reply =
        mutation && identity
          ? mutation[1](identity, (body as { variables?: Record<string, unknown> }).variables ?? {})
          : graphql(identity, body, this.violations, this.graphqlHandlers);
      if (fault?.after) {
        fault.times = (fault.times ?? 1) - 1;
        send(response, fault.reply);
        return;
      }
      send(response, reply);
      return;
    }

    const matched = validator.match(method, url.pathname);
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      operation: matched ? `${method} ${matched.operation.template}` : undefined,
      identity,
    };
    this.requests.push(request);
    if (!matched) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's REST API description`);
      send(response, { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
      return;
    }
    this.violations.push(...validator.checkRequest(matched.operation, matched.params, url.searchParams, body, raw.length > 0));
    if (incoming.headers['user-agent'] === undefined) this.violations.push(`${request.operation}: no User-Agent (GitHub rejects those)`);

    const fault = this.faults.find((candidate) => (candidate.times ?? 1) > 0 && candidate.match(request));
    if (fault && !fault.after) {
      fault.times = (fault.times ?? 1) - 1;
      send(response, fault.reply);
      return;
    }
    if (!identity) {
      send(response, { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } });
      return;
    }
    const handler = this.routes.get(request.operation ?? '');
    if (!handler) {
      this.violations.push(`${request.operation}: the fake has no handler for this operation`);
      send(response, { status: 501, body: { message: 'not implemented in the fake' } });
      return;
    }
    const reply = await handler({
      fake: this,
      params: matched.params,
      query: url.searchParams,
      body: (body ?? {}) as Record<string, unknown>,
      identity,
      request,
    });
    this.violations.push(...validator.checkResponse(matched.operation, reply.status, reply.body));
    if (fault?.after) {
      fault.times = (fault.times ?? 1) - 1;
      send(response, fault.reply);
      return;
    }
    send(response, reply);
  }
}

/** One page of `items` as GitHub serves it: per_page (default 30, max 100), page, Link header. */
export function paginate<T>(items: readonly T[], query: URLSearchParams, selfUrl: string): { body: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30)));
  const page = Math.max(1, Number(query.get('page') ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const url = new URL(selfUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return { body: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

export function userObject(login: string, type: 'User' | 'Bot', id = 1): Record<string, unknown> {
  return sample('simple-user', {
    login,
    type,
    id,
    node_id: `U_${login}`,
    html_url: `https://github.com/${login.replace('[bot]', '')}`,
    url: `https://api.github.com/users/${encodeURIComponent(login)}`,
  });
}

/** Whether a GraphQL request body calls the mutation `name`. */
export function callsMutation(body: unknown, name: string): boolean {
  return new RegExp(`\\b${name}\\s*\\(`).test(String((body as { query?: unknown } | undefined)?.query ?? ''));
}

/** 403 as GitHub sends it when a token lacks a permission. */
export function forbidden(): FakeReply {
  return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' } };
}

export function notFound(): FakeReply {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };
}

export function allowed(identity: FakeIdentity, scope: keyof NonNullable<FakeIdentity['permissions']>, need: 'read' | 'write'): boolean {
  const has = identity.permissions?.[scope] ?? 'write';
  return has === 'write' || (need === 'read' && has === 'read');
}

function registerCoreRoutes(fake: GitHubFake): void {
  const repoOf = (context: RouteContext): FakeRepo | undefined => fake.repo(context.params.owner ?? '', context.params.repo ?? '');
  const issueComment = (repo: FakeRepo, number: number, comment: FakeComment): Record<string, unknown> => {
    const kind = repo.pulls.has(number) ? 'pull' : 'issues';
    return sample('issue-comment', {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: userObject(comment.login, comment.userType),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: `https://github.com/${repo.owner}/${repo.name}/${kind}/${number}#issuecomment-${comment.id}`,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}`,
      issue_url: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/${number}`,
      author_association: 'NONE',
    });
  };
  const commitComment = (repo: FakeRepo, sha: string, comment: FakeComment): Record<string, unknown> =>
    sample('commit-comment', {
      id: comment.id,
      node_id: `CC_${comment.id}`,
      body: comment.body,
      user: userObject(comment.login, comment.userType),
      commit_id: sha,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${sha}#commitcomment-${comment.id}`,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}/comments/${comment.id}`,
      author_association: 'NONE',
      position: null,
      line: null,
      path: null,
    });
  const findIssueComment = (repo: FakeRepo, id: number): { number: number; comment: FakeComment } | undefined => {
    for (const [number, comments] of repo.issueComments) {
      const comment = comments.find((candidate) => candidate.id === id);
      if (comment) return { number, comment };
    }
    return undefined;
  };
  const findCommitComment = (repo: FakeRepo, id: number): { sha: string; comment: FakeComment } | undefined => {
    for (const [sha, comments] of repo.commitComments) {
      const comment = comments.find((candidate) => candidate.id === id);
      if (comment) return { sha, comment };
    }
    return undefined;
  };

  fake.route('GET', '/user', ({ identity }) => {
    if (identity.integration) return forbidden();
    return { status: 200, body: sample('public-user', { ...userObject(identity.login, identity.type), user_view_type: 'public' }) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!allowed(context.identity, 'pull-requests', 'read')) return forbidden();
    const numbers = repo.commitPulls.get(context.params.commit_sha ?? '') ?? [];
    const pulls = numbers
      .map((number) => repo.pulls.get(number)!)
      .map((pull) =>
        sample('pull-request-simple', {
          id: pull.number + 500000,
          number: pull.number,
          state: pull.state,
          updated_at: pull.updatedAt,
          html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`,
          head: { sha: pull.headSha, ref: pull.headRef, label: `${repo.owner}:${pull.headRef}`, user: null },
          base: { sha: '0'.repeat(40), ref: pull.baseRef, label: `${repo.owner}:${pull.baseRef}`, user: null },
          user: null,
        }),
      );
    const page = paginate(pulls, context.query, `${fake.url}${context.request.path}`);
    return { status: 200, body: page.body, headers: page.headers };
  });

  fake.route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    const number = Number(context.params.issue_number);
    const comments = (repo.issueComments.get(number) ?? []).map((comment) => issueComment(repo, number, comment));
    const page = paginate(comments, context.query, `${fake.url}${context.request.path}`);
    return { status: 200, body: page.body, headers: page.headers };
  });

  fake.route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    const number = Number(context.params.issue_number);
    const scope = repo.pulls.has(number) ? 'pull-requests' : 'issues';
    if (!allowed(context.identity, scope, 'write')) return forbidden();
    const text = String(context.body.body ?? '');
    if (text.length > COMMENT_LIMIT) return commentTooLong({ documentation_url: 'https://docs.github.com/rest' });
    const comment = fake.addIssueComment(repo, number, context.identity.login, text, context.identity.type);
    return {
      status: 201,
      body: issueComment(repo, number, comment),
      headers: { location: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}` },
    };
  });

  fake.route('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    const found = findIssueComment(repo, Number(context.params.comment_id));
    if (!found) return notFound();
    const scope = repo.pulls.has(found.number) ? 'pull-requests' : 'issues';
    if (!allowed(context.identity, scope, 'write')) return forbidden();
    if (found.comment.login !== context.identity.login) return forbidden();
    const text = String(context.body.body ?? '');
    if (text.length > COMMENT_LIMIT) return commentTooLong();
    found.comment.body = text;
    found.comment.updatedAt = fake.now();
    return { status: 200, body: issueComment(repo, found.number, found.comment) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/comments', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    const sha = context.params.commit_sha ?? '';
    const comments = (repo.commitComments.get(sha) ?? []).map((comment) => commitComment(repo, sha, comment));
    const page = paginate(comments, context.query, `${fake.url}${context.request.path}`);
    return { status: 200, body: page.body, headers: page.headers };
  });

  fake.route('POST', '/repos/{owner}/{repo}/commits/{commit_sha}/comments', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!allowed(context.identity, 'contents', 'write')) return forbidden();
    const sha = context.params.commit_sha ?? '';
    const comment = fake.newComment(context.identity.login, String(context.body.body ?? ''), context.identity.type);
    repo.commitComments.set(sha, [...(repo.commitComments.get(sha) ?? []), comment]);
    return { status: 201, body: commitComment(repo, sha, comment) };
  });

  fake.route('PATCH', '/repos/{owner}/{repo}/comments/{comment_id}', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    const found = findCommitComment(repo, Number(context.params.comment_id));
    if (!found) return notFound();
    if (!allowed(context.identity, 'contents', 'write') || found.comment.login !== context.identity.login) return forbidden();
    found.comment.body = String(context.body.body ?? '');
    found.comment.updatedAt = fake.now();
    return { status: 200, body: commitComment(repo, found.sha, found.comment) };
  });
}

function graphql(identity: FakeIdentity | undefined, body: unknown, violations: string[], handlers: readonly GraphqlHandler[]): FakeReply {
  if (!identity) return { status: 401, body: { message: 'Bad credentials' } };
  const query = (body as { query?: unknown } | undefined)?.query;
  const variables = ((body as { variables?: unknown } | undefined)?.variables ?? {}) as Record<string, unknown>;
  for (const handler of handlers) {
    const reply = typeof query === 'string' ? handler(identity, query, variables) : undefined;
    if (reply) return reply;
  }
  if (typeof query !== 'string' || !/viewer\s*\{\s*login\s*\}/.test(query)) {
    violations.push(`POST /graphql: the fake only answers { viewer { login } }, got ${JSON.stringify(query)}`);
    return { status: 200, body: { errors: [{ message: 'unsupported query in the fake' }] } };
  }
  const login = identity.integration ? identity.login.replace(/\[bot\]$/, '') : identity.login;
  return { status: 200, body: { data: { viewer: { login } } } };
}

function send(response: ServerResponse, reply: FakeReply): void {
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    ...reply.headers,
  });
  response.end(payload);
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** GitHub's limit on a comment's body, and its answer to a longer one. */
const COMMENT_LIMIT = 65536;
function commentTooLong(extra: Record<string, string> = {}): FakeReply {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
      ...extra,
    },
  };
}
