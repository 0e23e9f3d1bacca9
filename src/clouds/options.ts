// Each cloud's own flags (`--cloud-aws-*`, `--cloud-gcp-*`, ...), by `--cloud` name, in the order
// `--help` lists them. Only the flags: the runner commands' specs are read by `cml --help` and
// `cml --version`, so nothing here may pull in a cloud's settings builders, presets or provider
// (those are in the provider table, src/clouds/index.ts, which settings and runs use).

import { awsOptions } from './aws/options.js';
import { azureOptions } from './azure/options.js';
import { gcpOptions } from './gcp/options.js';
import { kubernetesOptions } from './kubernetes/options.js';

export const cloudOptions = {
  aws: awsOptions,
  kubernetes: kubernetesOptions,
  gcp: gcpOptions,
  azure: azureOptions,
} as const;

export type CloudName = keyof typeof cloudOptions;

export const CLOUD_NAMES = Object.keys(cloudOptions) as CloudName[];

type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** Every cloud's own flags, in table order. */
export type CloudOwnOptions = Intersection<(typeof cloudOptions)[CloudName]>;

export const cloudOwnOptions = Object.assign({}, ...Object.values(cloudOptions)) as CloudOwnOptions;
