// A loopback MLflow tracking server speaking the REST API 2.0 endpoints this tool calls, with
// MLflow's error shape ({"error_code", "message"} and its HTTP statuses), request validation as
// the real server does it (types, log-batch limits, immutable params), run search with the tag
// filter and order this tool sends and page tokens, and either auth style (Bearer or Basic).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export type FakeAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

interface StoredRun {
  info: {
    run_id: string;
    run_uuid: string;
    experiment_id: string;
    run_name: string;
    status: string;
    start_time: number;
    end_time?: number;
    lifecycle_stage: string;
    artifact_uri: string;
  };
  data: {
    metrics: { key: string; value: number; timestamp: number; step: number }[];
    params: { key: string; value: string }[];
    tags: { key: string; value: string }[];
  };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

class MlflowError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string): MlflowError => new MlflowError(400, 'INVALID_PARAMETER_VALUE', message);

export class FakeMlflow {
  readonly experiments = new Map<string, { experiment_id: string; name: string; lifecycle_stage: string }>([
    ['0', { experiment_id: '0', name: 'Default', lifecycle_stage: 'active' }],
  ]);
  readonly runs = new Map<string, StoredRun>();
  readonly requests: RecordedRequest[] = [];
  /** Endpoint -> HTTP statuses to answer with before handling requests normally. */
  readonly failures = new Map<string, number[]>();
  private clock = 1_700_000_000_000;
  private server = createServer((request, response) => void this.handle(request, response));
  url = '';

  constructor(private readonly auth: FakeAuth = { kind: 'none' }) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addExperiment(name: string): string {
    const id = String(this.experiments.size + 100);
    this.experiments.set(id, { experiment_id: id, name, lifecycle_stage: 'active' });
    return id;
  }

  /** A run as another client would have logged it. */
  addRun(
    experimentId: string,
    options: { name?: string; status?: string; commit?: string; metrics?: Record<string, number>; params?: Record<string, string>; startTime?: number },
  ): string {
    const id = randomBytes(16).toString('hex');
    this.clock += 1000;
    this.runs.set(id, {
      info: {
        run_id: id,
        run_uuid: id,
        experiment_id: experimentId,
        run_name: options.name ?? `run-${this.runs.size}`,
        status: options.status ?? 'FINISHED',
        start_time: options.startTime ?? this.clock,
        lifecycle_stage: 'active',
        artifact_uri: `mlflow-artifacts:/${experimentId}/${id}/artifacts`,
      },
      data: {
        metrics: Object.entries(options.metrics ?? {}).map(([key, value]) => ({ key, value, timestamp: this.clock, step: 0 })),
        params: Object.entries(options.params ?? {}).map(([key, value]) => ({ key, value })),
        tags: options.commit ? [{ key: 'mlflow.source.git.commit', value: options.commit }] : [],
      },
    });
    return id;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const path = url.pathname.replace(/^\/api\/2\.0\/mlflow\//, '');
    this.requests.push({ method: request.method ?? 'GET', path, query: url.searchParams, body, authorization: request.headers.authorization });
    const send = (status: number, payload: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    try {
      this.authenticate(request.headers.authorization);
      const failure = this.failures.get(path)?.shift();
      if (failure !== undefined)
        throw new MlflowError(failure, failure === 503 ? 'TEMPORARILY_UNAVAILABLE' : 'INTERNAL_ERROR', 'the database is not answering');
      if (!url.pathname.startsWith('/api/2.0/mlflow/')) throw new MlflowError(404, 'ENDPOINT_NOT_FOUND', `No API endpoint found for ${url.pathname}`);
      if (typeof body === 'string') throw new MlflowError(400, 'MALFORMED_REQUEST', 'Malformed request body: not JSON');
      send(200, this.route(request.method ?? 'GET', path, url.searchParams, (body ?? {}) as Record<string, unknown>));
    } catch (error) {
      if (!(error instanceof MlflowError)) throw error;
      send(error.status, { error_code: error.code, message: error.message });
    }
  }

  private authenticate(header: string | undefined): void {
    if (this.auth.kind === 'none') return;
    const expected =
      this.auth.kind === 'bearer' ? `Bearer ${this.auth.token}` : `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    if (header === undefined) throw new MlflowError(401, 'UNAUTHENTICATED', 'You are not authenticated. Please provide valid credentials.');
    if (header !== expected) throw new MlflowError(403, 'PERMISSION_DENIED', 'Permission denied: invalid credentials');
  }

  private route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): unknown {
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET experiments/get-by-name': {
        const name = query.get('experiment_name');
        if (!name) throw invalid("Missing value for required parameter 'experiment_name'.");
        const experiment = [...this.experiments.values()].find((item) => item.name === name);
        if (!experiment) throw new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
        return { experiment };
      }
      case 'POST experiments/create': {
        const name = requireString(body, 'name');
        if ([...this.experiments.values()].some((item) => item.name === name))
          throw new MlflowError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
        return { experiment_id: this.addExperiment(name) };
      }
      case 'GET runs/get': {
        const id = query.get('run_id') ?? '';
        const run = this.runs.get(id);
        if (!run) throw new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${id}' not found.`);
        return { run };
      }
      case 'POST runs/search':
        return this.search(body);
      case 'POST runs/create': {
        const experimentId = requireString(body, 'experiment_id');
        if (!this.experiments.has(experimentId)) throw new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${experimentId} exists`);
        const tags = keyValues(body.tags, 'tags');
        const id = this.addRun(experimentId, {
          status: 'RUNNING',
          startTime: requireInteger(body, 'start_time'),
          ...(typeof body.run_name === 'string' ? { name: body.run_name } : {}),
        });
        this.runs.get(id)!.data.tags.push(...tags);
        return { run: this.runs.get(id) };
      }
      case 'POST runs/log-batch':
        return this.logBatch(body);
      case 'POST runs/update': {
        const run = this.runOf(body);
        const status = requireString(body, 'status');
        if (!['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].includes(status))
          throw invalid(`Invalid value ${status} for parameter 'status' supplied.`);
        run.info.status = status;
        run.info.end_time = requireInteger(body, 'end_time');
        return { run_info: run.info };
      }
      default:
        throw new MlflowError(404, 'ENDPOINT_NOT_FOUND', `No API endpoint found for ${method} /api/2.0/mlflow/${path}`);
    }
  }

  private runOf(body: Record<string, unknown>): StoredRun {
    const id = requireString(body, 'run_id');
    const run = this.runs.get(id);
    if (!run) throw new MlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${id}' not found.`);
    return run;
  }

