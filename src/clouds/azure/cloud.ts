// The Azure entry of the provider table (src/clouds/index.ts): its flags, settings builders, and
// the Azure Resource Manager provider, imported only when a runner command talks to Azure.

import { defineCloud } from '../cloud.js';
import { azureOptions } from './options.js';
import { buildAzureLaunch, buildAzureTarget } from './settings.js';

export const azureCloud = defineCloud({
  options: azureOptions,
  buildTarget: buildAzureTarget,
  buildLaunch: buildAzureLaunch,
  load: () => import('./provider.js'),
});
