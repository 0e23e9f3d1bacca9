// The Azure runner provider: each runner gets a resource group of its own, holding its network,
// NIC and VM (resources.ts), so that one deletion of the group removes everything, whatever state
// a launch or an eviction left it in. The launch plan runs over VM sizes and Spot then Regular
// priority; allocation and SKU refusals move to the next attempt (errors.ts). Any failure after
// the group exists deletes the group before the error is reported.

import { UserError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createHttpFetch } from '../../http/fetch.js';
import { planAttempts, runPlan } from '../../core/runner/launch-plan.js';
import { CapacityError, type LaunchedMachine, type LaunchRequest, type MachineRecord, type RunnerProvider, type ScopeKey } from '../../core/runner/provider.js';
import type { CloudTarget } from '../cloud.js';
import { ArmClient, type ArmOptions, type ArmResourceGroup } from './arm.js';
import { EntraTokenSource } from './auth.js';
import { classifyAzureLaunchError, wrapAzureError } from './errors.js';
import { toRecord, type ArmVm } from './records.js';
import {
  API,
  NAMES,
  TAG,
  TOOL_TAG_VALUE,
  groupBody,
  groupName,
  natGatewayBody,
  natIpBody,
  networkBody,
  nicBody,
  securityGroupBody,
  tagsFor,
  vmBody,
} from './resources.js';
import { NO_AZURE_MACHINE, type AzureConnection, type AzureMachineSettings } from './settings.js';

/** The provider table's factory (src/clouds/azure/cloud.ts): stop and cleanup launch nothing. */
export function createProvider(target: CloudTarget<AzureConnection>, machine: AzureMachineSettings | undefined, logger: Logger): RunnerProvider {
  return new AzureRunnerProvider(target.connection, machine ?? NO_AZURE_MACHINE, logger);
}

const NETWORK = '/providers/Microsoft.Network';
const VM_PATH = `/providers/Microsoft.Compute/virtualMachines/${NAMES.vm}`;

export class AzureRunnerProvider implements RunnerProvider {
  readonly cloud = 'azure';
  readonly location: string;
  private readonly tokens: EntraTokenSource;
  private readonly arm: ArmClient;

  constructor(
    private readonly connection: AzureConnection,
    private readonly settings: AzureMachineSettings,
    private readonly logger: Logger,
    fetchImpl: typeof fetch = createHttpFetch(),
    armOptions: ArmOptions = {},
  ) {
    this.location = connection.location;
    this.tokens = new EntraTokenSource(connection.credentials, connection.scope, fetchImpl);
    this.arm = new ArmClient(connection.armRoot, connection.subscription, this.tokens, fetchImpl, armOptions);
  }

  /** Signs in while the runner is registered: bad credentials are one line before anything exists. */
  async prepare(): Promise<void> {
    await this.tokens.token();
  }

  async launch(request: LaunchRequest): Promise<LaunchedMachine> {
    const group = groupName(request.facts.runnerName);
    const tags = tagsFor(request.facts);
    const { location } = this.connection;
    try {
      await this.arm.put(this.arm.groupPath(group), API.groups, groupBody(location, tags));
    } catch (error) {
      // A refused group creates nothing; one whose creation failed midway is deleted all the same.
      await this.removeAfterFailure(group);
      throw wrapAzureError(error, `create resource group ${group}`, location);
    }
    try {
      const nicId = await this.network(group, tags);
      const attempts = planAttempts(this.settings.sizes, this.settings.spot, []);
      const { attempt } = await runPlan(
        attempts,
        async (next) => {
          const body = vmBody(this.settings, { location, size: next.type, attempt: next, facts: request.facts, bootScript: request.bootScript, nicId });
          this.logger.debug(`virtualMachines ${group}/${NAMES.vm} ${next.type} ${next.market} in ${location}`);
          try {
            await this.arm.put(this.arm.groupPath(group, VM_PATH), API.compute, body);
          } catch (error) {
            const classified = classifyAzureLaunchError(error, location);
            // A refused VM may remain in a failed state; its priority cannot change, so it goes first.
            if (classified instanceof CapacityError) {
              await this.arm.delete(this.arm.groupPath(group, VM_PATH), API.compute).catch((deleteError: unknown) => {
                throw wrapAzureError(deleteError, `delete the refused VM in ${group}`, location);
              });
            }
            throw classified;
          }
        },
        this.logger,
      );
      return {
        id: group,
        type: attempt.type,
        market: attempt.market,
        location,
        zone: undefined,
        price: { usd: null, source: 'Azure prices are not looked up' },
      };
    } catch (error) {
      await this.removeAfterFailure(group);
      throw error;
    }
  }

