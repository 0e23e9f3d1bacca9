// The provider table: each `--cloud` name -> its own flags, settings builders and provider (loaded
// lazily). A new cloud is a folder beside aws/, one line in `clouds` and one in the flags table
// (src/clouds/options.ts, which the runner commands' specs read without loading any of this).

import { UsageError } from '../errors.js';
import { awsCloud } from './aws/cloud.js';
import { azureCloud } from './azure/cloud.js';
import { gcpCloud } from './gcp/cloud.js';
import type { Cloud } from './cloud.js';
import { kubernetesCloud } from './kubernetes/cloud.js';
import { CLOUD_NAMES, type CloudName } from './options.js';

export const clouds: { readonly [Name in CloudName]: Cloud } = {
  aws: awsCloud,
  kubernetes: kubernetesCloud,
  gcp: gcpCloud,
  azure: azureCloud,
};

export { CLOUD_NAMES, type CloudName } from './options.js';

/** `--cloud` -> its table entry; one clear line for a cloud this version does not have. */
export function cloudNamed(text: string | undefined): { readonly name: CloudName; readonly cloud: Cloud } {
  const name = (text ?? CLOUD_NAMES[0]!).trim().toLowerCase();
  if (Object.hasOwn(clouds, name)) return { name: name as CloudName, cloud: clouds[name as CloudName] };
  throw new UsageError(`--cloud "${text}" is not a supported cloud`, { hint: `use --cloud ${CLOUD_NAMES.join(' or ')}` });
}
