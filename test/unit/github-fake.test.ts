// The GitHub fake is only useful if it rejects what GitHub rejects; prove it does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubFake } from '../fakes/github/server.js';
import { OpenApiValidator } from '../fakes/github/openapi-validator.js';

let fake: GitHubFake;
beforeAll(async () => {
  fake = await GitHubFake.start();
  fake.addToken('ghp_tokenForValidatorTests00000000001', { login: 'alice', type: 'User' });
  fake.addRepo('octo', 'models');
});
afterAll(() => fake.close());

async function call(method: string, path: string, body?: unknown): Promise<number> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: 'token ghp_tokenForValidatorTests00000000001', 'user-agent': 'test', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('GitHub fake request checks', () => {
  it('accepts a well-formed request', async () => {
    fake.violations.length = 0;
    expect(await call('POST', '/repos/octo/models/issues/3/comments', { body: 'hello' })).toBe(201);
    expect(fake.violations).toEqual([]);
  });

  it('flags a body without the required field', async () => {
    fake.violations.length = 0;
    await call('POST', '/repos/octo/models/issues/3/comments', { text: 'hello' });
    expect(fake.violations.join('\n')).toMatch(/must have required property 'body'/);
  });

  it('flags a wrongly typed path or query parameter', async () => {
    fake.violations.length = 0;
    await call('GET', '/repos/octo/models/issues/three/comments');
    await call('GET', '/repos/octo/models/issues/3/comments?per_page=lots');
    expect(fake.violations).toHaveLength(2);
    expect(fake.violations.join('\n')).toMatch(/issue_number=three/);
    expect(fake.violations.join('\n')).toMatch(/per_page=lots/);
  });

  it('flags unknown operations and query parameters', async () => {
    fake.violations.length = 0;
    expect(await call('POST', '/repos/octo/models/issues/3/comment', { body: 'x' })).toBe(404);
    await call('GET', '/repos/octo/models/issues/3/comments?sort=desc');
    expect(fake.violations).toHaveLength(2);
  });

  it('answers 401 to an unknown token, as GitHub does', async () => {
    const response = await fetch(`${fake.url}/user`, { headers: { authorization: 'token nope', 'user-agent': 'test' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Bad credentials' });
  });

  it('checks its own responses against the description', () => {
    const validator = new OpenApiValidator();
    const match = validator.match('POST', '/repos/o/r/issues/1/comments')!;
    expect(match.params).toEqual({ owner: 'o', repo: 'r', issue_number: '1' });
    expect(validator.checkResponse(match.operation, 201, { id: 1 })).not.toEqual([]);
    expect(validator.checkResponse(match.operation, 299, {})).not.toEqual([]);
  });

  it('prefers the most specific route', () => {
    const validator = new OpenApiValidator();
    expect(validator.match('PATCH', '/repos/o/r/issues/comments/5')?.operation.template).toBe('/repos/{owner}/{repo}/issues/comments/{comment_id}');
  });
});
