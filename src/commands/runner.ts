// `cml runner launch|stop|cleanup`: the option maps (CLI flags = action inputs, CML's names kept),
// the settings built and validated from them up front, and the wiring of GitHub and the cloud to
// the lifecycle in src/core/runner. The CLI (src/cli/runner.ts) and the action
// (src/action/runner.ts) only translate their input and print or output the result.

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { defineCommand, type OptionValues } from '../options/spec.js';
import { parseDuration, parseOptionalDuration } from '../core/runner/durations.js';
import { cleanupRunners, launchRunner, stopRunner, undoLaunch, type CleanupOutcome, type LaunchOutcome, type LifecycleDeps, type StopOutcome } from '../core/runner/lifecycle.js';
import { deferredProvider, type LaunchedMachine, type MachineFacts, type RunnerProvider } from '../core/runner/provider.js';
import type { RunnerRegistry, WorkflowRuns } from '../core/runner/registry-port.js';
import type { AwsCredentials, AwsProviderSettings } from '../clouds/aws/ec2-provider.js';
import { resolveInstanceTypes, resolveRegion } from '../clouds/aws/presets.js';
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from '../forges/github/client.js';
import { hasProxy, parseRepository, readGitHubContext, resolveToken, type Env, type GitHubContext } from '../forges/github/context.js';
import { createRunnerRegistry, createWorkflowRuns, findCurrentJobId, scopeKey, type RunnerScope } from '../forges/github/runners.js';

const cloudOptions = {
  cloud: { type: 'string', valueName: 'cloud', default: 'aws', description: 'Cloud to run the runner on: aws.' },
  'cloud-region': {
    type: 'string',
    valueName: 'region',
    description: 'us-west, us-east, eu-west, eu-north (CML) or any AWS region (default: AWS_REGION, else us-west).',
  },
} as const;

const githubOptions = {
  repo: {
    type: 'string',
    valueName: 'owner/repo|org',
    description: 'Repository (owner/repo or its URL) or organization (org or its URL) to register with (default: GITHUB_REPOSITORY).',
  },
  token: {
    type: 'string',
    valueName: 'token',
    description: 'GitHub token allowed to manage self-hosted runners (default: REPO_TOKEN, then GITHUB_TOKEN).',
  },
} as const;

export const launchOptions = {
  ...cloudOptions,
  'cloud-type': {
    type: 'string',
    valueName: 'types',
    default: 'm',
    description: 'Comma list tried in order: presets s, m, l, xl, m+t4, l+t4, xl+t4, m+v100, ... or instance types (g5.xlarge).',
  },
  'cloud-gpu': { type: 'string', valueName: 'gpu', description: 'nogpu, t4, v100 (tesla) or k80: turns a size preset into its GPU preset and picks a GPU image.' },
  'cloud-hdd-size': { type: 'string', valueName: 'GB', default: '35', description: 'Size of the encrypted root volume in GB.' },
  'cloud-image': { type: 'string', valueName: 'image', description: 'AMI id or image name (default: Ubuntu 24.04, or the AWS Deep Learning GPU image).' },
  'cloud-spot': { type: 'boolean', description: 'Ask for spot capacity first; fall back to on-demand when it is refused.' },
  'cloud-spot-price': { type: 'string', valueName: 'usd', default: '-1', description: 'Highest spot price in USD per hour; -1 = up to the on-demand price.' },
  'cloud-startup-script': { type: 'string', valueName: 'base64', description: 'Base64 shell script run as root before the runner starts (as CML).' },
  'cloud-permission-set': { type: 'string', valueName: 'profile', description: 'Instance profile (name or ARN) whose role jobs can use.' },
  'cloud-metadata': { type: 'string', multiple: true, valueName: 'key=value', description: 'Tag for the instance and its volume; repeat for more.' },
  'cloud-aws-security-group': { type: 'string', valueName: 'group', description: "Security group id or name (default: the VPC's default group; no inbound rules are needed)." },
  'cloud-aws-subnet': { type: 'string', valueName: 'subnet', aliases: ['cloud-aws-subnet-id'], description: 'Subnet id (default: the default subnet of each availability zone, tried in turn).' },
  labels: { type: 'string', valueName: 'labels', default: 'cml', description: 'Comma list of runner labels.' },
  name: { type: 'string', valueName: 'name', description: 'Runner name (default: cml-<random>); also added as a label.' },
  'idle-timeout': { type: 'string', valueName: 'duration', default: '5m', description: 'Power off after this long without a job (seconds or 5m; never = no limit).' },
  single: { type: 'boolean', description: 'Exit after one job (always the case for just-in-time runners; accepted for CML).' },
  reuse: { type: 'boolean', description: 'Launch nothing if an online runner has the same name or one of the labels.' },
  'reuse-idle': { type: 'boolean', description: 'Launch nothing if such a runner is online and idle.' },
  ...githubOptions,
  'startup-timeout': { type: 'string', valueName: 'duration', default: '10m', description: 'Give up (terminate and deregister) if the runner is not online by then.' },
  'max-lifetime': { type: 'string', valueName: 'duration', default: '24h', description: 'Hard cap on the machine’s life, whatever is running (never = no cap).' },
  json: { type: 'boolean', cliOnly: true, description: 'Print the runner as JSON: name, labels, instance id, type, market, region, hourly price.' },
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
  positionals: [],
  options: launchOptions,
  envPrefix: 'CML_RUNNER_',
  examples: [
    'cml runner launch --cloud aws --cloud-region us-east --cloud-type m+t4 --labels cml-gpu',
    'cml runner launch --cloud-type g5.xlarge,g6.xlarge --cloud-spot --json',
  ],
});

