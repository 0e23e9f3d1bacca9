// `--publish-url`: a self-hosted asset endpoint in CML's style. Each file is POSTed as the request
// body with its Content-Type; the response body is the URL to link to.

import type { Asset } from '../core/assets/content.js';
import type { AssetStore } from '../core/assets/publish-report.js';
import { UsageError, UserError } from '../errors.js';
import { createHttpFetch } from './fetch.js';

export function validateEndpoint(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--publish-url "${url}" is not a URL`, { hint: 'give the endpoint as https://host/path' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UsageError(`--publish-url must be http(s), got ${parsed.protocol}`);
  return parsed;
}

export function createEndpointStore(endpoint: URL, fetchImpl: typeof fetch = createHttpFetch()): AssetStore {
  return {
    description: `${endpoint.origin}${endpoint.pathname}`,
    async store(assets: readonly Asset[]) {
      const urls = new Map<string, string>();
      for (const asset of assets) {
        let response: Response;
        try {
          response = await fetchImpl(endpoint.href, { method: 'POST', headers: { 'content-type': asset.contentType }, body: asset.bytes });
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          throw new UserError(`cannot reach the asset endpoint ${endpoint.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
        }
        const text = (await response.text()).trim();
        if (response.status < 200 || response.status >= 300) {
          throw new UserError(`the asset endpoint ${endpoint.origin} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
        }
        if (!/^https?:\/\/\S+$/.test(text)) {
          throw new UserError(`the asset endpoint ${endpoint.origin} did not answer with a URL (got "${text.slice(0, 80)}")`);
        }
        urls.set(asset.path, text);
      }
      return urls;
    },
  };
}
