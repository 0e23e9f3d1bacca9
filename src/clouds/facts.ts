// The lifecycle's machine facts as key/value pairs, under each cloud's own key names (EC2 tags,
// Compute Engine metadata items): what every cloud records and reads back the same way.

import type { MachineFacts, MachineRecord as MachineRecordFacts } from '../core/runner/provider.js';

export interface FactKeys {
  readonly scope: string;
  readonly runnerName: string;
  readonly runnerId: string;
  readonly labels: string;
  readonly expiresAt: string;
  readonly readyBy: string;
  readonly repository: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly jobId: string;
}

/** The key names both Compute Engine metadata and Azure tags use (each cloud may add its own). */
export const CML_FACT_KEYS: FactKeys = {
  scope: 'cml-scope',
  runnerName: 'cml-runner-name',
  runnerId: 'cml-runner-id',
  labels: 'cml-labels',
  expiresAt: 'cml-expires-at',
  readyBy: 'cml-ready-by',
  repository: 'cml-run-repository',
  runId: 'cml-run-id',
  runAttempt: 'cml-run-attempt',
  jobId: 'cml-launch-job-id',
};

export function factValues(facts: MachineFacts, keys: FactKeys): Record<string, string> {
  const values: Record<string, string> = {
    [keys.scope]: facts.scope,
    [keys.runnerName]: facts.runnerName,
    [keys.runnerId]: String(facts.runnerId),
    [keys.labels]: facts.labels.join(','),
    [keys.readyBy]: facts.readyBy.toISOString(),
  };
  if (facts.expiresAt) values[keys.expiresAt] = facts.expiresAt.toISOString();
  if (facts.workflow) {
    values[keys.repository] = facts.workflow.repository;
    values[keys.runId] = facts.workflow.runId;
    values[keys.runAttempt] = facts.workflow.runAttempt;
    if (facts.workflow.jobId !== undefined) values[keys.jobId] = String(facts.workflow.jobId);
  }
  return values;
}

/** The facts a cloud recorded with factValues, read back from its key/value pairs. */
export function readFacts(
  values: ReadonlyMap<string, string>,
  keys: FactKeys,
): Pick<MachineRecordFacts, 'runnerName' | 'runnerId' | 'scope' | 'expiresAt' | 'readyBy' | 'workflow'> {
  const date = (key: string): Date | undefined => {
    const text = values.get(key);
    const value = text ? new Date(text) : undefined;
    return value && !Number.isNaN(value.getTime()) ? value : undefined;
  };
  const runnerId = Number(values.get(keys.runnerId));
  const jobId = Number(values.get(keys.jobId));
  const repository = values.get(keys.repository);
  const runId = values.get(keys.runId);
  return {
    runnerName: values.get(keys.runnerName),
    runnerId: Number.isInteger(runnerId) && runnerId > 0 ? runnerId : undefined,
    scope: values.get(keys.scope),
    expiresAt: date(keys.expiresAt),
    readyBy: date(keys.readyBy),
    workflow:
      repository && runId
        ? { repository, runId, runAttempt: values.get(keys.runAttempt) ?? '1', ...(Number.isInteger(jobId) && jobId > 0 ? { jobId } : {}) }
        : undefined,
  };
}
