// Flags (or action inputs) and environment -> the validated settings of `runner launch|stop|cleanup`,
// built up front. The cloud's part comes from its own builders in the provider table
// (src/clouds/index.ts); everything here is the same whatever the cloud.

import { randomBytes } from 'node:crypto';
import { UsageError, UserError } from '../../errors.js';
import { cloudNamed, type CloudName } from '../../clouds/index.js';
import type { CloudLocationValues, CloudTarget } from '../../clouds/cloud.js';
import { parseDuration, parseOptionalDuration } from '../../core/runner/durations.js';
import type { LaunchSettings } from '../../core/runner/launch.js';
import { hasProxy, parseRepository, readGitHubContext, resolveToken, type Env, type GitHubContext } from '../../forges/github/context.js';
import type { GitHubAppCredentials } from '../../forges/github/app-auth.js';
import { appFrom } from '../../forges/github/connection.js';
import type { RunnerScope } from '../../forges/github/runners.js';
import type { CleanupValues, LaunchValues, StopValues } from './spec.js';

/** Where and as whom: shared by the three commands. */
export interface RunnerTarget extends CloudTarget {
  /** A name in the provider table. */
  readonly cloud: CloudName;
  readonly scope: RunnerScope;
  /** The token to register runners with; undefined when a GitHub App mints one instead. */
  readonly token: { readonly token: string; readonly source: string } | undefined;
  /** A GitHub App whose installation token registers runners of a repository, when no token is set. */
  readonly app: GitHubAppCredentials | undefined;
  readonly context: GitHubContext;
  readonly useProxy: boolean;
}

/** The lifecycle's launch settings, less what is known only when it runs (scope key, job id, polling). */
export interface LaunchCommandSettings extends Omit<LaunchSettings, 'scope' | 'workflow' | 'pollIntervalMs'> {
  readonly target: RunnerTarget;
  /** What the cloud starts, in its own terms (built by its settings builder; only its provider reads it). */
  readonly provider: unknown;
  /** How many runners to launch at once (--count). */
  readonly count: number;
  /** Flags accepted for CML that do nothing here, each with why (printed as warnings). */
  readonly warnings: readonly string[];
  /** This job, when launched from a workflow: for re-running after a spot interruption. */
  readonly workflow: { readonly repository: string; readonly runId: string; readonly runAttempt: string; readonly runnerName: string | undefined } | undefined;
}

type TargetValues = CloudLocationValues & {
  cloud?: string | undefined;
  repo?: string | undefined;
  token?: string | undefined;
  'github-app-id'?: string | undefined;
  'github-app-private-key'?: string | undefined;
};

export function buildTarget(values: TargetValues, env: Env): RunnerTarget {
  const { name, cloud } = cloudNamed(values.cloud);
  const where = cloud.buildTarget(values, env);
  const context = readGitHubContext(env);
  const scope = parseScope(values.repo, context);
  const token = resolveToken(values.token, env);
  const app = token ? undefined : appFrom(values, env);
  if (!token && !app) {
    throw new UserError('no GitHub token: cannot register a runner', {
      hint: 'pass --token or set REPO_TOKEN to a token with administration: write on the repository (GITHUB_TOKEN cannot manage runners), or a GitHub App (--github-app-id, --github-app-private-key) with that permission',
    });
  }
  if (app && scope.kind === 'org') {
    throw new UsageError(`a GitHub App registers runners of one repository here, not of the organization ${scope.org}`, {
      hint: 'pass --repo owner/repo, or a token with admin:org for organization runners',
    });
  }
  return { cloud: name, ...where, scope, token, app, context, useProxy: hasProxy(env) };
}

/** `--repo`: owner/repo or a repository URL -> repository; org or an organization URL -> organization. */
export function parseScope(text: string | undefined, context: GitHubContext): RunnerScope {
  const value = text?.trim().replace(/\/+$/, '');
  if (!value) {
    if (!context.repository)
      throw new UserError('no repository: cannot register a runner', { hint: 'pass --repo owner/repo (or an organization) or set GITHUB_REPOSITORY' });
    return { kind: 'repo', ...context.repository };
  }
  const orgUrl = /^https?:\/\/[^/]+\/([A-Za-z0-9_.-]+)$/.exec(value);
  if (orgUrl?.[1]) return { kind: 'org', org: orgUrl[1] };
  if (/^[A-Za-z0-9_.-]+$/.test(value)) return { kind: 'org', org: value };
  return { kind: 'repo', ...parseRepository(value, '--repo') };
}

