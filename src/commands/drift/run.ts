// `cml drift` run: settings -> read both files -> compare (src/core/drift) -> render the report
// sections -> write every output at once. The CLI (src/cli/drift.ts) and the action
// (src/action/drift.ts) only translate their input and report the outcome.

import type { Logger } from '../../logger.js';
import { writeOutputs, type OutputFile } from '../../output/files.js';
import { appendJobSummary } from '../../output/job-summary.js';
import { compareFiles } from '../../core/drift/compare-files.js';
import { renderPrometheus } from '../../core/drift/report/prometheus.js';
import type { DriftReport } from '../../core/drift/report-types.js';
import { renderMarkdown } from '../../report/drift.js';
import { pushMetrics } from '../../trackers/pushgateway/push.js';
import { postDriftCheck } from './check-run.js';
import { loadDriftConfig } from '../../core/drift/config-file.js';
import { drawPlots } from '../../report/drift-charts.js';
import { checkOutputs, jsonNumbers, plotDirectory } from './outputs.js';
import { areFolders, imageDriftReport } from './images.js';
import { drawImagePlots } from './image-plots.js';
import type { DriftSettings } from './settings.js';
import { counted, countedOf } from '../../words.js';

export interface DriftOutcome {
  readonly report: DriftReport;
  readonly markdown: string;
  readonly json: string;
  /** What goes to standard output: the output written to `-`, else the Markdown when no file was asked for. */
  readonly stdout: string | undefined;
  /** The exit code: 1 when --fail-on-drift and drift was found. */
  readonly exitCode: number;
}

export interface DriftDeps {
  readonly logger: Logger;
  /** false: read both files on the calling thread. */
  readonly parallel?: boolean;
}

export async function runDrift(settings: DriftSettings, deps: DriftDeps): Promise<DriftOutcome> {
  const { logger } = deps;
  const config = await loadDriftConfig(settings.configPath);
  // Before the (possibly long) read: a report that cannot be written should fail now, not after.
  await checkOutputs(settings);
  const report = (await areFolders(settings))
    ? await imageDriftReport(settings, config, logger)
    : await compareFiles({
        reference: settings.reference,
        current: settings.current,
        referenceLabel: settings.referenceLabel,
        currentLabel: settings.currentLabel,
        config,
        columns: settings.columns,
        target: settings.target,
        prediction: settings.prediction,
        timeColumn: settings.timeColumn,
        parallel: deps.parallel ?? true,
        log: (message) => logger.debug(message),
      });

  const drawing = settings.markdownPath && settings.markdownPath !== '-' && settings.plots ? settings.markdownPath : undefined;
  const plots = drawing && !report.images ? await drawPlots(report, drawing, plotDirectory(drawing), deps) : undefined;
  const imagePlots = drawing && report.images ? await drawImagePlots(report.images, settings.current, drawing, deps) : undefined;
  const markdown = renderMarkdown(report, { ...(plots ? { plots: plots.links } : {}), ...(imagePlots ? { images: imagePlots.links } : {}) });
  const json = JSON.stringify(report, jsonNumbers, 2) + '\n';
  const prometheus = settings.prometheusPath || settings.pushgateway ? renderPrometheus(report) : '';
  let stdout: string | undefined;
  const files: OutputFile[] = [...(plots?.files ?? []), ...(imagePlots?.files ?? [])];
  for (const [path, text] of [
    [settings.jsonPath, json],
    [settings.markdownPath, markdown],
    [settings.prometheusPath, prometheus],
  ] as const) {
    if (path === undefined) continue;
    if (path === '-') stdout = text;
    else files.push({ path, data: text });
  }
  await writeOutputs(files);
  if (!settings.jsonPath && !settings.markdownPath && !settings.prometheusPath) stdout = markdown;
  if (settings.jobSummaryPath !== undefined) await appendJobSummary(settings.jobSummaryPath, markdown, logger);
  if (settings.pushgateway) await pushMetrics(settings.pushgateway, prometheus, logger);
  if (settings.check) await postDriftCheck(settings.check, report, markdown, settings.current, deps);

  const { driftedColumns, columns, failedChecks } = report.summary;
  logger.info(
    report.images
      ? `${report.images.drift ? 'drift' : 'no drift'}: ${counted(report.images.outliers.length, 'outlier')} among ${counted(report.images.current, 'current image')}`
      : report.drift
        ? `drift: ${countedOf(driftedColumns, columns, 'column')} drifted, ${counted(failedChecks, 'check')} failed`
        : `no drift: ${columns} columns compared, all checks passed`,
  );
  return { report, markdown, json, stdout, exitCode: report.drift && settings.failOnDrift ? 1 : 0 };
}
