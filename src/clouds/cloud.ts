// What a cloud gives the runner commands: its own flags, the builders that turn flags and
// environment into its settings, and its provider, loaded only when a command needs it (a cloud's
// SDK is most of the runner's code). Each cloud is one folder beside this file and one line in the
// provider table, src/clouds/index.ts; the commands and the lifecycle never name a cloud.

import type { Logger } from '../logger.js';
import type { RunnerProvider } from '../core/runner/provider.js';
import type { Env, OptionMap, OptionValues } from '../options/spec.js';

/** The flags every cloud reads to know where to work (declared by `runner launch|stop|cleanup`). */
export interface CloudLocationValues {
  readonly 'cloud-region'?: string | undefined;
}

/** The machine flags every cloud interprets in its own terms (declared by `runner launch`). */
export interface CloudMachineValues {
  readonly 'cloud-type'?: string | undefined;
  readonly 'cloud-gpu'?: string | undefined;
  readonly 'cloud-hdd-size'?: string | undefined;
  readonly 'cloud-image'?: string | undefined;
  readonly 'cloud-spot'?: boolean | undefined;
  readonly 'cloud-spot-price'?: string | undefined;
  readonly 'cloud-permission-set'?: string | undefined;
}

/** Where a cloud starts and looks for machines, and as whom: what every runner command needs. */
export interface CloudTarget<Connection = unknown> {
  /** Region, cluster or similar: the provider's location. */
  readonly location: string;
  /** Endpoints, credentials and the like; only the cloud's own provider reads them. */
  readonly connection: Connection;
  /** Values to mask in everything printed (secret keys, session tokens). */
  readonly secrets: readonly string[];
  /** For the debug line, e.g. " via http://127.0.0.1:4566"; empty when there is nothing to add. */
  readonly detail: string;
}

export interface CloudProviderModule<Connection, Machine> {
  /** `machine` is undefined for stop and cleanup, which start nothing. */
  createProvider(target: CloudTarget<Connection>, machine: Machine | undefined, logger: Logger): RunnerProvider;
}

export interface Cloud<Options extends OptionMap = OptionMap, Connection = unknown, Machine = unknown> {
  /** Flags only this cloud has (`--cloud-<name>-*`); `runner launch` lists them after the shared cloud flags. */
  readonly options: Options;
  /** `--cloud-region` and the environment -> location, connection and secrets. */
  buildTarget(values: CloudLocationValues, env: Env): CloudTarget<Connection>;
  /** The shared machine flags and this cloud's own -> what its provider launches. */
  buildLaunch(values: CloudMachineValues & OptionValues<Options>): Machine;
  /** The provider and its SDK, imported on first use. */
  load(): Promise<CloudProviderModule<Connection, Machine>>;
}

/** Keeps a cloud's own types inside its room while the table holds every cloud alike. */
export function defineCloud<Options extends OptionMap, Connection, Machine>(cloud: Cloud<Options, Connection, Machine>): Cloud<Options, Connection, Machine> {
  return cloud;
}
