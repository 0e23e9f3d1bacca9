// Two data files -> a drift report: read both (in parallel by default), compare them column by
// column, and name them as the user did. What `cml drift` and `cml report` both run.

import { analyzeDrift } from './analyze.js';
import type { DriftConfig } from './config.js';
import { readBoth } from './read/parallel.js';
import type { DriftReport } from './report-types.js';

export interface FileComparison {
  readonly reference: string;
  readonly current: string;
  /** The files as the user named them, for the report. */
  readonly referenceLabel: string;
  readonly currentLabel: string;
  readonly config: DriftConfig;
  readonly columns?: readonly string[] | undefined;
  readonly target?: string | undefined;
  readonly prediction?: string | undefined;
  readonly timeColumn?: string | undefined;
  /** false: read both files on the calling thread. */
  readonly parallel?: boolean;
  readonly log: (message: string) => void;
}

export async function compareFiles(request: FileComparison): Promise<DriftReport> {
  const { log } = request;
  const wanted = request.columns
    ? [...new Set([...request.columns, ...[request.target, request.prediction, request.timeColumn].filter((name): name is string => name !== undefined)])]
    : undefined;
  const started = performance.now();
  const [reference, current] = await readBoth(request.reference, request.current, {
    ...(wanted ? { columns: wanted } : {}),
    parallel: request.parallel ?? true,
    log,
  });
  log(`read ${reference.rows} + ${current.rows} rows in ${(performance.now() - started).toFixed(0)} ms`);
  const analyzed = analyzeDrift(reference, current, {
    config: request.config,
    ...(request.columns ? { columns: request.columns } : {}),
    ...(request.target ? { target: request.target } : {}),
    ...(request.prediction ? { prediction: request.prediction } : {}),
    ...(request.timeColumn ? { timeColumn: request.timeColumn } : {}),
  });
  log(`compared ${analyzed.columns.length} columns in ${(performance.now() - started).toFixed(0)} ms in total`);
  return {
    ...analyzed,
    reference: { ...analyzed.reference, path: request.referenceLabel },
    current: { ...analyzed.current, path: request.currentLabel },
  };
}
