// Runner routes for the loopback GitHub fake (test/fakes/github/server.ts): just-in-time
// registration, listing, reading and deleting self-hosted runners (repository and organization),
// and the workflow-run endpoints used to re-run a job lost to a spot interruption. Every request
// and answer is checked by the fake against GitHub's OpenAPI description.
//
//   const fake = await GitHubFake.start();
//   const runners = installRunnerRoutes(fake);
//   runners.onlineAfterMs = 50;   // registered runners come online 50 ms later

import { allowed, forbidden, notFound, paginate, type GitHubFake, type RouteContext } from '../server.js';
import { sample } from '../schema-sample.js';

export interface FakeRunner {
  id: number;
  name: string;
  os: string;
  status: 'online' | 'offline';
  busy: boolean;
  labels: string[];
  /** `repos/<owner>/<repo>` or `orgs/<org>`. */
  scope: string;
  ephemeral: boolean;
}

export interface FakeRun {
  id: number;
  repository: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  attempt: number;
}

export interface FakeJob {
  id: number;
  runId: number;
  attempt: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  runnerName: string | null;
}

export class RunnerState {
  readonly runners = new Map<number, FakeRunner>();
  readonly runs = new Map<number, FakeRun>();
  readonly jobs: FakeJob[] = [];
  /** Job ids re-run through POST /actions/jobs/{job_id}/rerun. */
  readonly reruns: number[] = [];
  /** How long after registration a runner comes online; 'never' keeps it offline. */
  onlineAfterMs: number | 'never' = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly fake: GitHubFake) {}

  add(runner: Partial<FakeRunner> & { name: string; scope: string }): FakeRunner {
    const full: FakeRunner = {
      id: this.fake.newId(),
      os: 'Linux',
      status: 'online',
      busy: false,
      labels: ['self-hosted', 'Linux', 'X64'],
      ephemeral: true,
      ...runner,
    };
    this.runners.set(full.id, full);
    return full;
  }

  byName(name: string): FakeRunner | undefined {
    return [...this.runners.values()].find((runner) => runner.name === name);
  }

  comeOnlineLater(runner: FakeRunner): void {
    if (this.onlineAfterMs === 'never') return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.runners.has(runner.id)) runner.status = 'online';
    }, this.onlineAfterMs);
    this.timers.add(timer);
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

const READ_ONLY_LABELS = new Set(['self-hosted', 'Linux', 'X64', 'ARM64']);