export const stopSpec = defineCommand({
  name: 'runner stop',
  summary: 'Terminate a runner’s machine and remove its registration.',
  positionals: [],
  options: stopOptions,
  envPrefix: 'CML_RUNNER_',
  examples: ['cml runner stop --name cml-4f2a9c1b7d'],
});

export const cleanupSpec = defineCommand({
  name: 'runner cleanup',
  summary: 'Terminate orphaned or expired runner machines, remove stale registrations, re-run jobs lost to spot interruptions.',
  positionals: [],
  options: cleanupOptions,
  envPrefix: 'CML_RUNNER_',
  examples: ['cml runner cleanup --cloud-region us-east-1', 'cml runner cleanup --dry-run --json'],
});

export type LaunchValues = OptionValues<typeof launchOptions>;
export type StopValues = OptionValues<typeof stopOptions>;
export type CleanupValues = OptionValues<typeof cleanupOptions>;

/** Where and as whom: shared by the three commands. */
export interface RunnerTarget {
  readonly cloud: 'aws';
  /** The AWS region: the provider's location. */
  readonly location: string;
  readonly scope: RunnerScope;
  readonly token: { readonly token: string; readonly source: string };
  readonly context: GitHubContext;
  readonly useProxy: boolean;
  readonly aws: { readonly endpoints: AwsProviderSettings['endpoints']; readonly credentials: AwsCredentials | undefined };
}

export interface LaunchCommandSettings {
  readonly target: RunnerTarget;
  readonly provider: Omit<AwsProviderSettings, 'region' | 'endpoints' | 'credentials'>;
  readonly name: string;
  readonly labels: readonly string[];
  readonly idleTimeoutSeconds: number | undefined;
  readonly maxLifetimeSeconds: number | undefined;
  readonly startupTimeoutSeconds: number;
  readonly single: boolean;
  readonly reuse: boolean;
  readonly reuseIdle: boolean;
  readonly startupScript: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  /** This job, when launched from a workflow: for re-running after a spot interruption. */
  readonly workflow: { readonly repository: string; readonly runId: string; readonly runAttempt: string; readonly runnerName: string | undefined } | undefined;
}

