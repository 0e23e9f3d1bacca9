// `cml mlflow compare` and `cml mlflow log` against a loopback MLflow tracking server: the
// baseline found by commit tag across search pages, both auth styles, MLflow's error messages,
// retried reads and unretried writes, and secrets kept out of every line printed.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeMlflow, type FakeAuth } from '../../fakes/mlflow/server.js';
import { cml, commit, git, initRepo, tempDir, writeFiles } from '../metrics/repo.js';

let dir: { path: string; remove: () => void };
let workspace: string;
let baseCommit: string;
let server: FakeMlflow;

const TOKEN = 'mlflow-token-0123456789abcdef';
const PASSWORD = 'dagshub-password-s3cr3t';

async function startServer(auth: FakeAuth): Promise<FakeMlflow> {
  server = await new FakeMlflow(auth).start();
  return server;
}

beforeEach(() => {
  dir = tempDir('cml-mlflow-');
  workspace = join(dir.path, 'work');
  initRepo(workspace);
  baseCommit = commit(
    workspace,
    { 'dvc.yaml': 'metrics:\n  - metrics.json\n', 'metrics.json': '{"acc": 0.9, "loss": 0.3}\n', 'params.yaml': 'lr: 0.1\nepochs: 10\n' },
    'base',
  );
  git(workspace, 'checkout', '--quiet', '-b', 'feature');
  writeFiles(workspace, { 'metrics.json': '{"acc": 0.92, "loss": 0.25}\n', 'params.yaml': 'lr: 0.2\nepochs: 10\n' });
});

afterEach(async () => {
  await server?.stop();
  dir.remove();
});