  private search(body: Record<string, unknown>): unknown {
    const ids = body.experiment_ids;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
      throw invalid("Invalid value for parameter 'experiment_ids': a list of strings is required.");
    const max = body.max_results ?? 1000;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50000)
      throw invalid(`Invalid value ${String(max)} for parameter 'max_results' supplied.`);
    let runs = [...this.runs.values()].filter((run) => ids.includes(run.info.experiment_id));
    if (body.filter !== undefined) {
      const match = /^tags\.`([^`]+)` = '([^']*)'$/.exec(String(body.filter));
      if (!match) throw invalid(`Invalid filter '${String(body.filter)}'.`);
      runs = runs.filter((run) => run.data.tags.some((tag) => tag.key === match[1] && tag.value === match[2]));
    }
    const order = body.order_by;
    if (order !== undefined) {
      if (!Array.isArray(order) || order.length !== 1 || order[0] !== 'attributes.start_time DESC')
        throw invalid(`Invalid order_by clause '${JSON.stringify(order)}'.`);
      runs.sort((a, b) => b.info.start_time - a.info.start_time);
    }
    const offset = body.page_token === undefined ? 0 : Number(JSON.parse(Buffer.from(String(body.page_token), 'base64').toString('utf8')).offset);
    const page = runs.slice(offset, offset + max);
    const next = offset + max < runs.length ? Buffer.from(JSON.stringify({ offset: offset + max })).toString('base64') : undefined;
    return { runs: page, ...(next ? { next_page_token: next } : {}) };
  }

  private logBatch(body: Record<string, unknown>): unknown {
    const run = this.runOf(body);
    const metrics = Array.isArray(body.metrics) ? body.metrics : [];
    const params = keyValues(body.params, 'params');
    const tags = keyValues(body.tags, 'tags');
    if (metrics.length > 1000) throw invalid(`A batch logging request can contain at most 1000 metrics. Got ${metrics.length} metrics.`);
    if (params.length > 100) throw invalid(`A batch logging request can contain at most 100 params. Got ${params.length} params.`);
    if (metrics.length + params.length + tags.length > 1000)
      throw invalid('A batch logging request can contain at most 1000 metrics, params, and tags in total.');
    for (const metric of metrics as Record<string, unknown>[]) {
      if (typeof metric.key !== 'string' || typeof metric.value !== 'number' || !Number.isInteger(metric.timestamp) || !Number.isInteger(metric.step ?? 0))
        throw invalid(`Invalid metric ${JSON.stringify(metric)}.`);
      run.data.metrics.push({ key: metric.key, value: metric.value, timestamp: metric.timestamp as number, step: (metric.step as number) ?? 0 });
    }
    for (const param of params) {
      const old = run.data.params.find((item) => item.key === param.key);
      if (old && old.value !== param.value)
        throw invalid(
          `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${old.value}' for run ID='${run.info.run_id}'. Attempted logging new value '${param.value}'.`,
        );
      if (!old) run.data.params.push(param);
    }
    run.data.tags.push(...tags);
    return {};
  }
}

function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw invalid(`Missing value for required parameter '${name}'.`);
  return value;
}

function requireInteger(body: Record<string, unknown>, name: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`Invalid value ${String(value)} for parameter '${name}' supplied.`);
  return value;
}

function keyValues(value: unknown, name: string): { key: string; value: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item?.key !== 'string' || typeof item?.value !== 'string'))
    throw invalid(`Invalid value for parameter '${name}': a list of {key, value} strings is required.`);
  return value as { key: string; value: string }[];
}
