// Scalars out of event files: TF1/PyTorch/tensorboardX `simple_value`s and TF2 `tf.summary.scalar`
// tensors (plugin "scalars": float, double, int), grouped by run and tag, in step order with the
// last write of a repeated step winning, as TensorBoard shows them.

import { decodeEvent } from './event.js';
import { readRecords, type RecordIssue } from './records.js';

export interface ScalarPoint {
  readonly step: number;
  readonly wallTime: number;
  readonly value: number;
}

export interface ScalarSeries {
  /** The event file's folder relative to the logdir, '/'-separated; '.' for the logdir itself. */
  readonly run: string;
  readonly tag: string;
  /** Ascending step, one point per step. */
  readonly points: readonly ScalarPoint[];
}

export interface EventFile {
  readonly run: string;
  /** How the file is named in warnings. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface FileIssue {
  readonly file: string;
  readonly offset: number;
  readonly message: string;
  /** Further problems in the same file, counted, not listed: one warning per file. */
  readonly more: number;
}

export const SCALARS_PLUGIN = 'scalars';

/** Per run: tag -> step -> point (insertion order irrelevant; sorted at the end). */
type RunPoints = Map<string, Map<number, ScalarPoint>>;

/**
 * Reads files in the order given (callers sort each run's files by name, which is by creation time
 * for event files) so a later file's point at a step replaces an earlier one's.
 */
export function extractScalars(files: readonly EventFile[]): { series: ScalarSeries[]; issues: FileIssue[] } {
  const runs = new Map<string, RunPoints>();
  const pluginsByRun = new Map<string, Map<string, string>>();
  const issues: FileIssue[] = [];
  for (const file of files) {
    const points = runs.get(file.run) ?? new Map();
    runs.set(file.run, points);
    const plugins = pluginsByRun.get(file.run) ?? new Map<string, string>();
    pluginsByRun.set(file.run, plugins);
    const fileIssues = readFile(file, points, plugins);
    if (fileIssues.length > 0) issues.push({ file: file.name, offset: fileIssues[0]!.offset, message: fileIssues[0]!.message, more: fileIssues.length - 1 });
  }
  const series: ScalarSeries[] = [];
  for (const run of [...runs.keys()].sort(byRun)) {
    const tags = runs.get(run)!;
    for (const tag of [...tags.keys()].sort()) {
      const points = [...tags.get(tag)!.values()].sort((a, b) => a.step - b.step);
      series.push({ run, tag, points });
    }
  }
  return { series, issues };
}

function readFile(file: EventFile, points: RunPoints, plugins: Map<string, string>): RecordIssue[] {
  const { records, issues } = readRecords(file.bytes);
  for (const record of records) {
    let event;
    try {
      event = decodeEvent(record.data);
    } catch (error) {
      issues.push({ offset: record.offset, message: `malformed event: ${(error as Error).message}; record skipped` });
      continue;
    }
    for (const value of event.values) {
      if (value.pluginName !== undefined) plugins.set(value.tag, value.pluginName);
      let number: number | undefined;
      if (value.simpleValue !== undefined) number = value.simpleValue;
      else if (value.tensor && plugins.get(value.tag) === SCALARS_PLUGIN) number = value.tensor.value;
      if (number === undefined) continue;
      const steps = points.get(value.tag) ?? new Map<number, ScalarPoint>();
      points.set(value.tag, steps);
      steps.set(event.step, { step: event.step, wallTime: event.wallTime, value: number });
    }
  }
  return issues.sort((a, b) => a.offset - b.offset);
}

/** '.' first, then runs by name. */
function byRun(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '.') return -1;
  if (b === '.') return 1;
  return a < b ? -1 : 1;
}

export interface SeriesSummary {
  readonly points: number;
  readonly first: number;
  readonly last: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(series: ScalarSeries): SeriesSummary | undefined {
  const values = series.points.map((point) => point.value);
  if (values.length === 0) return undefined;
  let min = values[0]!;
  let max = values[0]!;
  for (const value of values) {
    if (value < min || Number.isNaN(value)) min = value;
    if (value > max || Number.isNaN(value)) max = value;
  }
  return { points: values.length, first: values[0]!, last: values[values.length - 1]!, min, max };
}

/** Keeps the series whose tag is one of `tags` (all of them when `tags` is empty). */
export function selectTags(series: readonly ScalarSeries[], tags: readonly string[]): ScalarSeries[] {
  if (tags.length === 0) return [...series];
  const wanted = new Set(tags);
  return series.filter((item) => wanted.has(item.tag));
}
