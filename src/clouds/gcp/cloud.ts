// The Google Cloud entry of the provider table (src/clouds/index.ts): its flags, settings builders,
// and the Compute Engine provider, imported only when a runner command talks to Google Cloud.

import { defineCloud } from '../cloud.js';
import { gcpOptions } from './options.js';
import { buildGcpLaunch, buildGcpTarget } from './settings.js';

export const gcpCloud = defineCloud({
  options: gcpOptions,
  buildTarget: buildGcpTarget,
  buildLaunch: buildGcpLaunch,
  load: () => import('./provider.js'),
});
