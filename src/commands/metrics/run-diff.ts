// `cml metrics diff` and `cml params diff`: the DVC table (or JSON) of what changed between two
// revisions; metrics diff also evaluates --fail-on gates.

import { diffToJsonObject, type DiffResult } from '../../core/metrics/diff.js';
import { evaluateGates, type GateOutcome } from '../../core/metrics/gates.js';
import { pythonJson } from '../../core/metrics/python.js';
import { diffTable, renderTable } from '../../core/metrics/table.js';
import { postMetricsCheck } from './check-run.js';
import { compareMetrics, compareParams, type MetricsComparison } from '../../report/metrics-compare.js';
import { anyFailed, type MetricsDeps } from './deps.js';
import { openRevisions } from '../../git/open-revisions.js';
import type { MetricsDiffSettings, ParamsDiffSettings } from './settings.js';

export interface MetricsDiffOutcome {
  /** What to print on standard output. */
  readonly output: string;
  readonly comparison: MetricsComparison;
  /** Announced by the front door after it prints the output (announceGates in deps.ts). */
  readonly gates: GateOutcome[];
  readonly regressed: boolean;
}

export async function runMetricsDiff(settings: MetricsDiffSettings, deps: MetricsDeps): Promise<MetricsDiffOutcome> {
  const opened = await openRevisions(settings, deps.logger);
  const comparison = await compareMetrics(settings, opened, deps.logger);
  const table = diffTable(comparison.shown, {
    title: 'Metric',
    oldLabel: comparison.oldLabel,
    newLabel: comparison.newLabel,
    noPath: settings.noPath,
    precision: settings.precision,
  });
  const output =
    settings.format === 'json'
      ? pythonJson(diffToJsonObject(comparison.shown)) + '\n'
      : renderTable(table, settings.format === 'markdown' ? 'markdown' : 'plain');
  const gates = evaluateGates(settings.gates, comparison.everything, { old: comparison.oldLabel, new: comparison.newLabel });
  const regressed = anyFailed(gates);
  if (settings.check) {
    const gateLines = gates.map((outcome) => `- ${outcome.passed ? '✅' : '❌'} ${outcome.message}\n`).join('');
    const markdown = `${renderTable(table, 'markdown')}${gateLines ? `\n${gateLines}` : ''}`;
    await postMetricsCheck(settings.check, { title: 'Metrics', markdown, gates, cwd: settings.cwd }, deps);
  }
  return { output, comparison, gates, regressed };
}

export async function runParamsDiff(settings: ParamsDiffSettings, deps: MetricsDeps): Promise<{ output: string; diff: DiffResult }> {
  const opened = await openRevisions(settings, deps.logger);
  const diff = await compareParams(settings, opened, deps.logger);
  if (settings.format === 'json') return { output: pythonJson(diffToJsonObject(diff)) + '\n', diff };
  const table = diffTable(diff, { title: 'Param', oldLabel: opened.oldLabel, newLabel: opened.newLabel, noPath: settings.noPath, showChanges: false });
  return { output: renderTable(table, settings.format === 'markdown' ? 'markdown' : 'plain'), diff };
}
