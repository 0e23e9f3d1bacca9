// The AWS entry of the provider table (src/clouds/index.ts): its flags, settings builders, and the
// EC2 provider with the AWS SDK, imported only when a runner command talks to AWS.

import { defineCloud } from '../cloud.js';
import { awsOptions } from './options.js';
import { buildAwsLaunch, buildAwsTarget } from './settings.js';

export const awsCloud = defineCloud({
  options: awsOptions,
  buildTarget: buildAwsTarget,
  buildLaunch: buildAwsLaunch,
  load: () => import('./ec2-provider.js'),
});
