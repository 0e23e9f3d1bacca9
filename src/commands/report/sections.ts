// The metrics, params and gates of the report: the workspace after the run against the base,
// through the comparison `cml metrics report` uses (src/report/metrics-compare.ts), from the files
// the flags name or, without them, from what dvc.yaml declares.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findDvcTargets } from '../../core/metrics/collect.js';
import type { DiffResult } from '../../core/metrics/diff.js';
import { evaluateGates, type GateOutcome } from '../../core/metrics/gates.js';
import { LAST_ROW } from '../../core/metrics/load.js';
import type { Logger } from '../../logger.js';
import { compareMetrics, compareParams } from '../../report/metrics-compare.js';
import type { Compared } from './base.js';
import type { ReportSettings } from './settings.js';

/** At most this many metrics are all listed; above it only the changed ones. */
const LIST_ALL_UP_TO = 40;

export interface MetricSections {
  readonly metrics: { readonly shown: DiffResult } | undefined;
  readonly params: DiffResult | undefined;
  readonly gates: GateOutcome[];
}

export async function metricSections(settings: ReportSettings, compared: Compared, logger: Logger): Promise<MetricSections> {
  const { opened } = compared;
  const declared = await findDvcTargets(opened.newTree);
  const revisionSettings = { cwd: settings.cwd, oldRevision: opened.oldLabel, newRevision: undefined, fetch: settings.fetch, mergeBase: false };
  let metrics: MetricSections['metrics'];
  let gates: GateOutcome[] = [];
  if (settings.sources.metrics || declared.metrics.length > 0) {
    const comparison = await compareMetrics({ ...revisionSettings, targets: settings.sources.metrics, row: LAST_ROW, all: true }, opened, logger);
    const count = [...comparison.everything.values()].reduce((total, changes) => total + changes.size, 0);
    const shown =
      count <= LIST_ALL_UP_TO
        ? comparison.everything
        : (await compareMetrics({ ...revisionSettings, targets: settings.sources.metrics, row: LAST_ROW, all: false }, opened, logger)).shown;
    metrics = { shown };
    gates = evaluateGates(settings.gates, comparison.everything, { old: opened.oldLabel, new: opened.newLabel });
  } else if (settings.gates.length > 0) {
    gates = evaluateGates(settings.gates, new Map(), { old: opened.oldLabel, new: opened.newLabel });
  }
  const hasParams = settings.sources.params !== undefined || declared.params.size > 0 || existsSync(join(compared.git.root, 'params.yaml'));
  const params = hasParams
    ? await compareParams({ ...revisionSettings, targets: settings.sources.params, all: false, deps: false }, opened, logger)
    : undefined;
  return { metrics, params, gates };
}
