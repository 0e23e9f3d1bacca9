// GraphQL requests through the one REST client (its auth, pacing, proxy and logging). GitHub
// Enterprise Server serves REST under /api/v3 and GraphQL at /api/graphql.

import { NO_AUTOMATIC_RETRY, type GitHubClient } from './client.js';

export interface GraphqlAnswer<T> {
  readonly data?: T | null;
  readonly errors?: ReadonlyArray<{ readonly type?: string; readonly message: string }>;
}

/** Sends one GraphQL document. Never retried on its own: a mutation may have taken effect. */
export async function graphqlRequest<T>(client: GitHubClient, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
  const baseUrl = client.request.endpoint.DEFAULTS.baseUrl.replace(/\/api\/v3\/?$/, '/api');
  const response = await client.request('POST /graphql', {
    baseUrl,
    query,
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...NO_AUTOMATIC_RETRY,
  });
  return response.data as GraphqlAnswer<T>;
}