export function buildLaunchSettings(values: LaunchValues, env: Env): LaunchCommandSettings {
  const target = buildTarget(values, env);
  const provider = cloudNamed(target.cloud).cloud.buildLaunch(values);

  const labels = splitList(values.labels ?? 'cml');
  if (labels.length === 0) throw new UsageError('--labels is empty', { hint: 'give at least one label, e.g. --labels cml' });
  for (const label of labels) {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(label))
      throw new UsageError(`--labels: "${label}" is not a valid label`, { hint: 'labels use letters, digits, ".", "_" and "-"' });
  }
  const name = values.name?.trim() || `cml-${randomBytes(5).toString('hex')}`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name))
    throw new UsageError(`--name "${name}" is not a valid runner name`, { hint: 'use up to 64 letters, digits, ".", "_" and "-"' });

  const startupTimeoutSeconds = parseDuration(values['startup-timeout'] ?? '10m', '--startup-timeout');
  if (startupTimeoutSeconds < 1) throw new UsageError('--startup-timeout must be at least 1 second');
  const maxLifetimeSeconds = parseOptionalDuration(values['max-lifetime'] ?? '24h', '--max-lifetime');
  if (maxLifetimeSeconds !== undefined && maxLifetimeSeconds < 60) throw new UsageError('--max-lifetime must be at least 60 seconds (or never)');
  const idleTimeoutSeconds = parseOptionalDuration(values['idle-timeout'] ?? '5m', '--idle-timeout');

  // Bytes, not text: a script may be any bytes (another encoding, an archive); they reach the machine unchanged.
  let startupScript: Uint8Array | undefined;
  const encoded = values['cloud-startup-script']?.trim();
  if (encoded) {
    if (!/^[A-Za-z0-9+/=\s]+$/.test(encoded)) throw new UsageError('--cloud-startup-script must be base64 (as in CML): encode it with `base64 -w0 script.sh`');
    startupScript = Buffer.from(encoded, 'base64');
  }

  const count = parseCount(values.count);
  if (count > 1 && (values.reuse || values['reuse-idle']))
    throw new UserError('--reuse and --reuse-idle apply to one runner, not to --count', { hint: 'drop one of them' });
  const warnings: string[] = [];
  if ((values['docker-volumes'] ?? []).length > 0) warnings.push('--docker-volumes is ignored: in CML it applies to GitLab runners only');
  if (values['cloud-ssh-private']?.trim()) warnings.push('--cloud-ssh-private is ignored: no SSH is used, the machine registers itself');

  const context = target.context;
  const workflow =
    !values['no-retry'] && context.inActions && context.repository && context.runId
      ? {
          repository: `${context.repository.owner}/${context.repository.repo}`,
          runId: context.runId,
          runAttempt: nonEmpty(env.GITHUB_RUN_ATTEMPT) ?? '1',
          runnerName: nonEmpty(env.RUNNER_NAME),
        }
      : undefined;

  return {
    target,
    provider,
    name,
    labels,
    idleTimeoutSeconds,
    maxLifetimeSeconds,
    startupTimeoutSeconds,
    single: Boolean(values.single),
    reuse: Boolean(values.reuse),
    reuseIdle: Boolean(values['reuse-idle']),
    startupScript,
    metadata: parseMetadata(values['cloud-metadata'] ?? []),
    keepMetadataAccess: Boolean(values['cloud-permission-set']?.trim()),
    count,
    warnings,
    workflow,
  };
}

/** `--count`: how many runners, 1 to 100. */
function parseCount(text: string | undefined): number {
  const trimmed = (text ?? '1').trim();
  const count = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || count < 1 || count > 100) throw new UserError(`--count must be a whole number from 1 to 100, got "${text}"`);
  return count;
}

/** `--cloud-metadata key=value` (repeated, or comma lists): tags for everything the cloud creates. */
function parseMetadata(entries: readonly string[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const entry of entries) {
    for (const pair of splitList(entry)) {
      const at = pair.indexOf('=');
      const key = at > 0 ? pair.slice(0, at).trim() : '';
      if (!key) throw new UsageError(`--cloud-metadata "${pair}" must be key=value`);
      if (/^(aws|cml):/i.test(key) || key === 'Name') throw new UsageError(`--cloud-metadata key "${key}" is reserved`);
      if (key.length > 128) throw new UsageError(`--cloud-metadata key "${key.slice(0, 20)}..." is longer than 128 characters`);
      metadata[key] = pair.slice(at + 1).trim();
    }
  }
  return metadata;
}

export interface StopCommandSettings {
  readonly target: RunnerTarget;
  readonly name: string | undefined;
}

export function buildStopSettings(values: StopValues, env: Env, options: { nameRequired: boolean } = { nameRequired: true }): StopCommandSettings {
  const name = values.name?.trim() || undefined;
  if (!name && options.nameRequired)
    throw new UserError('`cml runner stop` needs the runner name', { hint: 'cml runner stop --name <name> (printed by `cml runner launch`)' });
  if (name && !/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new UsageError(`--name "${name}" is not a valid runner name`);
  return { target: buildTarget(values, env), name };
}

export interface CleanupCommandSettings {
  readonly target: RunnerTarget;
  readonly dryRun: boolean;
}

export function buildCleanupSettings(values: CleanupValues, env: Env): CleanupCommandSettings {
  return { target: buildTarget(values, env), dryRun: Boolean(values['dry-run']) };
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