describe('cml mlflow compare', () => {
  it("finds the base branch's latest FINISHED run by commit tag across search pages (Bearer auth)", async () => {
    await startServer({ kind: 'bearer', token: TOKEN });
    const experiment = server.addExperiment('churn');
    server.addRun(experiment, { name: 'old-finished', commit: baseCommit, metrics: { acc: 0.5 }, startTime: 1 });
    server.addRun(experiment, {
      name: 'baseline',
      commit: baseCommit,
      metrics: { acc: 0.9, loss: 0.35, auc: 0.8 },
      params: { lr: '0.1', epochs: '10' },
      startTime: 10,
    });
    for (let index = 0; index < 120; index += 1) server.addRun(experiment, { status: 'RUNNING', commit: baseCommit, startTime: 100 + index });
    server.addRun(experiment, { name: 'other-commit', commit: 'f'.repeat(40), metrics: { acc: 0.1 }, startTime: 1000 });
    const env = { MLFLOW_TRACKING_URI: server.url, MLFLOW_TRACKING_TOKEN: TOKEN, MLFLOW_EXPERIMENT_NAME: 'churn', GITHUB_BASE_REF: 'main' };
    const run = await cml(workspace, ['mlflow', 'compare', '--log', 'debug'], env);
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Path          Metric    mlflow:baseline    workspace    Change',
        '(run only)    auc       0.8                -            -',
        'metrics.json  acc       0.9                0.92         0.02',
        'metrics.json  loss      0.35               0.25         -0.1',
        '',
        'Path         Param    mlflow:baseline    workspace',
        'params.yaml  epochs   10                 10',
        'params.yaml  lr       0.1                0.2',
        '',
      ].join('\n'),
    );
    const searches = server.requests.filter((request) => request.path === 'runs/search');
    expect(searches).toHaveLength(2);
    expect(searches[0]!.body).toMatchObject({
      experiment_ids: [experiment],
      filter: `tags.\`mlflow.source.git.commit\` = '${baseCommit}'`,
      order_by: ['attributes.start_time DESC'],
      max_results: 100,
    });
    expect((searches[1]!.body as { page_token?: string }).page_token).toBeTruthy();
    expect(server.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('--md prints the "MLflow baseline" section; --run picks the run; --json has the metrics diff shape', async () => {
    await startServer({ kind: 'none' });
    const id = server.addRun('0', { name: 'pinned', commit: baseCommit, metrics: { acc: 0.9, loss: 0.3 }, params: { lr: '0.1', epochs: '10' } });
    const env = { MLFLOW_TRACKING_URI: `${server.url}/` };
    const md = await cml(workspace, ['mlflow', 'compare', '--run', id, '--md'], env);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(
      `## MLflow baseline\n\nCompared with MLflow run [mlflow:pinned](${server.url}/#/experiments/0/runs/${id}) (commit \`${baseCommit.slice(0, 7)}\`) of experiment Default.\n\n`,
    );
    expect(md.stdout).toContain('| metrics.json | acc      | 0.9             | 0.92        | 0.02     |');
    expect(md.stdout).toContain('<details><summary>Params</summary>');
    const json = await cml(workspace, ['mlflow', 'compare', '--run', id, '--json'], env);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.baseline).toMatchObject({ run_id: id, run_name: 'pinned', commit: baseCommit });
    expect(parsed.metrics['metrics.json'].loss).toEqual({ old: 0.3, new: 0.25, diff: -0.04999999999999999 });
    expect(parsed.params['params.yaml'].lr).toEqual({ old: '0.1', new: '0.2' });
  });

  it('no matching run: one line naming the experiment and the commit', async () => {
    await startServer({ kind: 'none' });
    server.addExperiment('churn');
    const run = await cml(workspace, ['mlflow', 'compare', '--experiment', 'churn', '--base-commit', baseCommit.slice(0, 8)], {
      MLFLOW_TRACKING_URI: server.url,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`no FINISHED run of MLflow experiment "churn" is tagged mlflow.source.git.commit = ${baseCommit}\n`);
  });

  it("retries a read on 5xx; a wrong token is one line with the server's message, never the token", async () => {
    await startServer({ kind: 'bearer', token: TOKEN });
    const id = server.addRun('0', { metrics: { acc: 0.9 } });
    server.failures.set('runs/get', [503]);
    const ok = await cml(workspace, ['mlflow', 'compare', '--run', id], { MLFLOW_TRACKING_URI: server.url, MLFLOW_TRACKING_TOKEN: TOKEN });
    expect(ok.code).toBe(0);
    expect(server.requests.filter((request) => request.path === 'runs/get')).toHaveLength(2);
    const denied = await cml(workspace, ['mlflow', 'compare', '--run', id, '--log', 'debug'], {
      MLFLOW_TRACKING_URI: server.url,
      MLFLOW_TRACKING_TOKEN: `${TOKEN}-wrong`,
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(
      'error: MLflow runs/get failed with HTTP 403: Permission denied: invalid credentials (PERMISSION_DENIED) (the credentials have no access to this experiment)',
    );
    expect(denied.stderr).not.toContain(TOKEN);
  });

  it('a server that is not there, and a missing MLFLOW_TRACKING_URI, are one clear line each', async () => {
    await startServer({ kind: 'none' });
    const url = server.url;
    await server.stop();
    const down = await cml(workspace, ['mlflow', 'compare', '--run', 'abc'], { MLFLOW_TRACKING_URI: url, MLFLOW_TRACKING_PASSWORD: 'x' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^error: MLFLOW_TRACKING_USERNAME is not set/);
    server = await new FakeMlflow().start();
    const notMlflow = await cml(workspace, ['mlflow', 'log'], { MLFLOW_TRACKING_URI: `${server.url}/not-mlflow` });
    expect(notMlflow.code).toBe(1);
    expect(notMlflow.stderr).toContain(
      'error: MLflow experiments/get-by-name failed with HTTP 404: No API endpoint found for /not-mlflow/api/2.0/mlflow/experiments/get-by-name (ENDPOINT_NOT_FOUND) (is ',
    );
    expect(server.requests.map((request) => request.path)).toEqual(['/not-mlflow/api/2.0/mlflow/experiments/get-by-name']);
    const unset = await cml(workspace, ['mlflow', 'compare'], {});
    expect(unset.stderr).toMatch(/^error: MLFLOW_TRACKING_URI is not set \(set it to your tracking server/);
  });
});

describe('cml mlflow log', () => {
  it('creates the experiment, logs a FINISHED run tagged with commit, branch and workflow run (Basic auth, as DAGsHub)', async () => {
    await startServer({ kind: 'basic', username: 'octo', password: PASSWORD });
    const head = git(workspace, 'rev-parse', 'HEAD').trim();
    const env = {
      MLFLOW_TRACKING_URI: server.url,
      MLFLOW_TRACKING_USERNAME: 'octo',
      MLFLOW_TRACKING_PASSWORD: PASSWORD,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo/churn',
      GITHUB_RUN_ID: '42',
      GITHUB_HEAD_REF: 'feature',
    };
    const run = await cml(workspace, ['mlflow', 'log', '--experiment', 'churn', '--run-name', 'PR 7', '--log', 'debug'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain(Buffer.from(`octo:${PASSWORD}`).toString('base64'));
    const [stored] = [...server.runs.values()];
    expect(stored!.info).toMatchObject({ status: 'FINISHED', run_name: 'PR 7' });
    expect(run.stdout).toBe(`${server.url}/#/experiments/${stored!.info.experiment_id}/runs/${stored!.info.run_id}\n`);
    expect(stored!.data.tags).toEqual([
      { key: 'mlflow.source.git.commit', value: head },
      { key: 'mlflow.source.git.branch', value: 'feature' },
      { key: 'cml.workflow.run.url', value: 'https://github.com/octo/churn/actions/runs/42' },
    ]);
    expect(stored!.data.metrics.map(({ key, value, step }) => ({ key, value, step }))).toEqual([
      { key: 'acc', value: 0.92, step: 0 },
      { key: 'loss', value: 0.25, step: 0 },
    ]);
    expect(stored!.data.params).toEqual([
      { key: 'lr', value: '0.2' },
      { key: 'epochs', value: '10' },
    ]);
    expect(server.requests.map((request) => request.path)).toEqual([
      'experiments/get-by-name',
      'experiments/create',
      'runs/create',
      'runs/log-batch',
      'runs/update',
    ]);
  });

  it('a failed write is not retried, and the run is marked FAILED', async () => {
    await startServer({ kind: 'none' });
    server.failures.set('runs/log-batch', [500]);
    const run = await cml(workspace, ['mlflow', 'log'], { MLFLOW_TRACKING_URI: server.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: MLflow runs/log-batch failed with HTTP 500: the database is not answering (INTERNAL_ERROR)');
    expect(server.requests.filter((request) => request.path === 'runs/log-batch')).toHaveLength(1);
    expect([...server.runs.values()][0]!.info.status).toBe('FAILED');
  });
});
