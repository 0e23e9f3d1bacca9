// The MLflow tracking server client (REST API 2.0) over the one HTTP client, src/http/fetch.ts.
// Reads (GETs and runs/search) are retried on 5xx and network errors, a bounded number of times;
// writes are sent once, as a retried runs/create would make a second run. Errors become one line
// with the server's own message (MLflow's {"error_code", "message"}); credentials are masked.

import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createHttpFetch } from '../../http/fetch.js';
import type { MlflowConnection, MlflowExperiment, MlflowKeyValue, MlflowMetric, MlflowRun } from './types.js';

export interface MlflowClientOptions {
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  /** Pauses between read attempts, in ms; its length + 1 is the number of attempts. */
  readonly retryDelaysMs?: readonly number[];
  readonly timeoutMs?: number;
}

export interface SearchRunsRequest {
  readonly experimentIds: readonly string[];
  readonly filter?: string;
  readonly orderBy?: readonly string[];
  readonly maxResults?: number;
  readonly pageToken?: string;
}

const API = 'api/2.0/mlflow';
const DEFAULT_RETRY_DELAYS_MS = [500, 2000];

export class MlflowClient {
  private readonly fetch: typeof fetch;
  private readonly headers: Record<string, string>;
  private readonly delays: readonly number[];

  constructor(
    readonly connection: MlflowConnection,
    private readonly options: MlflowClientOptions,
  ) {
    this.fetch = options.fetch ?? createHttpFetch({ timeoutMs: options.timeoutMs ?? 30_000 });
    this.delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.headers = { accept: 'application/json', 'content-type': 'application/json' };
    const { auth } = connection;
    if (auth.kind === 'bearer') {
      options.logger.mask(auth.token);
      this.headers.authorization = `Bearer ${auth.token}`;
    } else if (auth.kind === 'basic') {
      options.logger.mask(auth.password);
      const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      options.logger.mask(encoded);
      this.headers.authorization = `Basic ${encoded}`;
    }
  }

  /** undefined when the experiment does not exist. */
  async getExperimentByName(name: string): Promise<MlflowExperiment | undefined> {
    const answer = await this.read<{ experiment: MlflowExperiment }>('GET', `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`, undefined, {
      missingOk: true,
    });
    return answer?.experiment;
  }

  async createExperiment(name: string): Promise<string> {
    return (await this.write<{ experiment_id: string }>('experiments/create', { name })).experiment_id;
  }

  async getRun(runId: string): Promise<MlflowRun> {
    const answer = await this.read<{ run: MlflowRun }>('GET', `runs/get?run_id=${encodeURIComponent(runId)}`);
    return answer!.run;
  }

  async searchRuns(request: SearchRunsRequest): Promise<{ runs: MlflowRun[]; nextPageToken: string | undefined }> {
    const body = {
      experiment_ids: request.experimentIds,
      ...(request.filter ? { filter: request.filter } : {}),
      run_view_type: 'ACTIVE_ONLY',
      max_results: request.maxResults ?? 100,
      ...(request.orderBy ? { order_by: request.orderBy } : {}),
      ...(request.pageToken ? { page_token: request.pageToken } : {}),
    };
    const answer = await this.read<{ runs?: MlflowRun[]; next_page_token?: string }>('POST', 'runs/search', body);
    return { runs: answer?.runs ?? [], nextPageToken: answer?.next_page_token || undefined };
  }

  async createRun(request: { experimentId: string; runName?: string; startTime: number; tags: readonly MlflowKeyValue[] }): Promise<MlflowRun> {
    const body = {
      experiment_id: request.experimentId,
      start_time: request.startTime,
      tags: request.tags,
      ...(request.runName ? { run_name: request.runName } : {}),
    };
    return (await this.write<{ run: MlflowRun }>('runs/create', body)).run;
  }

  async logBatch(
    runId: string,
    batch: { metrics?: readonly MlflowMetric[]; params?: readonly MlflowKeyValue[]; tags?: readonly MlflowKeyValue[] },
  ): Promise<void> {
    await this.write('runs/log-batch', { run_id: runId, metrics: batch.metrics ?? [], params: batch.params ?? [], tags: batch.tags ?? [] });
  }

  async updateRun(runId: string, status: 'FINISHED' | 'FAILED', endTime: number): Promise<void> {
    await this.write('runs/update', { run_id: runId, status, end_time: endTime });
  }

  /** The run's page in the MLflow UI. */
  runUrl(experimentId: string, runId: string): string {
    return `${this.connection.trackingUri.replace(/\/+$/, '')}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
  }

  private url(path: string): string {
    return `${this.connection.trackingUri.replace(/\/+$/, '')}/${API}/${path}`;
  }

  private async read<T>(method: 'GET' | 'POST', path: string, body?: unknown, options: { missingOk?: boolean } = {}): Promise<T | undefined> {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= this.delays.length;
      let response: Response;
      try {
        response = await this.send(method, path, body);
      } catch (error) {
        if (last) throw this.networkError(path, error);
        this.options.logger.debug(`MLflow ${path}: ${(error as Error).message}; retrying`);
        await pause(this.delays[attempt]!);
        continue;
      }
      if (response.status >= 500 && !last) {
        this.options.logger.debug(`MLflow ${path}: HTTP ${response.status}; retrying`);
        await pause(this.delays[attempt]!);
        continue;
      }
      const text = await response.text();
      // Only MLflow's own "no such resource"; a 404 from something that is not MLflow is an error.
      if (response.status === 404 && options.missingOk && /"error_code"\s*:\s*"RESOURCE_DOES_NOT_EXIST"/.test(text)) return undefined;
      return this.parse<T>(path, response, text);
    }
  }

  private async write<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.send('POST', path, body);
    } catch (error) {
      throw this.networkError(path, error);
    }
    return this.parse<T>(path, response, await response.text());
  }

  private async send(method: string, path: string, body: unknown): Promise<Response> {
    this.options.logger.debug(`MLflow ${method} ${path.split('?')[0]}`);
    return this.fetch(this.url(path), { method, headers: this.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  private parse<T>(path: string, response: Response, text: string): T {
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.ok && json !== undefined) return json as T;
    const endpoint = path.split('?')[0];
    const { error_code: code, message } = (json ?? {}) as { error_code?: string; message?: string };
    const reason = message
      ? `${message}${code ? ` (${code})` : ''}`
      : response.ok
        ? 'the answer is not JSON'
        : `${text.trim().split('\n')[0]?.slice(0, 200) || response.statusText}`;
    throw new UserError(this.options.logger.redact(`MLflow ${endpoint} failed with HTTP ${response.status}: ${reason}`), {
      hint: hintFor(response.status, this.connection.trackingUri),
    });
  }

  private networkError(path: string, error: unknown): UserError {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    return new UserError(
      this.options.logger.redact(`cannot reach the MLflow tracking server ${this.connection.trackingUri} (${path.split('?')[0]}): ${cause}`),
      {
        hint: 'check MLFLOW_TRACKING_URI and that the server is up',
      },
    );
  }
}

function hintFor(status: number, uri: string): string {
  if (status === 401) return 'set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD';
  if (status === 403) return 'the credentials have no access to this experiment';
  if (status === 404) return `is ${uri} an MLflow tracking server? (DAGsHub: https://dagshub.com/<owner>/<repo>.mlflow)`;
  return 'see the MLflow server log';
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
