// The drift section of the report: --drift-current against --drift-reference with the default
// tests (src/core/drift), rendered by the drift report section with a chart of each drifted
// column written beside the report.

import { resolve } from 'node:path';
import { compareFiles } from '../../core/drift/compare-files.js';
import { DEFAULT_CONFIG } from '../../core/drift/config.js';
import type { Logger } from '../../logger.js';
import type { OutputFile } from '../../output/files.js';
import { drawPlots } from '../../report/drift-charts.js';
import { renderMarkdown } from '../../report/drift.js';
import type { ReportSettings } from './settings.js';

export interface DriftSection {
  readonly summary: string;
  readonly markdown: string;
  readonly files: OutputFile[];
}

export async function driftSection(settings: ReportSettings, chartDirectory: string, logger: Logger): Promise<DriftSection | undefined> {
  const files = settings.sources.drift;
  if (!files) return undefined;
  const report = await compareFiles({
    reference: resolve(settings.cwd, files.reference),
    current: resolve(settings.cwd, files.current),
    referenceLabel: files.reference,
    currentLabel: files.current,
    config: DEFAULT_CONFIG,
    log: (message) => logger.debug(message),
  });
  const charts = await drawPlots(report, settings.markdownFile, chartDirectory, { logger });
  const { driftedColumns, columns, failedChecks } = report.summary;
  const summary = report.drift
    ? `Data drift: 🔴 ${driftedColumns} of ${columns} columns drifted, ${failedChecks} of ${report.checks.length} checks failed`
    : `Data drift: 🟢 none in ${columns} columns, all ${report.checks.length} checks passed`;
  return { summary, markdown: renderMarkdown(report, charts ? { plots: charts.links } : {}), files: charts?.files ?? [] };
}
