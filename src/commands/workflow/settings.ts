// Flags -> validated `workflow rerun` settings.

import { UsageError } from '../../errors.js';
import { forgeDriver } from '../../forges/drivers.js';
import type { ForgeConnection } from '../../forges/port.js';
import type { Env, OptionValues } from '../../options/spec.js';
import type { workflowRerunOptions } from './spec.js';

export interface WorkflowRerunSettings {
  readonly runId: number;
  readonly connection: ForgeConnection;
}

export function buildWorkflowRerunSettings(values: OptionValues<typeof workflowRerunOptions>, env: Env): WorkflowRerunSettings {
  const text = values.id?.trim();
  if (!text) throw new UsageError('`cml workflow rerun` needs --id <run id>', { hint: 'the run id is the number in the run URL, .../actions/runs/<id>' });
  if (!/^\d{1,20}$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new UsageError(`--id "${text}" is not a workflow run id`, { hint: 'the run id is the number in the run URL, .../actions/runs/<id>' });
  return { runId: Number(text), connection: forgeDriver(values.driver).connect(values, env) };
}
