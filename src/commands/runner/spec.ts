// `cml runner launch|stop|cleanup`: the option maps (CLI flags = inputs of the runner action, CML's
// names kept) and the command specs. The flags every cloud shares are declared here; each cloud's
// own (`--cloud-aws-*`) come from the provider table, src/clouds/index.ts, which stays light.

import { CLOUD_NAMES, cloudOwnOptions } from '../../clouds/options.js';
import { connectionOptions } from '../../options/groups.js';
import { defineCommand, type OptionValues } from '../../options/spec.js';

/** Which cloud and where in it: every runner command. */
const cloudOptions = {
  cloud: { type: 'string', valueName: 'cloud', default: 'aws', description: `Cloud to run the runner on: ${CLOUD_NAMES.join(', ')}.` },
  'cloud-region': {
    type: 'string',
    valueName: 'region',
    description:
      "us-west, us-east, eu-west, eu-north (CML) or any AWS region (default: AWS_REGION, else us-west); for kubernetes, the namespace (default: the kubeconfig context's).",
  },
} as const;

/** CML's machine flags, shared by every cloud; each cloud reads them in its own terms. */
const machineOptions = {
  'cloud-type': {
    type: 'string',
    valueName: 'types',
    default: 'm',
    description:
      'Comma list tried in order: presets s, m, l, xl, m+t4, l+t4, xl+t4, m+v100, ... or instance types (g5.xlarge); for kubernetes one size or CPU-MEMORY (4-16000, MB).',
  },
  'cloud-gpu': {
    type: 'string',
    valueName: 'gpu',
    description: 'nogpu, t4, v100 (tesla) or k80: turns a size preset into its GPU preset and picks a GPU image.',
  },
  'cloud-hdd-size': { type: 'string', valueName: 'GB', default: '35', description: 'Size of the encrypted root volume in GB.' },
  'cloud-image': { type: 'string', valueName: 'image', description: 'AMI id or image name (default: Ubuntu 24.04, or the AWS Deep Learning GPU image).' },
  'cloud-spot': { type: 'boolean', description: 'Ask for spot capacity first; fall back to on-demand when it is refused.' },
  'cloud-spot-price': { type: 'string', valueName: 'usd', default: '-1', description: 'Highest spot price in USD per hour; -1 = up to the on-demand price.' },
  'cloud-startup-script': { type: 'string', valueName: 'base64', description: 'Base64 shell script run as root before the runner starts (as CML).' },
  'cloud-permission-set': { type: 'string', valueName: 'profile', description: 'Instance profile (name or ARN) whose role jobs can use.' },
  'cloud-metadata': { type: 'string', multiple: true, valueName: 'key=value', description: 'Tag for the instance and its volume; repeat for more.' },
} as const;

const githubOptions = connectionOptions({
  repoValueName: 'owner/repo|org',
  repo: 'Repository (owner/repo or its URL) or organization (org or its URL) to register with (default: GITHUB_REPOSITORY).',
  token: 'GitHub token allowed to manage self-hosted runners (default: REPO_TOKEN, then GITHUB_TOKEN).',
});

