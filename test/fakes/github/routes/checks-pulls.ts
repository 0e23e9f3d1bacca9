// Check runs, opening and merging pull requests (REST, and GraphQL's enablePullRequestAutoMerge),
// re-running a workflow run's failed jobs, and GitHub App installation tokens (a JWT checked with
// the App's public key) for the loopback GitHub fake. Every REST request and answer is checked by
// the fake against GitHub's OpenAPI description.
//
//   const fake = await GitHubFake.start();
//   const state = installChecksAndPulls(fake);
//   state.addApp('123', publicKey, 'octo/models');

import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { sample } from '../schema-sample.js';
import {
  allowed,
  forbidden,
  notFound,
  userObject,
  type FakeIdentity,
  type FakePull,
  type FakeReply,
  type FakeRepo,
  type GitHubFake,
  type RouteContext,
} from '../server.js';

export interface FakeCheckRun {
  id: number;
  repository: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  title: string;
  summary: string;
  annotations: Array<Record<string, unknown>>;
  login: string;
}

interface FakeApp {
  readonly id: string;
  readonly key: KeyObject;
  readonly installationId: number;
  readonly repositories: readonly string[];
}

export class ChecksAndPulls {
  readonly checkRuns: FakeCheckRun[] = [];
  /** Run ids whose failed jobs were re-run. */
  readonly rerunRequests: number[] = [];
  /** Workflow runs that exist, as `owner/repo#id`, and whether they failed. */
  readonly runs = new Map<string, 'failure' | 'success'>();
  readonly apps: FakeApp[] = [];
  /** Installation tokens minted, in order. */
  readonly mintedTokens: string[] = [];
  /** Repositories whose settings allow auto-merge. */
  readonly autoMergeAllowed = new Set<string>();

  addApp(id: string, publicKeyPem: string, ...repositories: string[]): FakeApp {
    const app = { id, key: createPublicKey(publicKeyPem), installationId: 9000 + this.apps.length, repositories };
    this.apps.push(app);
    return app;
  }
}

