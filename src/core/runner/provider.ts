// The seam between the runner lifecycle (launch.ts, stop.ts, cleanup.ts beside this file) and a
// cloud. The lifecycle decides *what* should exist — a runner registration, one machine running the
// boot script, tags saying when it expires — and a provider decides *how* a cloud makes a machine of
// it. AWS EC2 is src/clouds/aws/ec2-provider.ts; a Kubernetes provider (a pod running the same boot
// script) implements the same calls without changes to the CLI or the lifecycle. Which provider a
// command uses is decided by the provider table, src/clouds/index.ts.

export type Market = 'spot' | 'on-demand';

/** Which runner registrations a machine belongs to: `repo:owner/name` or `org:owner`. */
export type ScopeKey = string;

/** Facts the lifecycle wants recorded on the machine (as tags, labels or annotations). */
export interface MachineFacts {
  readonly runnerName: string;
  readonly runnerId: number;
  readonly labels: readonly string[];
  readonly scope: ScopeKey;
  /** The machine must be gone after this instant (max lifetime); undefined = no cap. */
  readonly expiresAt: Date | undefined;
  /** The runner should be online by then; before it, an offline runner is still booting. */
  readonly readyBy: Date;
  /** The workflow run that launched it, for re-running jobs lost to a spot interruption. */
  readonly workflow?: { readonly repository: string; readonly runId: string; readonly runAttempt: string; readonly jobId?: number };
  /** User metadata (`--cloud-metadata key=value`). */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface LaunchRequest {
  readonly facts: MachineFacts;
  /** The bash script the machine runs at boot (src/core/runner/user-data.ts). */
  readonly bootScript: string;
}

export interface HourlyPrice {
  /** US dollars per hour, or null when no honest figure is known. */
  readonly usd: number | null;
  /** Where the figure comes from, e.g. "spot price history (us-east-1a)". */
  readonly source: string;
}

export interface LaunchedMachine {
  readonly id: string;
  readonly type: string;
  readonly market: Market;
  /** Region, cluster or similar. */
  readonly location: string;
  /** Availability zone or node, when known. */
  readonly zone: string | undefined;
  readonly price: HourlyPrice;
}

export type MachineState = 'pending' | 'running' | 'stopping' | 'terminated';

export interface MachineRecord {
  readonly id: string;
  readonly state: MachineState;
  readonly runnerName: string | undefined;
  readonly runnerId: number | undefined;
  readonly scope: ScopeKey | undefined;
  readonly type: string;
  readonly market: Market;
  readonly launchedAt: Date | undefined;
  readonly expiresAt: Date | undefined;
  readonly readyBy: Date | undefined;
  /** The cloud took the machine back (spot interruption), as opposed to our own shutdown. */
  readonly interrupted: boolean;
  /** Why it stopped, in the cloud's words, when it did. */
  readonly stateReason: string | undefined;
  readonly workflow: MachineFacts['workflow'];
  /** Powered off, but the cloud keeps it (and bills its disk or more) until it is deleted. */
  readonly kept?: boolean;
}

export interface RunnerProvider {
  /** `aws`, `kubernetes`, ... */
  readonly cloud: string;
  /** Region or cluster, for messages and the location label. */
  readonly location: string;
  /** Look-ups that do not depend on the runner (images, networks); run while it is registered. */
  prepare?(): Promise<void>;
  /** Starts one machine; tries the provider's own fallbacks (types, markets, zones) in order. */
  launch(request: LaunchRequest): Promise<LaunchedMachine>;
  /** Ends a machine. Ending one that is already gone is not an error. */
  terminate(machineId: string): Promise<void>;
  /** Machines this tool started for `scope`, including recently ended ones the cloud still shows. */
  list(scope: ScopeKey): Promise<MachineRecord[]>;
  /** One machine's current record, or undefined when the cloud no longer knows it. */
  describe(machineId: string): Promise<MachineRecord | undefined>;
}

/** A cloud refused one attempt for want of capacity or price: the next attempt may succeed. */
export class CapacityError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CapacityError';
  }
}

/**
 * A provider whose implementation (and cloud SDK) is loaded on first use, so commands that fail
 * validation or only print help never pay for it, and a launch loads it while GitHub answers.
 */
export function deferredProvider(cloud: string, location: string, load: () => Promise<RunnerProvider>): RunnerProvider {
  let loaded: Promise<RunnerProvider> | undefined;
  const get = (): Promise<RunnerProvider> => (loaded ??= load());
  return {
    cloud,
    location,
    prepare: async () => {
      const provider = await get();
      await provider.prepare?.();
    },
    launch: async (request) => (await get()).launch(request),
    terminate: async (machineId) => (await get()).terminate(machineId),
    list: async (scope) => (await get()).list(scope),
    describe: async (machineId) => (await get()).describe(machineId),
  };
}
