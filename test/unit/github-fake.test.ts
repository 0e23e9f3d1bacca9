// The GitHub fake is only useful if it rejects what GitHub rejects; prove it does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubFake } from '../fakes/github/server.js';
import { readFileSync } from 'node:fs';
import { GraphqlValidator } from '../fakes/github/graphql-validator.js';
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

describe('GitHub fake GraphQL checks', () => {
  const validator = new GraphqlValidator();
  const commit = 'mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }';
  const input = {
    branch: { repositoryNameWithOwner: 'octo/models', branchName: 'cml-assets' },
    expectedHeadOid: 'a'.repeat(40),
    message: { headline: 'Add 1 report asset' },
    fileChanges: { additions: [{ path: 'assets/ab/ab.png', contents: 'iVBORw0KGgo=' }] },
  };

  it('accepts the documents the client sends, with well-formed variables', () => {
    expect(validator.check({ query: 'query { viewer { login } }' })).toEqual([]);
    expect(validator.check({ query: commit, variables: { input } })).toEqual([]);
    expect(
      validator.check({
        query: 'mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }',
        variables: { input: { repositoryId: 'R_1', refUpdates: [{ name: 'refs/heads/cml-assets', afterOid: 'b'.repeat(40), force: true }] } },
      }),
    ).toEqual([]);
  });

  it('flags fields and arguments that GitHub does not have', () => {
    expect(validator.check({ query: 'query { viewer { name login } }' }).join('\n')).toMatch(/Cannot query field "name" on type "User"/);
    expect(validator.check({ query: 'query { viewer(first: 1) { login } }' }).join('\n')).toMatch(/Unknown argument "first"/);
    expect(validator.check({ query: 'query { viewer { login }' }).join('\n')).toMatch(/does not parse/);
  });

  it('flags input that is missing a required field or has one the type does not define', () => {
    const { expectedHeadOid: _omitted, ...withoutHead } = input;
    expect(validator.check({ query: commit, variables: { input: withoutHead } }).join('\n')).toMatch(
      /"expectedHeadOid" of required type "GitObjectID!" was not provided/,
    );
    expect(validator.check({ query: commit, variables: { input: { ...input, author: 'bot' } } }).join('\n')).toMatch(
      /"author" is not defined by type "CreateCommitOnBranchInput"/,
    );
    expect(validator.check({ query: commit, variables: {} }).join('\n')).toMatch(/"\$input" of required type "CreateCommitOnBranchInput!" was not provided/);
  });

  it('checks the formats of GitHub scalars and enum values', () => {
    const bad = (variables: Record<string, unknown>, query = commit): string => validator.check({ query, variables }).join('\n');
    expect(bad({ input: { ...input, expectedHeadOid: 'abc123' } })).toMatch(/"abc123" is not a 40 or 64 digit hex object ID/);
    expect(bad({ input: { ...input, fileChanges: { additions: [{ path: 'a.png', contents: 'not base64!' }] } } })).toMatch(/is not a base64 string/);
    const refs = 'mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }';
    expect(bad({ input: { repositoryId: 'R_1', refUpdates: [{ name: 'cml-assets', afterOid: 'b'.repeat(40) }] } }, refs)).toMatch(/fully qualified ref name/);
    const merge =
      'mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!) { enablePullRequestAutoMerge(input: { pullRequestId: $pullRequestId, mergeMethod: $mergeMethod }) { pullRequest { number } } }';
    expect(bad({ pullRequestId: 'PR_1', mergeMethod: 'FAST_FORWARD' }, merge)).toMatch(/Value "FAST_FORWARD" does not exist in "PullRequestMergeMethod" enum/);
  });

  it('answers a document GitHub would refuse with errors alone, and records a violation', async () => {
    fake.violations.length = 0;
    const response = await fetch(`${fake.url}/graphql`, {
      method: 'POST',
      headers: { authorization: 'token ghp_tokenForValidatorTests00000000001', 'user-agent': 'test', 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query { viewer { logn } }' }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]?.message).toMatch(/Cannot query field "logn" on type "User". Did you mean "login"\?/);
    expect(fake.violations).toHaveLength(1);
  });

  it('has every field listed for the fake in its pruned schema (run scripts/graphql/prune.mjs after editing the list)', () => {
    const listed = readFileSync(new URL('../../scripts/graphql/fields.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(listed.length).toBeGreaterThan(0);
    for (const entry of listed) {
      const [type, field] = entry.split('.');
      expect(validator.hasField(type!, field!), entry).toBe(true);
    }
  });
});
