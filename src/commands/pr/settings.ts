// Flags or inputs -> validated `pr create` settings.

import { UsageError, UserError } from '../../errors.js';
import { validateBranchName } from '../../forges/asset-branch-name.js';
import { forgeDriver } from '../../forges/drivers.js';
import type { ForgeConnection, MergeMethod } from '../../forges/port.js';
import type { GitIdentity } from '../../git/commits.js';
import { ACTIONS_BOT } from '../../options/groups.js';
import type { Env, OptionValues } from '../../options/spec.js';
import type { prOptions } from './spec.js';

export interface PrSettings {
  readonly pathspecs: readonly string[];
  readonly cwd: string;
  readonly md: boolean;
  readonly skipCi: boolean;
  readonly mergeMethod: MergeMethod | undefined;
  readonly branch: string | undefined;
  readonly targetBranch: string | undefined;
  /** The branch the workflow runs on, for a detached HEAD (GITHUB_HEAD_REF, else GITHUB_REF_NAME). */
  readonly ciBranch: string | undefined;
  readonly title: string | undefined;
  readonly body: string | undefined;
  readonly message: string | undefined;
  readonly remote: string;
  readonly author: GitIdentity;
  readonly connection: ForgeConnection;
}

export function buildPrSettings(values: OptionValues<typeof prOptions>, positionals: readonly string[], env: Env, cwd: string): PrSettings {
  const methods = (['merge', 'rebase', 'squash'] as const).filter((method) => values[method]);
  if (methods.length > 1) throw new UsageError(`--${methods.join(' and --')} cannot be combined`, { hint: 'pick one merge method' });
  const branch = values.branch?.trim() || undefined;
  const targetBranch = values['target-branch']?.trim() || undefined;
  if (branch) validateBranchName(branch, '--branch');
  if (targetBranch) validateBranchName(targetBranch, '--target-branch');
  if (branch && branch === targetBranch)
    throw new UserError(`--branch and --target-branch are both "${branch}"`, { hint: 'the pull request needs its own branch' });
  const remote = values.remote?.trim() || 'origin';
  if (remote.startsWith('-')) throw new UserError(`--remote "${remote}" is not a remote name or URL`);
  return {
    pathspecs: positionals,
    cwd,
    md: Boolean(values.md),
    skipCi: Boolean(values['skip-ci']),
    mergeMethod: methods[0],
    branch,
    targetBranch,
    ciBranch: env.GITHUB_HEAD_REF?.trim() || env.GITHUB_REF_NAME?.trim() || undefined,
    title: values.title?.trim() || undefined,
    body: values.body,
    message: values.message?.trim() || undefined,
    remote,
    author: { name: values['user-name']?.trim() || ACTIONS_BOT.name, email: values['user-email']?.trim() || ACTIONS_BOT.email },
    connection: forgeDriver(values.driver).connect(values, env),
  };
}