export const launchOptions = {
  ...cloudOptions,
  ...machineOptions,
  ...cloudOwnOptions,
  labels: { type: 'string', valueName: 'labels', default: 'cml', description: 'Comma list of runner labels.' },
  name: { type: 'string', valueName: 'name', description: 'Runner name (default: cml-<random>); also added as a label.' },
  'idle-timeout': {
    type: 'string',
    valueName: 'duration',
    default: '5m',
    description: 'Power off after this long without a job (seconds or 5m; never = no limit).',
  },
  single: { type: 'boolean', description: 'Exit after one job (always the case for just-in-time runners; accepted for CML).' },
  reuse: { type: 'boolean', description: 'Launch nothing if an online runner has the same name or one of the labels.' },
  'reuse-idle': { type: 'boolean', description: 'Launch nothing if such a runner is online and idle.' },
  ...githubOptions,
  'startup-timeout': {
    type: 'string',
    valueName: 'duration',
    default: '10m',
    description: 'Give up (terminate and deregister) if the runner is not online by then.',
  },
  'max-lifetime': {
    type: 'string',
    valueName: 'duration',
    default: '24h',
    description: 'Hard cap on the machine’s life, whatever is running (never = no cap).',
  },
  count: {
    type: 'string',
    valueName: 'N',
    description:
      'Launch N runners at once (default 1), each with its own registration and machine, named <name>-1..N and all labelled <name>; --json prints an array.',
  },
  'no-retry': { type: 'boolean', description: 'Do not re-run a job whose machine the cloud took back (spot interruption, pod eviction).' },
  'docker-volumes': {
    type: 'string',
    multiple: true,
    cliOnly: true,
    valueName: 'volume',
    description: 'Accepted for CML and ignored with a warning (GitLab runners only).',
  },
  'cloud-ssh-private': { type: 'string', cliOnly: true, valueName: 'key', description: 'Accepted for CML and ignored with a warning (no SSH is used).' },
  json: {
    type: 'boolean',
    cliOnly: true,
    description: 'Print the runner as JSON: name, labels, instance id, type, market, region, hourly price (an array with --count).',
  },
} as const;

export const stopOptions = {
  ...cloudOptions,
  name: { type: 'string', valueName: 'name', description: 'Name of the runner to stop.' },
  ...githubOptions,
  json: { type: 'boolean', cliOnly: true, description: 'Print what was stopped as JSON.' },
} as const;

export const cleanupOptions = {
  ...cloudOptions,
  ...githubOptions,
  'dry-run': { type: 'boolean', description: 'Report what would be terminated, removed and re-run; change nothing.' },
  json: { type: 'boolean', cliOnly: true, description: 'Print what was cleaned up as JSON.' },
} as const;

export const launchSpec = defineCommand({
  name: 'runner launch',
  summary: 'Start a self-hosted runner on a cloud machine and wait until it is online.',
  description:
    'Registers a just-in-time runner, starts one machine (spot first with --cloud-spot, falling back across types, zones and to on-demand) and waits until the runner is online. On any failure the machine is terminated and the registration removed. The machine powers itself off after --idle-timeout without a job, after its one job, and at --max-lifetime.',
  aliases: ['runner'],
  // An interrupted launch terminates its machine and removes its registration before exiting.
  handlesInterrupt: true,
  positionals: [],
  options: launchOptions,
  envPrefix: 'CML_RUNNER_',
  examples: [
    'cml runner launch --cloud aws --cloud-region us-east --cloud-type m+t4 --labels cml-gpu',
    'cml runner launch --cloud-type g5.xlarge,g6.xlarge --cloud-spot --json',
    'cml runner launch --cloud kubernetes --cloud-type 8-32000 --cloud-gpu t4 --count 4 --labels cml-gpu',
  ],
});

export const stopSpec = defineCommand({
  name: 'runner stop',
  summary: 'Terminate a runner’s machine and remove its registration.',
  positionals: [],
  options: stopOptions,
  envPrefix: 'CML_RUNNER_',
  // Teardown: a cancelled job's SIGINT must not leave a machine running or a runner registered.
  handlesInterrupt: true,
  examples: ['cml runner stop --name cml-4f2a9c1b7d'],
});

export const cleanupSpec = defineCommand({
  name: 'runner cleanup',
  summary: 'Terminate orphaned or expired runner machines, remove stale registrations, re-run jobs lost to spot interruptions.',
  positionals: [],
  options: cleanupOptions,
  envPrefix: 'CML_RUNNER_',
  handlesInterrupt: true,
  examples: ['cml runner cleanup --cloud-region us-east-1', 'cml runner cleanup --dry-run --json'],
});

export type LaunchValues = OptionValues<typeof launchOptions>;
export type StopValues = OptionValues<typeof stopOptions>;
export type CleanupValues = OptionValues<typeof cleanupOptions>;
