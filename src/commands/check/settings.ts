// Flags or inputs -> validated `check create` settings.

import { resolve } from 'node:path';
import { UsageError, UserError } from '../../errors.js';
import { forgeDriver } from '../../forges/drivers.js';
import type { CheckConclusion, CheckStatus, ForgeConnection } from '../../forges/port.js';
import type { Env, OptionValues } from '../../options/spec.js';
import { CHECK_CONCLUSIONS, CHECK_STATUSES, type checkOptions } from './spec.js';
import { publishingSettings, type PublishingSettings } from '../../forges/post-report.js';

export interface CheckSettings extends PublishingSettings {
  readonly markdownFile: string;
  readonly commitSha: string | undefined;
  readonly conclusion: CheckConclusion;
  readonly status: CheckStatus;
  readonly title: string;
  readonly connection: ForgeConnection;
}

export function buildCheckSettings(values: OptionValues<typeof checkOptions>, positionals: readonly string[], env: Env, cwd: string): CheckSettings {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('`cml check create` needs the report file', { hint: 'cml check create <markdown-file>' });
  if (extra.length > 0) throw new UsageError(`\`cml check create\` takes one report file, got ${positionals.length}: ${positionals.join(' ')}`);
  const commitSha = values['commit-sha']?.trim() || undefined;
  if (commitSha !== undefined && !/^[0-9a-f]{40}$/i.test(commitSha)) {
    throw new UserError(`--commit-sha "${commitSha}" is not a full commit sha`, { hint: 'check runs need all 40 hexadecimal digits (git rev-parse HEAD)' });
  }
  const connection = forgeDriver(values.driver).connect(values, env);
  return {
    markdownFile: resolve(cwd, file),
    commitSha,
    conclusion: oneOf(values.conclusion ?? 'success', CHECK_CONCLUSIONS, '--conclusion'),
    status: oneOf(values.status ?? 'completed', CHECK_STATUSES, '--status'),
    title: values.title?.trim() || 'CML Report',
    ...publishingSettings(values, connection, cwd),
    connection,
  };
}

function oneOf<T extends string>(value: string, choices: readonly T[], flag: string): T {
  const found = choices.find((choice) => choice === value.trim());
  if (!found) throw new UsageError(`${flag} must be one of ${choices.join(', ')}; got "${value}"`);
  return found;
}