export function buildTarget(values: { cloud?: string | undefined; 'cloud-region'?: string | undefined; repo?: string | undefined; token?: string | undefined }, env: Env): RunnerTarget {
  const cloud = (values.cloud ?? 'aws').trim().toLowerCase();
  if (cloud === 'kubernetes' || cloud === 'gcp' || cloud === 'azure') {
    throw new UserError(`--cloud ${cloud} is not available in this version`, { hint: 'use --cloud aws' });
  }
  if (cloud !== 'aws') throw new UserError(`--cloud "${values.cloud}" is not a supported cloud`, { hint: 'use --cloud aws' });
  const region = resolveRegion(values['cloud-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-west');
  const context = readGitHubContext(env);
  const scope = parseScope(values.repo, context);
  const token = resolveToken(values.token, env);
  if (!token) {
    throw new UserError('no GitHub token: cannot register a runner', {
      hint: 'pass --token or set REPO_TOKEN to a token with administration: write on the repository (GITHUB_TOKEN cannot manage runners)',
    });
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return {
    cloud: 'aws',
    location: region,
    scope,
    token,
    context,
    useProxy: hasProxy(env),
    aws: {
      endpoints: { ec2: nonEmpty(env.AWS_ENDPOINT_URL_EC2) ?? nonEmpty(env.AWS_ENDPOINT_URL), ssm: nonEmpty(env.AWS_ENDPOINT_URL_SSM) ?? nonEmpty(env.AWS_ENDPOINT_URL) },
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined,
    },
  };
}

/** `--repo`: owner/repo or a repository URL -> repository; org or an organization URL -> organization. */
export function parseScope(text: string | undefined, context: GitHubContext): RunnerScope {
  const value = text?.trim().replace(/\/+$/, '');
  if (!value) {
    if (!context.repository) throw new UserError('no repository: cannot register a runner', { hint: 'pass --repo owner/repo (or an organization) or set GITHUB_REPOSITORY' });
    return { kind: 'repo', ...context.repository };
  }
  const orgUrl = /^https?:\/\/[^/]+\/([A-Za-z0-9_.-]+)$/.exec(value);
  if (orgUrl?.[1]) return { kind: 'org', org: orgUrl[1] };
  if (/^[A-Za-z0-9_.-]+$/.test(value)) return { kind: 'org', org: value };
  return { kind: 'repo', ...parseRepository(value, '--repo') };
}

export function buildLaunchSettings(values: LaunchValues, env: Env): LaunchCommandSettings {
  const target = buildTarget(values, env);
  const instanceTypes = resolveInstanceTypes(values['cloud-type'] ?? 'm', values['cloud-gpu']);
  const gpuText = values['cloud-gpu']?.trim().toLowerCase();
  const diskSizeGb = Number(values['cloud-hdd-size'] ?? '35');
  if (!Number.isInteger(diskSizeGb) || diskSizeGb < 8 || diskSizeGb > 16_384) {
    throw new UserError(`--cloud-hdd-size must be a whole number of GB between 8 and 16384, got "${values['cloud-hdd-size']}"`);
  }
  const spotPriceText = (values['cloud-spot-price'] ?? '-1').trim();
  const spotPrice = Number(spotPriceText);
  if (!Number.isFinite(spotPrice) || (spotPrice <= 0 && spotPrice !== -1)) {
    throw new UserError(`--cloud-spot-price must be a price in USD per hour or -1, got "${spotPriceText}"`);
  }
  if (spotPrice !== -1 && !values['cloud-spot']) throw new UserError('--cloud-spot-price needs --cloud-spot');

  const labels = splitList(values.labels ?? 'cml');
  if (labels.length === 0) throw new UserError('--labels is empty', { hint: 'give at least one label, e.g. --labels cml' });
  for (const label of labels) {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(label)) throw new UserError(`--labels: "${label}" is not a valid label`, { hint: 'labels use letters, digits, ".", "_" and "-"' });
  }
  const name = values.name?.trim() || `cml-${randomBytes(5).toString('hex')}`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new UserError(`--name "${name}" is not a valid runner name`, { hint: 'use up to 64 letters, digits, ".", "_" and "-"' });

  const startupTimeoutSeconds = parseDuration(values['startup-timeout'] ?? '10m', '--startup-timeout');
  if (startupTimeoutSeconds < 1) throw new UserError('--startup-timeout must be at least 1 second');
  const maxLifetimeSeconds = parseOptionalDuration(values['max-lifetime'] ?? '24h', '--max-lifetime');
  if (maxLifetimeSeconds !== undefined && maxLifetimeSeconds < 60) throw new UserError('--max-lifetime must be at least 60 seconds (or never)');
  const idleTimeoutSeconds = parseOptionalDuration(values['idle-timeout'] ?? '5m', '--idle-timeout');

  let startupScript: string | undefined;
  const encoded = values['cloud-startup-script']?.trim();
  if (encoded) {
    if (!/^[A-Za-z0-9+/=\s]+$/.test(encoded)) throw new UserError('--cloud-startup-script must be base64 (as in CML): encode it with `base64 -w0 script.sh`');
    startupScript = Buffer.from(encoded, 'base64').toString('utf8');
  }

  const metadata: Record<string, string> = {};
  for (const entry of values['cloud-metadata'] ?? []) {
    for (const pair of splitList(entry)) {
      const at = pair.indexOf('=');
      const key = at > 0 ? pair.slice(0, at).trim() : '';
      if (!key) throw new UserError(`--cloud-metadata "${pair}" must be key=value`);
      if (/^(aws|cml):/i.test(key) || key === 'Name') throw new UserError(`--cloud-metadata key "${key}" is reserved`);
      if (key.length > 128) throw new UserError(`--cloud-metadata key "${key.slice(0, 20)}..." is longer than 128 characters`);
      metadata[key] = pair.slice(at + 1).trim();
    }
  }

  const context = target.context;
  const workflow =
    context.inActions && context.repository && context.runId
      ? { repository: `${context.repository.owner}/${context.repository.repo}`, runId: context.runId, runAttempt: nonEmpty(env.GITHUB_RUN_ATTEMPT) ?? '1', runnerName: nonEmpty(env.RUNNER_NAME) }
      : undefined;

  return {
    target,
    provider: {
      instanceTypes,
      gpu: gpuText !== undefined && gpuText !== '' && gpuText !== 'nogpu',
      diskSizeGb,
      image: values['cloud-image']?.trim() || undefined,
      spot: Boolean(values['cloud-spot']),
      spotMaxPrice: spotPrice === -1 ? undefined : spotPrice,
      instanceProfile: values['cloud-permission-set']?.trim() || undefined,
      securityGroup: values['cloud-aws-security-group']?.trim() || undefined,
      subnet: values['cloud-aws-subnet']?.trim() || undefined,
    },
    name,
    labels,
    idleTimeoutSeconds,
    maxLifetimeSeconds,
    startupTimeoutSeconds,
    single: Boolean(values.single),
    reuse: Boolean(values.reuse),
    reuseIdle: Boolean(values['reuse-idle']),
    startupScript,
    metadata,
    workflow,
  };
}

export interface StopCommandSettings {
  readonly target: RunnerTarget;
  readonly name: string | undefined;
}

export function buildStopSettings(values: StopValues, env: Env, options: { nameRequired: boolean } = { nameRequired: true }): StopCommandSettings {
  const name = values.name?.trim() || undefined;
  if (!name && options.nameRequired) throw new UserError('`cml runner stop` needs the runner name', { hint: 'cml runner stop --name <name> (printed by `cml runner launch`)' });
  if (name && !/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new UserError(`--name "${name}" is not a valid runner name`);
  return { target: buildTarget(values, env), name };
}

export interface CleanupCommandSettings {
  readonly target: RunnerTarget;
  readonly dryRun: boolean;
}

export function buildCleanupSettings(values: CleanupValues, env: Env): CleanupCommandSettings {
  return { target: buildTarget(values, env), dryRun: Boolean(values['dry-run']) };
}

export interface RunnerDeps {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Tests shorten waits and point at the loopback fake; production leaves this empty. */
  readonly client?: Partial<GitHubClientOptions>;
  readonly pollIntervalMs?: number;
  readonly onMachine?: (machine: LaunchedMachine, runnerId: number) => void;
}

interface Wiring {
  readonly client: GitHubClient;
  readonly provider: RunnerProvider;
  readonly registry: RunnerRegistry;
  readonly lifecycle: LifecycleDeps;
}

/** The one place a cloud is chosen: a new cloud adds a case here and a provider beside src/aws. */
function createProvider(target: RunnerTarget, settings: LaunchCommandSettings['provider'] | undefined, logger: Logger): RunnerProvider {
  const aws: AwsProviderSettings = {
    instanceTypes: [],
    gpu: false,
    diskSizeGb: 35,
    image: undefined,
    spot: false,
    spotMaxPrice: undefined,
    instanceProfile: undefined,
    securityGroup: undefined,
    subnet: undefined,
    ...settings,
    region: target.location,
    endpoints: target.aws.endpoints,
    credentials: target.aws.credentials,
  };
  // The AWS SDK is most of this command's code: it is loaded only when the cloud is first used.
  return deferredProvider('aws', target.location, async () => new (await import('../clouds/aws/ec2-provider.js')).Ec2RunnerProvider(aws, logger));
}

function wire(target: RunnerTarget, providerSettings: LaunchCommandSettings['provider'] | undefined, deps: RunnerDeps): Wiring {
  const { logger } = deps;
  logger.mask(target.token.token);
  logger.mask(target.aws.credentials?.secretAccessKey);
  logger.mask(target.aws.credentials?.sessionToken);
  logger.debug(`GitHub token from ${target.token.source}; API ${target.context.apiUrl}; ${target.cloud} ${target.location}${target.aws.endpoints.ec2 ? ` via ${target.aws.endpoints.ec2}` : ''}`);
  const client = createGitHubClient({ token: target.token.token, baseUrl: target.context.apiUrl, logger, useProxyFromEnv: target.useProxy, ...deps.client });
  const provider = createProvider(target, providerSettings, logger);
  const registry = createRunnerRegistry(client, target.scope);
  const lifecycle: LifecycleDeps = {
    provider,
    registry,
    logger,
    now: () => new Date(),
    sleep: (ms) => sleep(ms, undefined, { signal: deps.signal }).catch(() => undefined),
    signal: deps.signal,
    ...(deps.onMachine ? { onMachine: deps.onMachine } : {}),
  };
  return { client, provider, registry, lifecycle };
}

export async function runLaunch(settings: LaunchCommandSettings, deps: RunnerDeps): Promise<LaunchOutcome> {
  const { client, lifecycle } = wire(settings.target, settings.provider, deps);
  let workflow: MachineFacts['workflow'];
  if (settings.workflow) {
    const { repository, runId, runAttempt, runnerName } = settings.workflow;
    workflow = { repository, runId, runAttempt };
    if (runnerName) {
      try {
        const jobId = await findCurrentJobId(createWorkflowRuns(client, parseRepository(repository, 'GITHUB_REPOSITORY')), runId, Number(runAttempt), runnerName);
        if (jobId !== undefined) workflow = { ...workflow, jobId };
      } catch (error) {
        deps.logger.debug(`could not find this job's id (${(error as Error).message}); a spot interruption will need a manual re-run`);
      }
    }
  }
  // Poll often enough to notice the runner within a tenth of the timeout, never more than every 5 s.
  const pollIntervalMs = deps.pollIntervalMs ?? Math.min(5000, Math.max(250, Math.floor((settings.startupTimeoutSeconds * 1000) / 10)));
  return launchRunner(
    {
      name: settings.name,
      labels: settings.labels,
      scope: scopeKey(settings.target.scope),
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      maxLifetimeSeconds: settings.maxLifetimeSeconds,
      startupTimeoutSeconds: settings.startupTimeoutSeconds,
      single: settings.single,
      reuse: settings.reuse,
      reuseIdle: settings.reuseIdle,
      startupScript: settings.startupScript,
      metadata: settings.metadata,
      keepMetadataAccess: settings.provider.instanceProfile !== undefined,
      workflow,
      pollIntervalMs,
    },
    lifecycle,
  );
}

export async function runStop(settings: StopCommandSettings, deps: RunnerDeps): Promise<StopOutcome> {
  if (!settings.name) {
    deps.logger.info('no runner name given: nothing to stop');
    return { runnerName: '', terminated: [], deregistered: false, interrupted: false };
  }
  const { lifecycle } = wire(settings.target, undefined, deps);
  return stopRunner(settings.name, scopeKey(settings.target.scope), lifecycle);
}

export async function runCleanup(settings: CleanupCommandSettings, deps: RunnerDeps): Promise<CleanupOutcome> {
  const { client, lifecycle } = wire(settings.target, undefined, deps);
  const repository = settings.target.scope.kind === 'repo' ? settings.target.scope : settings.target.context.repository;
  const runs: WorkflowRuns | undefined = repository ? createWorkflowRuns(client, { owner: repository.owner, repo: repository.repo }) : undefined;
  return cleanupRunners({ scope: scopeKey(settings.target.scope), dryRun: settings.dryRun, defaultStartupSeconds: 600 }, { ...lifecycle, ...(runs ? { runs } : {}) });
}

/** Ends a launch that did not finish (the action's post step after a cancelled or failed start). */
export async function runAbandon(target: RunnerTarget, machineId: string, runnerId: number, runnerName: string, deps: RunnerDeps): Promise<void> {
  const { lifecycle } = wire(target, undefined, deps);
  await undoLaunch(machineId, runnerId, runnerName, lifecycle);
}

/** What `--json` prints for a launch: the documented field names (docs/runner.md), which predate the port's. */
export function launchJson(outcome: LaunchOutcome): Record<string, unknown> {
  return {
    name: outcome.runnerName,
    labels: outcome.labels,
    instanceId: outcome.machineId,
    instanceType: outcome.machineType,
    market: outcome.market,
    region: outcome.location,
    hourlyPrice: outcome.hourlyPrice,
    priceSource: outcome.priceSource,
    cloud: outcome.cloud,
    zone: outcome.zone,
    runnerId: outcome.runnerId,
    reused: outcome.reused,
  };
}

function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