export function installChecksAndPulls(fake: GitHubFake): ChecksAndPulls {
  const state = new ChecksAndPulls();
  const repoOf = (context: RouteContext): FakeRepo | undefined => fake.repo(context.params.owner ?? '', context.params.repo ?? '');
  const unprocessable = (message: string): FakeReply => ({ status: 422, body: { message, documentation_url: 'https://docs.github.com/rest', status: '422' } });

  fake.authenticators.push((token) => appFromJwt(state, token));

  const checkJson = (repo: FakeRepo, run: FakeCheckRun): Record<string, unknown> =>
    sample('check-run', {
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.headSha,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      html_url: `https://github.com/${repo.owner}/${repo.name}/runs/${run.id}`,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}/check-runs/${run.id}`,
      output: {
        title: run.title,
        summary: run.summary,
        text: null,
        annotations_count: run.annotations.length,
        annotations_url: `https://api.github.com/repos/${repo.owner}/${repo.name}/check-runs/${run.id}/annotations`,
      },
      app: null,
      pull_requests: [],
    });
  const checkOutput = (run: FakeCheckRun, output: unknown): FakeReply | undefined => {
    if (!output || typeof output !== 'object') return undefined;
    const { title, summary, annotations } = output as { title?: string; summary?: string; annotations?: Array<Record<string, unknown>> };
    if ((summary ?? '').length > 65535) return unprocessable('Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.');
    if ((annotations ?? []).length > 50) return unprocessable('Invalid request.\n\nOnly 50 annotations are allowed per request.');
    run.title = title ?? run.title;
    run.summary = summary ?? run.summary;
    run.annotations.push(...(annotations ?? []));
    return undefined;
  };

  fake.route('POST', '/repos/{owner}/{repo}/check-runs', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!context.identity.integration)
      return {
        status: 403,
        body: {
          message: 'You must authenticate via a GitHub App.',
          documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
          status: '403',
        },
      };
    if (!allowed(context.identity, 'checks', 'write')) return forbidden();
    const body = context.body;
    const run: FakeCheckRun = {
      id: fake.newId(),
      repository: `${repo.owner}/${repo.name}`,
      name: String(body.name),
      headSha: String(body.head_sha),
      status: String(body.status ?? 'queued'),
      conclusion: typeof body.conclusion === 'string' ? body.conclusion : null,
      title: '',
      summary: '',
      annotations: [],
      login: context.identity.login,
    };
    if (run.status === 'completed' && !run.conclusion) return unprocessable('Invalid request.\n\n"conclusion" wasn\'t supplied.');
    const refused = checkOutput(run, body.output);
    if (refused) return refused;
    state.checkRuns.push(run);
    return { status: 201, body: checkJson(repo, run) };
  });

  fake.route('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', (context) => {
    const repo = repoOf(context);
    const run = state.checkRuns.find((candidate) => candidate.id === Number(context.params.check_run_id));
    if (!repo || !run || run.repository !== `${repo.owner}/${repo.name}`) return notFound();
    if (!context.identity.integration || run.login !== context.identity.login) return forbidden();
    const refused = checkOutput(run, context.body.output);
    return refused ?? { status: 200, body: checkJson(repo, run) };
  });

  const pullJson = (repo: FakeRepo, pull: FakePull): Record<string, unknown> => {
    const branch = (ref: string, sha: string) => ({ ref, sha, label: `${repo.owner}:${ref}` });
    return sample('pull-request', {
      id: pull.number + 500000,
      node_id: `PR_${pull.number}`,
      number: pull.number,
      state: pull.state,
      title: pull.title ?? '',
      body: pull.body ?? null,
      html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`,
      head: branch(pull.headRef, pull.headSha),
      base: branch(pull.baseRef, '0'.repeat(40)),
      user: userObject('github-actions[bot]', 'Bot'),
      merged: pull.merged ?? false,
      mergeable: pull.mergeable ?? true,
      updated_at: pull.updatedAt,
    });
  };

  fake.route('POST', '/repos/{owner}/{repo}/pulls', (context) => {
    const repo = repoOf(context);
    if (!repo) return notFound();
    if (!allowed(context.identity, 'pull-requests', 'write')) return forbidden();
    const head = String(context.body.head ?? '').replace(/^[^:]+:/, '');
    const base = String(context.body.base ?? '');
    const open = [...repo.pulls.values()].find((pull) => pull.state === 'open' && pull.headRef === head && pull.baseRef === base);
    if (open) return unprocessable(`Validation Failed: A pull request already exists for ${repo.owner}:${head}.`);
    if (head === base) return unprocessable('Validation Failed: No commits between base and head');
    const number = Math.max(0, ...repo.pulls.keys()) + 1;
    const pull = fake.addPull(repo, { number, headSha: String(context.body.head_sha ?? 'f'.repeat(40)), headRef: head, baseRef: base });
    pull.title = String(context.body.title ?? '');
    pull.body = typeof context.body.body === 'string' ? context.body.body : '';
    return { status: 201, body: pullJson(repo, pull) };
  });

  fake.route('PUT', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', (context) => {
    const repo = repoOf(context);
    const pull = repo?.pulls.get(Number(context.params.pull_number));
    if (!repo || !pull) return notFound();
    if (!allowed(context.identity, 'contents', 'write')) return forbidden();
    if (pull.merged || pull.mergeable === false)
      return { status: 405, body: { message: 'Pull Request is not mergeable', documentation_url: 'https://docs.github.com/rest', status: '405' } };
    pull.merged = true;
    pull.state = 'closed';
    return { status: 200, body: { sha: 'e'.repeat(40), merged: true, message: 'Pull Request successfully merged' } };
  });

  fake.graphqlHandlers.push((identity, query, variables) => {
    if (!/enablePullRequestAutoMerge/.test(query)) return undefined;
    const id = String(variables.pullRequestId ?? '');
    const method = String(variables.mergeMethod ?? '');
    for (const repo of fake.repos.values()) {
      const pull = [...repo.pulls.values()].find((candidate) => `PR_${candidate.number}` === id);
      if (!pull) continue;
      if (!allowed(identity, 'pull-requests', 'write')) return graphqlError('Resource not accessible by integration');
      if (!state.autoMergeAllowed.has(`${repo.owner}/${repo.name}`)) return graphqlError('Pull request Auto merge is not allowed for this repository');
      pull.autoMerge = method;
      return { status: 200, body: { data: { enablePullRequestAutoMerge: { pullRequest: { number: pull.number } } } } };
    }
    return graphqlError(`Could not resolve to a node with the global id of '${id}'`);
  });

  fake.route('POST', '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', (context) => {
    const key = `${context.params.owner}/${context.params.repo}#${context.params.run_id}`;
    if (!state.runs.has(key)) return notFound();
    if (!allowed(context.identity, 'actions', 'write')) return forbidden();
    state.rerunRequests.push(Number(context.params.run_id));
    return { status: 201, body: {} };
  });

  const appOnly = (identity: FakeIdentity): FakeReply | undefined =>
    identity.appId
      ? undefined
      : { status: 401, body: { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest', status: '401' } };

  fake.route('GET', '/repos/{owner}/{repo}/installation', (context) => {
    const refused = appOnly(context.identity);
    if (refused) return refused;
    const app = state.apps.find((candidate) => candidate.id === context.identity.appId);
    if (!app?.repositories.includes(`${context.params.owner}/${context.params.repo}`)) return notFound();
    return {
      status: 200,
      body: sample('installation', {
        id: app.installationId,
        app_id: Number(app.id),
        app_slug: `app-${app.id}`,
        target_id: 1,
        target_type: 'Organization',
        account: userObject(context.params.owner ?? '', 'User'),
        access_tokens_url: `https://api.github.com/app/installations/${app.installationId}/access_tokens`,
        repositories_url: 'https://api.github.com/installation/repositories',
        html_url: `https://github.com/settings/installations/${app.installationId}`,
      }),
    };
  });

  fake.route('POST', '/app/installations/{installation_id}/access_tokens', (context) => {
    const refused = appOnly(context.identity);
    if (refused) return refused;
    const app = state.apps.find((candidate) => candidate.id === context.identity.appId && candidate.installationId === Number(context.params.installation_id));
    if (!app) return notFound();
    const token = `ghs_installation${String(state.mintedTokens.length + 1).padStart(20, '0')}`;
    state.mintedTokens.push(token);
    fake.addToken(token, { login: `app-${app.id}[bot]`, type: 'Bot', integration: true });
    return {
      status: 201,
      body: sample('installation-token', { token, expires_at: '2026-01-01T01:00:00Z', permissions: {}, repository_selection: 'selected' }),
    };
  });

  return state;
}

function graphqlError(message: string): FakeReply {
  return { status: 200, body: { data: null, errors: [{ type: 'UNPROCESSABLE', message }] } };
}

/** The App whose key signed this JWT (RS256, not expired, issued at most a minute ahead). */
function appFromJwt(state: ChecksAndPulls, token: string): FakeIdentity | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    if ((JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string }).alg !== 'RS256') return undefined;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return undefined;
  }
  const app = state.apps.find((candidate) => candidate.id === String(claims.iss));
  if (!app || !verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), app.key, Buffer.from(signature, 'base64url'))) return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp <= now || claims.iat > now + 60 || claims.exp - claims.iat > 600)
    return undefined;
  return { login: `app-${app.id}[bot]`, type: 'Bot', integration: true, appId: app.id };
}
