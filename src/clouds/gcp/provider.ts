// The Compute Engine runner provider: finds the region's zones, then runs the launch plan over
// machine types, the spot and standard models, and zones; stockouts and quota refusals move to
// the next attempt (errors.ts). Instances are described in instance.ts and read back in records.ts.

import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createHttpFetch } from '../../http/fetch.js';
import { planAttempts, runPlan } from '../../core/runner/launch-plan.js';
import type { LaunchedMachine, LaunchRequest, MachineRecord, RunnerProvider, ScopeKey } from '../../core/runner/provider.js';
import type { CloudTarget } from '../cloud.js';
import { GoogleTokenSource } from './auth.js';
import { ComputeClient, ComputeError } from './compute.js';
import { classifyGcpLaunchError, wrapGcpError } from './errors.js';
import { LABEL, TOOL_LABEL_VALUE, insertBody, instanceName, labelValue } from './instance.js';
import { describeMachine, type GcpMachineChoice } from './presets.js';
import { lastSegment, toRecord } from './records.js';
import { NO_GCP_MACHINE, type GcpConnection, type GcpMachineSettings } from './settings.js';

/** The provider table's factory (src/clouds/gcp/cloud.ts): stop and cleanup launch nothing. */
export function createProvider(target: CloudTarget<GcpConnection>, machine: GcpMachineSettings | undefined, logger: Logger): RunnerProvider {
  return new GcpRunnerProvider(target.connection, machine ?? NO_GCP_MACHINE, logger);
}

export class GcpRunnerProvider implements RunnerProvider {
  readonly cloud = 'gcp';
  readonly location: string;
  private readonly compute: ComputeClient;
  private zones: Promise<string[]> | undefined;

  constructor(
    private readonly connection: GcpConnection,
    private readonly settings: GcpMachineSettings,
    private readonly logger: Logger,
    fetchImpl: typeof fetch = createHttpFetch(),
  ) {
    this.location = connection.region;
    this.compute = new ComputeClient(connection.computeRoot, connection.project, new GoogleTokenSource(connection.credentials, fetchImpl), fetchImpl);
  }

  prepare(): Promise<void> {
    return this.resolveZones().then(() => undefined);
  }

  async launch(request: LaunchRequest): Promise<LaunchedMachine> {
    const zones = await this.resolveZones();
    const byName = new Map<string, GcpMachineChoice>(this.settings.machines.map((choice) => [describeMachine(choice), choice]));
    const attempts = planAttempts([...byName.keys()], this.settings.spot, zones);
    const name = instanceName(request.facts.runnerName);
    const { result: zone, attempt } = await runPlan(
      attempts,
      async (next) => {
        const zone = next.placement!;
        const choice = byName.get(next.type)!;
        const body = insertBody(this.settings, {
          name,
          zone,
          region: this.connection.region,
          choice,
          attempt: next,
          facts: request.facts,
          bootScript: request.bootScript,
          now: new Date(),
        });
        this.logger.debug(`instances.insert ${name} ${next.type} ${next.market} in ${zone}`);
        try {
          await this.compute.insert(zone, body);
          return zone;
        } catch (error) {
          // An insert whose operation outlived our wait may still create the instance.
          if (error instanceof ComputeError && error.code === 'OPERATION_TIMEOUT') await this.compute.delete(zone, name).catch(() => undefined);
          throw classifyGcpLaunchError(error, zone);
        }
      },
      this.logger,
    );
    return {
      id: `${zone}/${name}`,
      type: attempt.type,
      market: attempt.market,
      location: this.connection.region,
      zone,
      price: { usd: null, source: 'Compute Engine prices are not looked up' },
    };
  }

  async terminate(machineId: string): Promise<void> {
    const { zone, name } = splitId(machineId);
    try {
      await this.compute.delete(zone, name);
    } catch (error) {
      throw wrapGcpError(error, `delete ${machineId}`, this.connection.project);
    }
  }

  async list(scope: ScopeKey): Promise<MachineRecord[]> {
    const filter = `(labels.${LABEL.tool} = "${TOOL_LABEL_VALUE}") AND (labels.${LABEL.scope} = "${labelValue(scope)}")`;
    let instances;
    try {
      instances = await this.compute.list(filter);
    } catch (error) {
      throw wrapGcpError(error, 'list instances', this.connection.project);
    }
    return instances
      .filter((instance) => lastSegment(instance.zone).startsWith(`${this.connection.region}-`))
      .map(toRecord)
      .filter((record) => record.scope === scope);
  }

  async describe(machineId: string): Promise<MachineRecord | undefined> {
    const { zone, name } = splitId(machineId);
    try {
      const instance = await this.compute.get(zone, name);
      return instance ? toRecord(instance) : undefined;
    } catch (error) {
      throw wrapGcpError(error, `describe ${machineId}`, this.connection.project);
    }
  }

  private resolveZones(): Promise<string[]> {
    if (!this.zones) {
      const { zone, region, project } = this.connection;
      this.zones = zone
        ? Promise.resolve([zone])
        : this.compute.zones(region).then(
            (zones) => {
              if (zones.length === 0) throw new UserError(`Google Cloud region ${region} has no zones for project ${project}`);
              return zones;
            },
            (error: unknown) => {
              throw wrapGcpError(error, `list the zones of ${region}`, project);
            },
          );
      this.zones.catch(() => undefined);
    }
    return this.zones;
  }
}

function splitId(machineId: string): { zone: string; name: string } {
  const at = machineId.indexOf('/');
  if (at <= 0) throw new UserError(`"${machineId}" is not a Compute Engine instance id (zone/name)`);
  return { zone: machineId.slice(0, at), name: machineId.slice(at + 1) };
}
