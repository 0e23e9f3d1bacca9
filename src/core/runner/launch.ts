// Launching a runner: register it just in time, start one machine running the boot script, wait
// until the runner is online, and undo everything on failure; or reuse a matching online runner.

import { UserError } from '../../errors.js';
import { formatDuration } from './durations.js';
import { NoCapacityError } from './launch-plan.js';
import { deleteRegistration, locationLabel, undoLaunch, type LifecycleDeps } from './lifecycle.js';
import type { LaunchedMachine, MachineFacts, ScopeKey } from './provider.js';
import { renderBootScript } from './user-data.js';

/** Labels GitHub gives every self-hosted runner; they say nothing about which runner a job wants. */
const GENERIC_LABELS = new Set(['self-hosted', 'linux', 'x64', 'arm64', 'windows', 'macos']);

export interface LaunchSettings {
  readonly name: string;
  readonly labels: readonly string[];
  readonly scope: ScopeKey;
  readonly idleTimeoutSeconds: number | undefined;
  readonly maxLifetimeSeconds: number | undefined;
  readonly startupTimeoutSeconds: number;
  readonly single: boolean;
  readonly reuse: boolean;
  readonly reuseIdle: boolean;
  /** The user's script, as bytes: whatever its encoding, it runs as given. */
  readonly startupScript: Uint8Array | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  /** Jobs use the machine's role (--cloud-permission-set): the metadata service stays reachable. */
  readonly keepMetadataAccess: boolean;
  readonly workflow: MachineFacts['workflow'];
  /** Between readiness checks. */
  readonly pollIntervalMs: number;
}

export interface LaunchOutcome {
  readonly reused: boolean;
  readonly runnerName: string;
  readonly runnerId: number | null;
  readonly labels: readonly string[];
  readonly cloud: string;
  /** Region, cluster or similar (the provider's location). */
  readonly location: string;
  /** The machine the runner runs on; null for a reused runner whose machine was not found. */
  readonly machineId: string | null;
  readonly machineType: string | null;
  readonly market: string | null;
  readonly zone: string | null;
  readonly hourlyPrice: number | null;
  readonly priceSource: string | null;
}

export async function launchRunner(settings: LaunchSettings, deps: LifecycleDeps): Promise<LaunchOutcome> {
  const { provider, registry, logger } = deps;
  if (settings.reuse || settings.reuseIdle) {
    const reused = await findReusable(settings, deps);
    if (reused) return reused;
  }

  // The runner's own name is a label too, so a workflow can target exactly this runner.
  const labels = [...new Set([...settings.labels, settings.name, locationLabel(provider)])];
  // GitHub's registration and the cloud's look-ups (and loading its SDK) do not depend on each
  // other; the request to GitHub goes out first so its round trip overlaps the local work.
  const registering = registry.createJitRunner(settings.name, labels);
  registering.catch(() => undefined);
  const preparing = provider.prepare?.();
  preparing?.catch(() => undefined);
  const jit = await registering;
  logger.mask(jit.encodedJitConfig);
  logger.info(`registered just-in-time runner ${jit.name} (id ${jit.id}) for ${registry.description} with labels ${settings.labels.join(', ')}`);

  const started = deps.now();
  const facts: MachineFacts = {
    runnerName: jit.name,
    runnerId: jit.id,
    labels: settings.labels,
    scope: settings.scope,
    expiresAt: settings.maxLifetimeSeconds === undefined ? undefined : new Date(started.getTime() + settings.maxLifetimeSeconds * 1000),
    readyBy: new Date(started.getTime() + settings.startupTimeoutSeconds * 1000),
    ...(settings.workflow ? { workflow: settings.workflow } : {}),
    metadata: settings.metadata,
  };

  let machine: LaunchedMachine;
  try {
    const bootScript = renderBootScript({
      runnerName: jit.name,
      jitConfig: jit.encodedJitConfig,
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      maxLifetimeSeconds: settings.maxLifetimeSeconds,
      single: settings.single,
      startupScript: settings.startupScript,
      keepMetadataAccess: settings.keepMetadataAccess,
    });
    await preparing;
    machine = await provider.launch({ facts, bootScript });
  } catch (error) {
    await deleteRegistration(registry, jit.id, jit.name, logger);
    if (error instanceof NoCapacityError) {
      throw new UserError(`could not launch runner ${jit.name} in ${provider.location}: ${error.message}`, {
        hint: 'list more instance types (--cloud-type a,b), allow on-demand, or try another region; nothing was left running or registered',
        cause: error,
      });
    }
    throw error;
  }
  deps.onMachine?.(machine, jit.id, jit.name);
  logger.info(
    `started ${machine.id}: ${machine.type}, ${machine.market}, ${machine.zone ?? machine.location}${machine.price.usd === null ? '' : `, $${machine.price.usd.toFixed(4)}/h (${machine.price.source})`}`,
  );

  try {
    await waitUntilOnline(jit.id, jit.name, machine, settings, deps);
  } catch (error) {
    await undoLaunch(machine.id, jit.id, jit.name, deps);
    throw error;
  }
  logger.info(
    `runner ${jit.name} is online on ${machine.id}; target it with \`runs-on: [self-hosted, ${jit.name}]\` (or its labels ${settings.labels.join(', ')})`,
  );
  return {
    reused: false,
    runnerName: jit.name,
    runnerId: jit.id,
    labels: settings.labels,
    cloud: provider.cloud,
    location: provider.location,
    machineId: machine.id,
    machineType: machine.type,
    market: machine.market,
    zone: machine.zone ?? null,
    hourlyPrice: machine.price.usd,
    priceSource: machine.price.source,
  };
}

