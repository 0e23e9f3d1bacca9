// The drift section of the report: --drift-current against --drift-reference with the default
// tests (src/core/drift), rendered by the drift report section with a chart of each drifted
// column written beside the report. Data the command does not touch (pulled before the run, say)
// is compared while the command runs, and that comparison is used when neither file changed.

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compareFiles } from '../../core/drift/compare-files.js';
import { DEFAULT_CONFIG } from '../../core/drift/config.js';
import type { Logger } from '../../logger.js';
import type { OutputFile } from '../../output/files.js';
import { drawPlots } from '../../report/drift-charts.js';
import { renderMarkdown } from '../../report/drift.js';
import { worthWorkingAhead } from './ahead.js';
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

/** The drift section built while the command ran, and the state of both files it was built from. */
export interface DriftAhead {
  readonly files: string;
  readonly section: Promise<DriftSection | undefined>;
}

/**
 * Builds the drift section while the command runs (once it has run a little), when both files
 * exist already; undefined otherwise. Never fails: the section's own error is met when it is used.
 */
export async function driftAhead(settings: ReportSettings, chartDirectory: string, logger: Logger, ended: AbortSignal): Promise<DriftAhead | undefined> {
  if (!settings.sources.drift || !(await worthWorkingAhead(ended))) return undefined;
  const files = await filesState(settings);
  if (files === undefined) return undefined;
  const section = driftSection(settings, chartDirectory, logger);
  section.catch(() => undefined);
  return { files, section };
}

/** The section built ahead when neither file changed since, else a new one. */
export async function driftAfterRun(
  settings: ReportSettings,
  chartDirectory: string,
  logger: Logger,
  ahead: Promise<DriftAhead | undefined> | undefined,
): Promise<DriftSection | undefined> {
  const early = await ahead;
  if (early && (await filesState(settings)) === early.files) {
    logger.debug('the drift data files did not change during the run: using the comparison made while it ran');
    return early.section;
  }
  return driftSection(settings, chartDirectory, logger);
}

/**
 * Device, inode, size and change times (nanoseconds) of both files: any write or replacement
 * changes one of them. Undefined when a file is missing.
 */
async function filesState(settings: ReportSettings): Promise<string | undefined> {
  const files = settings.sources.drift!;
  try {
    const states = await Promise.all(
      [files.reference, files.current].map(async (path) => {
        const stats = await stat(resolve(settings.cwd, path), { bigint: true });
        return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
      }),
    );
    return states.join('|');
  } catch {
    return undefined;
  }
}
