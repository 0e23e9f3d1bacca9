// The "MLflow baseline" report section: the workspace's metrics and params against an MLflow run,
// in the table layout of `metrics diff` (Path | Metric | <run> | workspace | Change), or one line
// when no run matched. `cml mlflow compare --md` prints it; `cml report` composes it.

import type { DiffResult } from '../core/metrics/diff.js';
import { diffTable, renderTable, type TableStyle } from '../core/metrics/table.js';
import { escapeInline } from './markdown.js';

export interface MlflowComparison {
  /** Header of the run's column, e.g. "mlflow:3f2a1b0c". */
  readonly runLabel: string;
  readonly runUrl: string;
  readonly experiment: string;
  readonly commit: string | undefined;
  readonly metrics: DiffResult;
  readonly params: DiffResult;
  readonly precision: number;
}

export function mlflowTables(comparison: MlflowComparison, style: TableStyle): { metrics: string; params: string } {
  const labels = { oldLabel: comparison.runLabel, newLabel: 'workspace' };
  return {
    metrics: renderTable(diffTable(comparison.metrics, { title: 'Metric', ...labels, precision: comparison.precision }), style),
    params: comparison.params.size === 0 ? '' : renderTable(diffTable(comparison.params, { title: 'Param', ...labels, showChanges: false }), style),
  };
}

/** The section; `missing` is the one line shown when no baseline run was found. */
export function mlflowBaselineMarkdown(comparison: MlflowComparison | { readonly missing: string }): string {
  const heading = '## MLflow baseline\n\n';
  if ('missing' in comparison) return `${heading}${escapeInline(comparison.missing)}.\n`;
  const commit = comparison.commit ? ` (commit \`${comparison.commit.slice(0, 7)}\`)` : '';
  const lines = [
    `${heading}Compared with MLflow run [${escapeInline(comparison.runLabel)}](${comparison.runUrl})${commit} of experiment ${escapeInline(comparison.experiment)}.`,
    '',
  ];
  const tables = mlflowTables(comparison, 'markdown');
  lines.push(tables.metrics.trimEnd(), '');
  if (tables.params) lines.push('<details><summary>Params</summary>', '', tables.params.trimEnd(), '', '</details>', '');
  return lines.join('\n');
}
