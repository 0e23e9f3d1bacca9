// A fetch-compatible function on node:http/https, used by the GitHub client instead of the global
// fetch. Node 20's built-in fetch loads its bundled undici and web streams on first use, which
// costs ~200 ms of a CLI run that makes one or two requests; node:http is already in memory.
// It supports what @octokit/request uses: method, headers, string/bytes body, redirects, abort
// signals, and a response with status, url, redirected, headers, text(), json() and arrayBuffer().
//
// Redirects follow the Fetch standard (and undici): at most 20; 301/302 turn a POST into a GET and
// 303 turns anything but GET/HEAD into a GET, both without body; 307/308 keep method and body. A
// redirect to another origin drops the credentials (Authorization, Cookie, Proxy-Authorization):
// the token is for the API it was given for, not for whoever that API points at.

import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';

const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
const MAX_REDIRECTS = 20;
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export interface HttpFetchOptions {
  /** No byte for this long on the socket fails the request (bounded waits). */
  readonly timeoutMs?: number;
  /** Resolves host names instead of the system resolver (tests: a name that does not exist). */
  readonly lookup?: LookupFunction;
  /** For https: an agent with its own trust and client certificate (a cluster's CA, TLS client auth). */
  readonly httpsAgent?: HttpsAgent;
}

class ResponseHeaders {
  private readonly map = new Map<string, string>();
  constructor(raw: IncomingMessage['headers']) {
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  forEach(callback: (value: string, name: string) => void): void {
    this.map.forEach(callback);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

class HttpResponse {
  readonly ok: boolean;
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    readonly redirected: boolean,
    readonly headers: ResponseHeaders,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  async text(): Promise<string> {
    return this.bytes.toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.bytes.toString('utf8'));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer;
  }
  get body(): ReadableStream<Uint8Array> {
    return Readable.toWeb(Readable.from([this.bytes])) as ReadableStream<Uint8Array>;
  }
}

interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  redirect?: 'follow' | 'manual' | 'error';
  signal?: AbortSignal | null;
}

const CONNECTION_REASONS: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ETIMEDOUT: 'no connection in time',
};

/**
 * The connection failed before any byte of the request was sent: DNS lookup, a refused or
 * unreachable address, the TLS handshake, or no connection within the timeout. The server cannot
 * have acted on the request, so a write that fails this way certainly did not happen.
 * `code` is Node's (ENOTFOUND, EAI_AGAIN, ECONNREFUSED, ...); `cause` is Node's own error.
 */
export class ConnectionFailedError extends TypeError {
  readonly requestSent = false;
  readonly code: string;
  /** host[:port] that could not be reached. */
  readonly host: string;
  /** In words, with the code: "DNS lookup failed (ENOTFOUND)". */
  readonly reason: string;

  constructor(host: string, cause: NodeJS.ErrnoException) {
    const code = cause.code ?? 'ECONNECT';
    const words = CONNECTION_REASONS[code] ?? (/CERT|TLS|SSL|SIGNATURE|VERIFY/.test(code) ? 'TLS handshake failed' : 'connection failed');
    const reason = `${words} (${code})`;
    super(`cannot reach ${host}: ${reason}`, { cause });
    this.name = 'ConnectionFailedError';
    this.code = code;
    this.host = host;
    this.reason = reason;
  }
}

/** The ConnectionFailedError behind an error (fetch's, Octokit's or ours), if that is what it was. */
export function connectionFailureOf(error: unknown): ConnectionFailedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof ConnectionFailedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The request to send after a redirect (Fetch standard, HTTP-redirect fetch). */
function redirectedRequest(status: number, from: URL, to: URL, init: FetchInit): FetchInit {
  const method = (init.method ?? 'GET').toUpperCase();
  const toGet = ((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD');
  const crossOrigin = from.origin !== to.origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length') continue;
    if (toGet && lower.startsWith('content-')) continue;
    if (crossOrigin && CREDENTIAL_HEADERS.has(lower)) continue;
    headers[name] = value;
  }
  return { ...init, headers, ...(toGet ? { method: 'GET', body: null } : {}) };
}

export function createHttpFetch(options: HttpFetchOptions = {}): typeof fetch {
  const timeout = options.timeoutMs ?? 60_000;
  const send = (url: URL, init: FetchInit, redirects: number): Promise<HttpResponse> =>
    new Promise((resolve, reject) => {
      const protocol = url.protocol as 'http:' | 'https:';
      if (protocol !== 'http:' && protocol !== 'https:') {
        reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
        return;
      }
      const body = init.body === undefined || init.body === null ? undefined : typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.from(init.body);
      const headers: Record<string, string> = { ...init.headers };
      if (body) headers['content-length'] = String(body.length);
      const make = protocol === 'https:' ? httpsRequest : httpRequest;
      // Until the connection is up (TCP, and TLS for https) nothing of the request has left.
      let connected = false;
      const agent = protocol === 'https:' && options.httpsAgent ? options.httpsAgent : agents[protocol];
      const requestOptions = {
        method: init.method ?? 'GET',
        headers,
        agent,
        signal: init.signal ?? undefined,
        timeout,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      };
      const outgoing = make(url, requestOptions, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          const location = incoming.headers.location;
          const mode = init.redirect ?? 'follow';
          if ([301, 302, 303, 307, 308].includes(status) && location && mode !== 'manual') {
            if (mode === 'error') {
              reject(new TypeError('fetch failed', { cause: new Error(`redirected (${status}) while redirects are not allowed`) }));
              return;
            }
            if (redirects >= MAX_REDIRECTS) {
              reject(new TypeError('fetch failed', { cause: new Error(`more than ${MAX_REDIRECTS} redirects`) }));
              return;
            }
            let target: URL;
            try {
              target = new URL(location, url);
            } catch {
              reject(new TypeError('fetch failed', { cause: new Error('redirected to an invalid URL') }));
              return;
            }
            send(target, redirectedRequest(status, url, target, init), redirects + 1).then(resolve, reject);
            return;
          }
          resolve(
            new HttpResponse(status, incoming.statusMessage ?? '', url.toString(), redirects > 0, new ResponseHeaders(incoming.headers), Buffer.concat(chunks)),
          );
        });
      });
      outgoing.on('socket', (socket) => {
        if (!socket.connecting)
          connected = true; // a kept-alive socket: the request goes out at once
        else socket.once(protocol === 'https:' ? 'secureConnect' : 'connect', () => (connected = true));
      });
      outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error(`no answer within ${timeout / 1000}s`), { code: 'ETIMEDOUT' })));
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === 'AbortError') reject(error);
        else if (!connected) reject(new ConnectionFailedError(url.host, error));
        else reject(new TypeError('fetch failed', { cause: error }));
      });
      outgoing.end(body);
    });

  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return send(url, (init ?? {}) as FetchInit, 0);
  }) as unknown as typeof fetch;
}
