// `cml metrics report` (and the metrics action): the Markdown report section (src/report/metrics.ts)
// of a metrics diff with gates and params, written to --output or standard output, added to the job
// summary, and returned with the JSON diff and the gate verdicts.

import { stat } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { diffToJsonObject, type DiffResult } from '../../core/metrics/diff.js';
import { lowerIsBetterFor } from '../../core/metrics/direction.js';
import { evaluateGates, type GateOutcome } from '../../core/metrics/gates.js';
import { pythonJson } from '../../core/metrics/python.js';
import { writeOutputs } from '../../output/files.js';
import { appendJobSummary } from '../../output/job-summary.js';
import { renderReport } from '../../report/metrics.js';
import { postMetricsCheck } from './check-run.js';
import { compareMetrics, compareParams } from '../../report/metrics-compare.js';
import { anyFailed, type MetricsDeps } from './deps.js';
import { openRevisions } from '../../git/open-revisions.js';
import type { MetricsReportSettings } from './settings.js';

export interface MetricsReportOutcome {
  readonly markdown: string;
  /** `dvc metrics diff --json` of the shown metrics. */
  readonly json: string;
  readonly params: DiffResult | undefined;
  /** Announced by the front door after it prints the output (announceGates in deps.ts). */
  readonly gates: GateOutcome[];
  readonly regressed: boolean;
  /** What to print on standard output (nothing when --output is given). */
  readonly output: string;
}

export async function runMetricsReport(settings: MetricsReportSettings, deps: MetricsDeps): Promise<MetricsReportOutcome> {
  const { logger } = deps;
  const opened = await openRevisions(settings, logger);
  const comparison = await compareMetrics(settings, opened, logger);
  const params = settings.params ? await compareParams({ ...settings, targets: settings.paramsTargets, deps: false }, opened, logger) : undefined;
  const gates = evaluateGates(settings.gates, comparison.everything, { old: comparison.oldLabel, new: comparison.newLabel });
  const regressed = anyFailed(gates);
  const markdown = renderReport({
    title: settings.title,
    oldLabel: comparison.oldLabel,
    newLabel: comparison.newLabel,
    metrics: comparison.shown,
    params,
    gates,
    precision: settings.precision,
    noPath: settings.noPath,
    lowerIsBetter: lowerIsBetterFor(settings),
  });
  const json = pythonJson(diffToJsonObject(comparison.shown));
  if (settings.output !== undefined) {
    await writeReport(settings.output, markdown);
    logger.info(`wrote the report to ${settings.output}`);
  }
  if (settings.jobSummary !== undefined) await appendJobSummary(settings.jobSummary, markdown, logger);
  if (settings.check) await postMetricsCheck(settings.check, { title: settings.title, markdown, gates, cwd: settings.cwd }, deps);
  let output = '';
  if (settings.json) {
    output =
      pythonJson(
        new Map<string, unknown>([
          ['markdown', markdown],
          ['diff', diffToJsonObject(comparison.shown)],
          ['params', params === undefined ? null : diffToJsonObject(params)],
          [
            'gates',
            gates.map((outcome) => ({
              gate: outcome.gate.text,
              path: outcome.path ?? null,
              metric: outcome.key ?? null,
              passed: outcome.passed,
              message: outcome.message,
            })),
          ],
          ['regressed', regressed],
        ]),
      ) + '\n';
  } else if (settings.output === undefined) {
    output = markdown;
  }
  return { markdown, json, params, gates, regressed, output };
}

/** Replaces the report at `path` only once the new one is fully written (the old one survives a failure). */
async function writeReport(path: string, markdown: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UserError(`--output ${path} is a directory`, { hint: 'give a file name, e.g. report.md' });
  await writeOutputs([{ path, data: markdown }]);
}
