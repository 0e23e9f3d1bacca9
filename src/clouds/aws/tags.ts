// Tag keys written on every instance and volume this tool creates, and read back by stop/cleanup.

export const TOOL_TAG_VALUE = 'continuous-ml';

export const TAG = {
  tool: 'cml:tool',
  scope: 'cml:scope',
  runnerName: 'cml:runner-name',
  runnerId: 'cml:runner-id',
  labels: 'cml:labels',
  expiresAt: 'cml:expires-at',
  readyBy: 'cml:ready-by',
  repository: 'cml:run-repository',
  runId: 'cml:run-id',
  runAttempt: 'cml:run-attempt',
  jobId: 'cml:launch-job-id',
} as const;

/** Tag values are at most 256 characters. */
export function tagValue(text: string): string {
  return text.length <= 256 ? text : text.slice(0, 256);
}
