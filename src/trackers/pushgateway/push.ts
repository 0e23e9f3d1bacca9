// Pushing a Prometheus text exposition to a Pushgateway: PUT /metrics/job/<job>/<label>/<value>…,
// which replaces the metrics of that group (so a column that disappeared stops being reported).
// Credentials in the URL become a Basic auth header and are masked; the push is sent once (a
// write), and a refusal is one line with the Pushgateway's own message.

import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createHttpFetch } from '../../http/fetch.js';

export interface PushgatewayTarget {
  /** The Pushgateway, without credentials, e.g. http://pushgateway:9091. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly job: string;
  /** Further grouping labels (repo, branch), in order; empty values are left out. */
  readonly grouping: readonly (readonly [string, string | undefined])[];
}

/** --pushgateway URL -> target; credentials are taken out of the URL. */
export function pushgatewayTarget(raw: string, job: string, grouping: PushgatewayTarget['grouping']): PushgatewayTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('--pushgateway is not a URL', { hint: 'e.g. --pushgateway http://pushgateway:9091' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`--pushgateway must be an http(s) URL, not ${url.protocol}`);
  if (url.search || url.hash) throw new UserError("--pushgateway takes the Pushgateway's base URL, without a query or fragment");
  if (job.trim() === '') throw new UserError('--pushgateway-job is empty');
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/+$/, ''), ...(username ? { username } : {}), ...(password ? { password } : {}), job: job.trim(), grouping };
}

/** One path segment pair; values with '/' (or empty ones) use the Pushgateway's base64 form. */
function segment(label: string, value: string): string {
  if (value === '' || value.includes('/')) return `${label}@base64/${Buffer.from(value).toString('base64url') || '='}`;
  return `${label}/${encodeURIComponent(value)}`;
}

export function groupPath(target: PushgatewayTarget): string {
  const pairs = [['job', target.job] as const, ...target.grouping.filter((pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1] !== '')];
  return `/metrics/${pairs.map(([label, value]) => segment(label, value)).join('/')}`;
}

export async function pushMetrics(
  target: PushgatewayTarget,
  exposition: string,
  logger: Logger,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<void> {
  const fetcher = options.fetch ?? createHttpFetch({ timeoutMs: options.timeoutMs ?? 30_000 });
  const headers: Record<string, string> = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' };
  if (target.username !== undefined || target.password !== undefined) {
    logger.mask(target.password);
    const encoded = Buffer.from(`${target.username ?? ''}:${target.password ?? ''}`).toString('base64');
    logger.mask(encoded);
    headers.authorization = `Basic ${encoded}`;
  }
  const path = groupPath(target);
  let response: Response;
  try {
    response = await fetcher(`${target.url}${path}`, { method: 'PUT', headers, body: exposition });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new UserError(logger.redact(`cannot reach the Pushgateway ${target.url}: ${cause}`), { hint: 'check --pushgateway and that the Pushgateway is up' });
  }
  if (!response.ok) {
    const text = (await response.text()).trim().split('\n')[0]?.slice(0, 300) || response.statusText;
    throw new UserError(logger.redact(`the Pushgateway ${target.url} refused the metrics with HTTP ${response.status}: ${text}`), {
      hint: response.status === 401 || response.status === 403 ? 'put the credentials in the URL: https://user:password@host' : 'see the Pushgateway log',
    });
  }
  logger.info(`pushed drift metrics to ${target.url}${path}`);
}
