// `cml drift --check [name]`: the report as a check run on the head commit, failed when drift was
// found, with one annotation per drifted column on the header line of the current data file.

import type { DriftReport } from '../../core/drift/report-types.js';
import { annotationPath, postCommandCheck, type CheckTarget } from '../../forges/check-run.js';
import type { CheckAnnotation } from '../../forges/port.js';
import type { Logger } from '../../logger.js';

export async function postDriftCheck(
  target: CheckTarget,
  report: DriftReport,
  markdown: string,
  currentFile: string,
  deps: { logger: Logger; client?: object },
): Promise<void> {
  const path = annotationPath(target, currentFile);
  const annotations: CheckAnnotation[] = [];
  for (const column of report.columns) {
    if (!column.drift || !path) continue;
    const decided = column.tests.filter((test) => test.decisive && test.drift);
    const why = decided
      .map(
        (test) => `${test.name} ${test.pValue !== undefined ? `p=${test.pValue.toPrecision(3)}` : test.statistic.toPrecision(3)} (threshold ${test.threshold})`,
      )
      .join(', ');
    annotations.push({
      path,
      line: 1,
      level: 'failure',
      title: `Drift in column ${column.name}`,
      message: `column ${column.name} drifted${why ? `: ${why}` : ''}`,
    });
  }
  const { driftedColumns, columns, failedChecks } = report.summary;
  const title = report.drift ? `Drift: ${driftedColumns} of ${columns} columns, ${failedChecks} failed checks` : `No drift in ${columns} columns`;
  await postCommandCheck(target, { title, markdown, failed: report.drift, annotations }, deps);
}