export function installRunnerRoutes(fake: GitHubFake): RunnerState {
  const state = new RunnerState(fake);
  const scopeOf = (context: RouteContext): string | undefined => {
    if (context.params.org) return `orgs/${context.params.org}`;
    return fake.repo(context.params.owner ?? '', context.params.repo ?? '') ? `repos/${context.params.owner}/${context.params.repo}` : undefined;
  };
  const mayManage = (context: RouteContext): boolean => context.params.org !== undefined || allowed(context.identity, 'administration', 'write');
  const runnerJson = (runner: FakeRunner): Record<string, unknown> =>
    sample('runner', {
      id: runner.id,
      name: runner.name,
      os: runner.os,
      status: runner.status,
      busy: runner.busy,
      ephemeral: runner.ephemeral,
      labels: runner.labels.map((name, index) => ({ id: index + 1, name, type: READ_ONLY_LABELS.has(name) ? 'read-only' : 'custom' })),
    });

  for (const prefix of ['/repos/{owner}/{repo}', '/orgs/{org}']) {
    fake.route('POST', `${prefix}/actions/runners/generate-jitconfig`, (context) => {
      const scope = scopeOf(context);
      if (!scope) return notFound();
      if (!mayManage(context)) return forbidden();
      const name = String(context.body.name ?? '');
      const labels = (context.body.labels ?? []) as string[];
      if ([...state.runners.values()].some((runner) => runner.scope === scope && runner.name === name)) {
        return {
          status: 409,
          body: {
            message: `Already exists - A runner with the name ${name} already exists.`,
            documentation_url: 'https://docs.github.com/rest',
            status: '409',
          },
        };
      }
      const runner = state.add({ name, scope, status: 'offline', labels: ['self-hosted', 'Linux', 'X64', ...labels] });
      state.comeOnlineLater(runner);
      const config = Buffer.from(
        JSON.stringify({
          '.runner': Buffer.from(
            JSON.stringify({ agentId: runner.id, agentName: runner.name, workFolder: String(context.body.work_folder ?? '_work') }),
          ).toString('base64'),
          '.credentials': Buffer.from('{"scheme":"OAuth"}').toString('base64'),
          '.credentials_rsaparams': Buffer.from(`rsa-${runner.id}-${Math.random()}`).toString('base64'),
        }),
      ).toString('base64');
      return { status: 201, body: { runner: runnerJson(runner), encoded_jit_config: config } };
    });

    fake.route('GET', `${prefix}/actions/runners`, (context) => {
      const scope = scopeOf(context);
      if (!scope) return notFound();
      if (!mayManage(context)) return forbidden();
      const name = context.query.get('name');
      const runners = [...state.runners.values()].filter((runner) => runner.scope === scope && (!name || runner.name === name));
      const page = paginate(runners.map(runnerJson), context.query, `${fake.url}${context.request.path}`);
      return { status: 200, body: { total_count: runners.length, runners: page.body }, headers: page.headers };
    });

    fake.route('GET', `${prefix}/actions/runners/{runner_id}`, (context) => {
      const scope = scopeOf(context);
      const runner = state.runners.get(Number(context.params.runner_id));
      if (!scope || !runner || runner.scope !== scope) return notFound();
      if (!mayManage(context)) return forbidden();
      return { status: 200, body: runnerJson(runner) };
    });

    fake.route('DELETE', `${prefix}/actions/runners/{runner_id}`, (context) => {
      const scope = scopeOf(context);
      const runner = state.runners.get(Number(context.params.runner_id));
      if (!scope || !runner || runner.scope !== scope) return notFound();
      if (!mayManage(context)) return forbidden();
      if (runner.busy)
        return {
          status: 422,
          body: {
            message: 'Bad request - Runner "' + runner.name + '" is still running a job"',
            documentation_url: 'https://docs.github.com/rest',
            status: '422',
          },
        };
      state.runners.delete(runner.id);
      return { status: 204 };
    });
  }

  const runOf = (context: RouteContext): FakeRun | undefined => {
    const run = state.runs.get(Number(context.params.run_id));
    return run && run.repository === `${context.params.owner}/${context.params.repo}` ? run : undefined;
  };

  fake.route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', (context) => {
    const run = runOf(context);
    if (!run) return notFound();
    if (!allowed(context.identity, 'actions', 'read')) return forbidden();
    return {
      status: 200,
      body: sample('workflow-run', {
        id: run.id,
        status: run.status,
        conclusion: run.conclusion,
        run_attempt: run.attempt,
        name: 'train',
        head_sha: 'a'.repeat(40),
        event: 'pull_request',
      }),
    };
  });

  fake.route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', (context) => {
    const run = runOf(context);
    if (!run) return notFound();
    if (!allowed(context.identity, 'actions', 'read')) return forbidden();
    const latest = (context.query.get('filter') ?? 'latest') === 'latest';
    const jobs = state.jobs
      .filter((job) => job.runId === run.id && (!latest || job.attempt === run.attempt))
      .map((job) =>
        sample('job', {
          id: job.id,
          run_id: job.runId,
          run_attempt: job.attempt,
          name: job.name,
          status: job.status,
          conclusion: job.conclusion,
          runner_name: job.runnerName,
          head_sha: 'a'.repeat(40),
          workflow_name: 'train',
          labels: [],
        }),
      );
    const page = paginate(jobs, context.query, `${fake.url}${context.request.path}`);
    return { status: 200, body: { total_count: jobs.length, jobs: page.body }, headers: page.headers };
  });

  fake.route('POST', '/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun', (context) => {
    const job = state.jobs.find((candidate) => candidate.id === Number(context.params.job_id));
    if (!job) return notFound();
    if (!allowed(context.identity, 'actions', 'write')) return forbidden();
    const run = state.runs.get(job.runId)!;
    if (run.status !== 'completed')
      return { status: 403, body: { message: 'This workflow is already running', documentation_url: 'https://docs.github.com/rest', status: '403' } };
    run.status = 'queued';
    run.conclusion = null;
    run.attempt += 1;
    state.reruns.push(job.id);
    return { status: 201, body: {} };
  });

  return state;
}