async function findReusable(settings: LaunchSettings, deps: LifecycleDeps): Promise<LaunchOutcome | undefined> {
  const { provider, registry, logger } = deps;
  const wanted = settings.labels.filter((label) => !GENERIC_LABELS.has(label.toLowerCase()));
  const runners = await registry.listRunners();
  const candidate = runners.find(
    (runner) =>
      runner.status === 'online' &&
      (runner.name === settings.name || runner.labels.some((label) => wanted.includes(label))) &&
      (!settings.reuseIdle || !runner.busy),
  );
  if (!candidate) {
    logger.info(`no ${settings.reuseIdle ? 'idle ' : ''}online runner with labels ${wanted.join(', ')} to reuse; launching one`);
    return undefined;
  }
  const machine = (await provider.list(settings.scope)).find((record) => record.runnerName === candidate.name && record.state !== 'terminated');
  logger.info(`reusing runner ${candidate.name}${candidate.busy ? ' (busy)' : ' (idle)'}${machine ? ` on ${machine.id}` : ''}; nothing launched`);
  return {
    reused: true,
    runnerName: candidate.name,
    runnerId: candidate.id,
    labels: candidate.labels.filter((label) => !label.startsWith('continuous-ml-')),
    cloud: provider.cloud,
    location: provider.location,
    machineId: machine?.id ?? null,
    machineType: machine?.type ?? null,
    market: machine?.market ?? null,
    zone: null,
    hourlyPrice: null,
    priceSource: null,
  };
}

async function waitUntilOnline(runnerId: number, runnerName: string, machine: LaunchedMachine, settings: LaunchSettings, deps: LifecycleDeps): Promise<void> {
  const { registry, provider, logger } = deps;
  const start = deps.now().getTime();
  const timeoutMs = settings.startupTimeoutSeconds * 1000;
  const interval = Math.max(1, settings.pollIntervalMs);
  const maxPolls = Math.ceil(timeoutMs / interval) + 2;
  let lastProgress = start;
  for (let poll = 1; poll <= maxPolls; poll += 1) {
    if (deps.signal?.aborted) throw new UserError(`launch of runner ${runnerName} was interrupted; ${machine.id} is being terminated`);
    const runner = await registry.getRunner(runnerId);
    if (runner?.status === 'online') return;
    const elapsed = deps.now().getTime() - start;
    if (elapsed >= timeoutMs) break;
    if (poll % 3 === 0) {
      const record = await provider.describe(machine.id);
      if (record?.failure) {
        throw new UserError(`${machine.id} cannot start, so runner ${runnerName} will not come online: ${record.failure}`, {
          hint: 'the machine and the registration were removed',
        });
      }
      if (!record || record.state === 'terminated' || record.state === 'stopping') {
        throw new UserError(`${machine.id} stopped before runner ${runnerName} came online${record?.stateReason ? ` (${record.stateReason})` : ''}`, {
          hint: 'check the startup script and the instance console output; the registration was removed',
        });
      }
    }
    if (deps.now().getTime() - lastProgress >= 15_000 || poll === 1) {
      lastProgress = deps.now().getTime();
      logger.info(
        `waiting for runner ${runnerName} on ${machine.id} to come online (${formatDuration(elapsed / 1000)} of ${formatDuration(settings.startupTimeoutSeconds)})`,
      );
    }
    await deps.sleep(Math.min(interval, Math.max(1, timeoutMs - elapsed)));
  }
  throw new UserError(
    `runner ${runnerName} did not come online within ${formatDuration(settings.startupTimeoutSeconds)}; terminated ${machine.id} and removed the registration`,
    {
      hint: 'raise --startup-timeout, or check the instance console output (image, network access to github.com)',
    },
  );
}
