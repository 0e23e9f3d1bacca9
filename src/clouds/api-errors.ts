// A cloud REST API's refusal -> one line saying what to fix, the same way for every cloud that is
// spoken to over REST (Compute Engine, Azure Resource Manager): rejected token, missing role,
// any other refusal in the API's own words, or no answer at all. Each cloud names its API, the
// variables that point at it, and the role its credentials need.

import { UserError } from '../errors.js';

/** An API refusal as a cloud's client reports it: HTTP status and the API's own error code. */
export interface ApiRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface CloudApi {
  /** Who answers, for messages: `Google`, `Azure`. */
  readonly who: string;
  /** The service as a whole, for "did not answer": `Google Cloud`, `Azure`. */
  readonly service: string;
  readonly isRefusal: (error: unknown) => error is Error & ApiRefusal;
  readonly hints: { readonly unauthorized: string; readonly forbidden: string; readonly unreachable: string };
}

export function wrapCloudApiError(api: CloudApi, error: unknown, action: string, where: string): Error {
  if (error instanceof UserError) return error;
  const what = `cannot ${action} in ${where}`;
  if (api.isRefusal(error)) {
    if (error.status === 401)
      return new UserError(`${what}: ${api.who} rejected the access token (${error.code})`, { hint: api.hints.unauthorized, cause: error });
    if (error.status === 403) return new UserError(`${what}: not allowed (${error.code}: ${error.message})`, { hint: api.hints.forbidden, cause: error });
    return new UserError(`${what}: ${error.code}: ${error.message}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UserError(`${what}: ${api.service} did not answer (${message})`, { hint: api.hints.unreachable, cause: error });
}
