// A workspace's metrics and params as a tracker's flat keys (MLflow), and a tracker run as a
// revision to diff the workspace against. A key is the metric's own name (`acc`, `train.loss`)
// when only one file has it, else `<file>/<name>`. Metrics are numbers; params are text, as
// Python's str() writes them (what mlflow.log_param stores).

import type { FlatValues } from '../metrics/load.js';
import type { RevisionValues } from '../metrics/diff.js';
import { scalarText } from '../metrics/python.js';
import type { Scalar } from '../metrics/value.js';

export interface TrackedValue {
  readonly path: string;
  readonly key: string;
  /** The name in the tracker. */
  readonly name: string;
  readonly value: Scalar;
}

/** Path where baseline values the workspace does not have are shown. */
export const TRACKER_ONLY_PATH = '(run only)';

export function trackedValues(values: RevisionValues): TrackedValue[] {
  const owners = new Map<string, number>();
  for (const flat of values.values()) for (const key of flat?.keys() ?? []) owners.set(key, (owners.get(key) ?? 0) + 1);
  const out: TrackedValue[] = [];
  for (const [path, flat] of values) {
    for (const [key, value] of flat ?? []) out.push({ path, key, name: (owners.get(key) ?? 0) > 1 ? `${path}/${key}` : key, value });
  }
  return out;
}

/** Metrics a tracker can hold: finite numbers (bools and text are left out). */
export function trackedMetrics(values: RevisionValues): { name: string; value: number }[] {
  return trackedValues(values)
    .filter((item) => typeof item.value === 'number' || typeof item.value === 'bigint')
    .map((item) => ({ name: item.name, value: Number(item.value) }))
    .filter((item) => Number.isFinite(item.value));
}

/** Params as text. */
export function trackedParams(values: RevisionValues): { name: string; value: string }[] {
  return trackedValues(values).map((item) => ({ name: item.name, value: scalarText(item.value) }));
}

/** The workspace's params with every value as text, to compare with a tracker's. */
export function paramsAsText(values: RevisionValues): RevisionValues {
  const out: RevisionValues = new Map();
  for (const [path, flat] of values) out.set(path, flat === undefined ? undefined : new Map([...flat].map(([key, value]) => [key, scalarText(value)])));
  return out;
}

/**
 * The run's values laid out as the workspace's files, so diffRevisions(run, workspace) lines them
 * up: each workspace key looks up its tracker name; names only the run has go under TRACKER_ONLY_PATH.
 */
export function runAsRevision(run: ReadonlyMap<string, Scalar>, workspace: RevisionValues): RevisionValues {
  const out: RevisionValues = new Map();
  const used = new Set<string>();
  for (const item of trackedValues(workspace)) {
    const value = run.get(item.name);
    if (value === undefined) continue;
    used.add(item.name);
    const flat: FlatValues = (out.get(item.path) as FlatValues | undefined) ?? new Map();
    flat.set(item.key, value);
    out.set(item.path, flat);
  }
  const rest: FlatValues = new Map([...run].filter(([name]) => !used.has(name)));
  if (rest.size > 0) out.set(TRACKER_ONLY_PATH, rest);
  return out;
}