  async terminate(machineId: string): Promise<void> {
    const group = groupOf(machineId);
    try {
      await this.arm.delete(this.arm.groupPath(group), API.groups, { forceDeletionTypes: 'Microsoft.Compute/virtualMachines' });
    } catch (error) {
      throw wrapAzureError(error, `delete resource group ${group}`, this.connection.subscription);
    }
  }

  async list(scope: ScopeKey): Promise<MachineRecord[]> {
    try {
      const groups = (await this.arm.groupsTagged(TAG.tool, TOOL_TAG_VALUE)).filter(
        (group) => group.location.toLowerCase() === this.location && group.tags?.[TAG.scope] === scope,
      );
      const records: MachineRecord[] = [];
      for (const group of groups) records.push(await this.record(group));
      return records;
    } catch (error) {
      throw wrapAzureError(error, 'list resource groups', this.connection.subscription);
    }
  }

  async describe(machineId: string): Promise<MachineRecord | undefined> {
    const group = groupOf(machineId);
    try {
      const found = await this.arm.get<ArmResourceGroup>(this.arm.groupPath(group), API.groups);
      return found ? await this.record(found) : undefined;
    } catch (error) {
      throw wrapAzureError(error, `describe ${machineId}`, this.connection.subscription);
    }
  }

  private async record(group: ArmResourceGroup): Promise<MachineRecord> {
    const vm = await this.arm.get<ArmVm>(this.arm.groupPath(group.name, VM_PATH), API.compute, { $expand: 'instanceView' });
    return toRecord(group, vm);
  }

  /** The security group, the network unless a subnet is named, and the NIC; returns the NIC's id. */
  private async network(group: string, tags: Record<string, string>): Promise<string> {
    const { location } = this.connection;
    const id = (path: string): string => this.arm.groupPath(group, `${NETWORK}/${path}`);
    const nsg = id(`networkSecurityGroups/${NAMES.nsg}`);
    try {
      await this.arm.put(nsg, API.network, securityGroupBody(location, tags));
      let subnet = this.settings.subnet;
      if (!subnet) {
        const natIp = id(`publicIPAddresses/${NAMES.natIp}`);
        const nat = id(`natGateways/${NAMES.nat}`);
        await this.arm.put(natIp, API.network, natIpBody(location, tags));
        await this.arm.put(nat, API.network, natGatewayBody(location, tags, natIp));
        await this.arm.put(id(`virtualNetworks/${NAMES.vnet}`), API.network, networkBody(location, tags, { nsg, nat }));
        subnet = id(`virtualNetworks/${NAMES.vnet}/subnets/${NAMES.subnet}`);
      }
      const nic = id(`networkInterfaces/${NAMES.nic}`);
      await this.arm.put(nic, API.network, nicBody(location, tags, { subnet, nsg }));
      return nic;
    } catch (error) {
      throw wrapAzureError(error, `create the network of ${group}`, location);
    }
  }

  private async removeAfterFailure(group: string): Promise<void> {
    try {
      await this.arm.delete(this.arm.groupPath(group), API.groups, { forceDeletionTypes: 'Microsoft.Compute/virtualMachines' });
    } catch (error) {
      this.logger.warn(
        `could not delete resource group ${group} after the failed launch (${error instanceof Error ? error.message : String(error)}); runner cleanup will`,
      );
    }
  }
}

function groupOf(machineId: string): string {
  if (!/^[A-Za-z0-9_.()-]{1,90}$/.test(machineId)) throw new UserError(`"${machineId}" is not an Azure resource group name`);
  return machineId;
}
