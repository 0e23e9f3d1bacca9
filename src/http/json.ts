// One JSON (or form-encoded) request over the one HTTP client, for the REST adapters that speak
// plain HTTP (cloud APIs, token endpoints): the status, headers and parsed body, never a throw for
// an HTTP error status (each adapter reads its API's own error shape). Network failures still throw.

export interface JsonRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as application/json. */
  readonly json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  readonly form?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface JsonResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly header: (name: string) => string | undefined;
  /** The parsed body; undefined for an empty or non-JSON body. */
  readonly body: unknown;
  readonly text: string;
}

export async function requestJson(fetchImpl: typeof fetch, url: string, request: JsonRequest = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form as Record<string, string>).toString();
  }
  const response = await fetchImpl(url, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, ok: response.ok, header: (name) => response.headers.get(name) ?? undefined, body: parsed, text };
}
