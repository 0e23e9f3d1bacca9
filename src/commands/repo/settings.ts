// Flags -> validated `repo prepare` settings.

import { UsageError } from '../../errors.js';
import { forgeDriver } from '../../forges/drivers.js';
import type { ForgeConnection } from '../../forges/port.js';
import type { GitIdentity } from '../../git/commits.js';
import { ACTIONS_BOT } from '../../options/groups.js';
import type { Env, OptionValues } from '../../options/spec.js';
import type { repoPrepareOptions } from './spec.js';

export interface RepoPrepareSettings {
  readonly cwd: string;
  /** 0: the whole history. */
  readonly fetchDepth: number;
  readonly remote: string;
  readonly identity: GitIdentity;
  readonly connection: ForgeConnection;
}

export function buildRepoPrepareSettings(values: OptionValues<typeof repoPrepareOptions>, env: Env, cwd: string): RepoPrepareSettings {
  const depthText = values.unshallow ? '0' : (values['fetch-depth'] ?? '0').trim();
  if (!/^\d{1,9}$/.test(depthText))
    throw new UsageError(`--fetch-depth "${depthText}" is not a number of commits`, { hint: 'e.g. --fetch-depth 0 for the whole history' });
  const remote = values.remote?.trim() || 'origin';
  if (!/^[A-Za-z0-9._/-]+$/.test(remote) || remote.startsWith('-')) throw new UsageError(`--remote "${remote}" is not a remote name`);
  return {
    cwd,
    fetchDepth: Number(depthText),
    remote,
    identity: { name: values['user-name']?.trim() || ACTIONS_BOT.name, email: values['user-email']?.trim() || ACTIONS_BOT.email },
    connection: forgeDriver(values.driver).connect(values, env),
  };
}
