// The provider table: each `--cloud` name -> its own flags, settings builders and provider (loaded
// lazily). A new cloud is a folder beside aws/ and one line in `clouds`. This file and what it
// imports stay light (no SDK): the runner commands' specs read the flags from here.

import { UsageError, UserError } from '../errors.js';
import { awsCloud } from './aws/cloud.js';
import { azureCloud } from './azure/cloud.js';
import { gcpCloud } from './gcp/cloud.js';
import type { Cloud } from './cloud.js';
import { kubernetesCloud } from './kubernetes/cloud.js';

export const clouds = {
  aws: awsCloud,
  kubernetes: kubernetesCloud,
  gcp: gcpCloud,
  azure: azureCloud,
} as const;

export type CloudName = keyof typeof clouds;

export const CLOUD_NAMES = Object.keys(clouds) as CloudName[];

/** Clouds CML runs on that have no provider here yet: named as such rather than as unknown. */
const NOT_YET_AVAILABLE: readonly string[] = [];

type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** Every cloud's own flags (`--cloud-aws-*`, ...), in table order. */
export type CloudOwnOptions = Intersection<(typeof clouds)[CloudName]['options']>;

export const cloudOwnOptions = Object.assign({}, ...Object.values(clouds).map((cloud) => cloud.options)) as CloudOwnOptions;

/** `--cloud` -> its table entry; one clear line for a cloud this version does not have. */
export function cloudNamed(text: string | undefined): { readonly name: CloudName; readonly cloud: Cloud } {
  const name = (text ?? CLOUD_NAMES[0]!).trim().toLowerCase();
  if (Object.hasOwn(clouds, name)) return { name: name as CloudName, cloud: clouds[name as CloudName] };
  const hint = `use --cloud ${CLOUD_NAMES.join(' or ')}`;
  if (NOT_YET_AVAILABLE.includes(name)) throw new UserError(`--cloud ${name} is not available in this version`, { hint });
  throw new UsageError(`--cloud "${text}" is not a supported cloud`, { hint });
}
