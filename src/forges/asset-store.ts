// Where published files go: a self-hosted endpoint (--publish-url, CML's style) when one is given,
// else the repository's asset branch on the forge. Shared by `asset publish` and `comment --publish`.

import type { AssetStore } from '../core/assets/publish-report.js';
import { UserError } from '../errors.js';
import { createEndpointStore, validateEndpoint } from '../http/asset-endpoint.js';
import { openForge } from './drivers.js';
import type { Forge, ForgeConnection, ForgeDeps } from './port.js';

export interface AssetStoreRequest {
  readonly publishUrl: string | undefined;
  readonly assetBranch: string;
  readonly connection: ForgeConnection;
}

/** The store for a request; `forge` is reused when the caller already opened one. */
export function openAssetStore(request: AssetStoreRequest, deps: ForgeDeps, forge?: Forge): AssetStore {
  if (request.publishUrl) return createEndpointStore(validateEndpoint(request.publishUrl));
  if (forge) return forge.assetStore(request.assetBranch);
  const { repository, credentials } = request.connection;
  if (!repository) throw new UserError('no repository to store assets in', { hint: 'pass --repo owner/repo or set GITHUB_REPOSITORY (or use --publish-url)' });
  if (!credentials)
    throw new UserError('no GitHub token to store assets with', {
      hint: 'pass --token, or set REPO_TOKEN or GITHUB_TOKEN (with permissions: contents: write)',
    });
  return openForge(request.connection, deps).assetStore(request.assetBranch);
}
