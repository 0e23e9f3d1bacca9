// Redirects in the node:http fetch: credentials stay on the origin they were given for, methods
// change as the Fetch standard says, and the chain is bounded.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetch } from '../../../src/http/fetch.js';
import { echo, startOrigin, type Origin } from './two-origins.js';

const SECRETS = { authorization: 'token ghp_redirectSecret000000001', cookie: 'session=s3cret', 'proxy-authorization': 'Basic cHJveHk6c2VjcmV0' };

let api: Origin;
let other: Origin;

beforeAll(async () => {
  other = await startOrigin(echo);
  api = await startOrigin((request, response) => {
    const url = new URL(request.url, 'http://x');
    const to = url.searchParams.get('to');
    const status = Number(url.searchParams.get('status') ?? 302);
    if (url.pathname === '/away') response.writeHead(status, { location: `${other.base}${to ?? '/landed'}` }).end();
    else if (url.pathname === '/here') response.writeHead(status, { location: to ?? '/landed' }).end();
    else if (url.pathname.startsWith('/chain/')) {
      const left = Number(url.pathname.slice('/chain/'.length));
      if (left > 0) response.writeHead(302, { location: `/chain/${left - 1}` }).end();
      else echo(request, response);
    } else echo(request, response);
  });
});
afterAll(async () => {
  await api.close();
  await other.close();
});

const fetch = createHttpFetch({ timeoutMs: 5000 });
const lastAt = (origin: Origin) => origin.received[origin.received.length - 1]!;

describe('redirects to another origin', () => {
  it('drop Authorization, Cookie and Proxy-Authorization on a 302 GET', async () => {
    const response = await fetch(`${api.base}/away?status=302`, { headers: { ...SECRETS, Accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${other.base}/landed`);
    const seen = lastAt(other);
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['proxy-authorization']).toBeUndefined();
    expect(seen.headers.accept).toBe('application/json');
  });

  it('drop them whatever their case, on a 307 POST that keeps method and body', async () => {
    const headers = { Authorization: SECRETS.authorization, COOKIE: SECRETS.cookie, 'Content-Type': 'application/json' };
    const response = await fetch(`${api.base}/away?status=307`, { method: 'POST', headers, body: '{"body":"report"}' });
    expect(await response.json()).toEqual({ method: 'POST', url: '/landed', body: '{"body":"report"}' });
    const seen = lastAt(other);
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['content-type']).toBe('application/json');
  });

  it('never carry the token, through any redirect status', async () => {
    other.received.length = 0;
    for (const status of [301, 302, 303, 307, 308]) {
      for (const method of ['GET', 'POST', 'PATCH']) {
        await fetch(`${api.base}/away?status=${status}`, { method, headers: SECRETS, ...(method === 'GET' ? {} : { body: 'x' }) });
      }
    }
    expect(other.received).toHaveLength(15);
    expect(other.received.filter((seen) => seen.headers.authorization !== undefined || seen.headers.cookie !== undefined)).toEqual([]);
  });
});

describe('redirects on the same origin', () => {
  it('keep the credentials', async () => {
    await fetch(`${api.base}/here?status=307`, { method: 'POST', headers: SECRETS, body: 'x' });
    const seen = lastAt(api);
    expect(seen.url).toBe('/landed');
    expect(seen.headers.authorization).toBe(SECRETS.authorization);
  });

  it('turn a POST into a GET without body after 301 and 302, and anything but HEAD after 303', async () => {
    for (const status of [301, 302]) {
      const response = await fetch(`${api.base}/here?status=${status}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
      expect(await response.json()).toEqual({ method: 'GET', url: '/landed', body: '' });
      expect(lastAt(api).headers['content-type']).toBeUndefined();
    }
    const patched = await fetch(`${api.base}/here?status=303`, { method: 'PATCH', body: 'x' });
    expect(await patched.json()).toEqual({ method: 'GET', url: '/landed', body: '' });
  });

  it('keep PATCH after 301/302 (only POST changes) and keep method and body after 307/308', async () => {
    const patched = await fetch(`${api.base}/here?status=302`, { method: 'PATCH', body: 'x' });
    expect(await patched.json()).toEqual({ method: 'PATCH', url: '/landed', body: 'x' });
    const permanent = await fetch(`${api.base}/here?status=308`, { method: 'POST', body: 'y' });
    expect(await permanent.json()).toEqual({ method: 'POST', url: '/landed', body: 'y' });
  });
});

describe('redirect limits', () => {
  it('follows 20 redirects, as fetch does, and fails on the 21st', async () => {
    const twenty = await fetch(`${api.base}/chain/20`);
    expect(await twenty.json()).toMatchObject({ url: '/chain/0' });
    const error = (await fetch(`${api.base}/chain/21`).catch((caught: unknown) => caught)) as Error & { cause?: Error };
    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause?.message).toBe('more than 20 redirects');
  });

  it('returns the redirect itself with redirect: manual, and fails with redirect: error', async () => {
    const manual = await fetch(`${api.base}/away?status=307`, { redirect: 'manual' });
    expect(manual.status).toBe(307);
    expect(manual.headers.get('location')).toBe(`${other.base}/landed`);
    await expect(fetch(`${api.base}/away?status=307`, { redirect: 'error' })).rejects.toBeInstanceOf(TypeError);
  });
});
