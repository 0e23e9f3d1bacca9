// The drift report section in Markdown, for a pull-request comment, a job summary, `drift --md`
// or a composed report: a verdict line, failed checks, then one compact table per column, drifted
// columns and failing tests first. Test names and threshold wording come from the test table.

import type { PerformanceReport } from '../core/drift/performance.js';
import type { CheckResult, ColumnReport, DriftReport, TestResult } from '../core/drift/report-types.js';
import { driftTest } from '../core/drift/tests.js';
import { cell, formatNumber, formatPValue, formatShare } from './drift-format.js';
import { counted, countedOf, grouped } from '../words.js';
import { renderImagesSection, type ImagePlots } from './drift-images.js';

export interface MarkdownOptions {
  /** Image links per column name (drift plots), inserted under the column's table. */
  readonly plots?: ReadonlyMap<string, string>;
  /** Image folders: the error chart and the outliers' thumbnails. */
  readonly images?: ImagePlots;
  /** Limit on per-column sections; the rest are summarised in one line. */
  readonly maxColumns?: number;
}

export function renderMarkdown(report: DriftReport, options: MarkdownOptions = {}): string {
  const lines: string[] = [];
  const verdict = report.drift ? '🔴 drift detected' : '🟢 no drift';
  lines.push(`## Data drift: ${verdict}`, '');
  const ref = report.reference;
  const cur = report.current;
  if (report.images) {
    lines.push(
      `Reference \`${cell(ref.path)}\` vs current \`${cell(cur.path)}\`: ${report.images.drift ? '**the images drifted**' : 'the images did not drift'}.`,
      '',
    );
    lines.push(...renderImagesSection(report.images, options.images));
    return lines.join('\n');
  }
  lines.push(
    `Reference \`${cell(ref.path)}\` (${grouped(ref.rows)} rows) vs current \`${cell(cur.path)}\` (${grouped(cur.rows)} rows): ` +
      `**${countedOf(report.summary.driftedColumns, report.summary.columns, 'column')} drifted**, ${countedOf(report.summary.failedChecks, report.checks.length, 'check')} failed.`,
    '',
  );

  const roles = report.columns.filter((column) => column.role !== 'feature');
  if (roles.length > 0) {
    const parts = roles.map((column) => {
      const label = column.role === 'target' ? 'Target' : 'Prediction';
      return `${label} \`${cell(column.name)}\`: ${column.drift ? '**drift**' : column.skipped ? 'not compared' : 'no drift'}`;
    });
    lines.push(`${parts.join(' · ')}.`, '');
  }

  if (report.performance) lines.push(describePerformance(report.performance), '');

  const failed = report.checks.filter((check) => !check.passed);
  if (failed.length > 0) {
    lines.push('### Failed checks', '', '| Check | Column | Details |', '|---|---|---|');
    for (const check of failed) lines.push(`| ${check.name} | ${check.column ? `\`${cell(check.column)}\`` : '–'} | ${cell(describeCheck(check))} |`);
    lines.push('');
  }

  const roleRank = { target: 0, prediction: 1, feature: 2 } as const;
  const columns = [...report.columns].sort((a, b) => Number(b.drift) - Number(a.drift) || roleRank[a.role] - roleRank[b.role]);
  const limit = options.maxColumns ?? 50;
  lines.push('### Columns', '');
  for (const column of columns.slice(0, limit)) lines.push(...renderColumn(column, options.plots?.get(column.name)));
  if (columns.length > limit) {
    const rest = columns.slice(limit);
    lines.push(`…and ${counted(rest.length, 'more column')} (${rest.filter((c) => c.drift).length} drifted); see the JSON report for all.`, '');
  }
  const passed = report.checks.filter((check) => check.passed).length;
  lines.push(`<sub>${counted(passed, 'check')} passed. Tests marked ◆ decide a column's drift; the others are shown for context.</sub>`, '');
  return lines.join('\n');
}

function renderColumn(column: ColumnReport, plot: string | undefined): string[] {
  const mark = column.drift ? '🔴' : '🟢';
  const role = column.role === 'feature' ? '' : `, ${column.role}`;
  const compared = column.comparedAs === 'categorical' && column.type === 'numeric' ? ', compared as categories' : '';
  const lines = [`#### ${mark} \`${cell(column.name)}\` (${column.type}${compared}${role})${column.drift ? ' — drift' : ''}`, ''];
  if (column.skipped) {
    lines.push(`No distribution tests: ${column.skipped}.`, '');
    return lines;
  }
  lines.push('| Test | Statistic | p-value | Threshold | Verdict |', '|---|---:|---:|---:|---|');
  const tests = [...column.tests].sort((a, b) => Number(b.decisive) - Number(a.decisive) || Number(b.drift) - Number(a.drift));
  for (const test of tests) lines.push(renderTest(test));
  lines.push('');
  if (column.pattern !== undefined && column.pattern !== 'none') {
    lines.push(
      `Pattern over time: **${column.pattern}**${column.changePoint !== undefined ? `, the new level starts at \`${cell(column.changePoint)}\`` : ''}.`,
      '',
    );
  }
  if (plot) lines.push(plot, '');
  return lines;
}

function renderTest(test: TestResult): string {
  const definition = driftTest(test.name);
  const label = `${test.decisive ? '◆ ' : ''}${definition.label}`;
  const threshold = { 'p-value': `p < ${test.threshold}`, distance: `> ${test.threshold}`, 'change-count': `δ = ${test.threshold}` }[definition.kind];
  const verdict = test.drift ? (test.decisive ? '**drift**' : 'drift') : 'ok';
  return `| ${label} | ${formatNumber(test.statistic)} | ${formatPValue(test.pValue)} | ${threshold} | ${verdict} |`;
}

function describeCheck(check: CheckResult): string {
  const d = check.details as Record<string, unknown>;
  switch (check.name) {
    case 'missing-columns':
      return `not in the current data: ${(d.columns as string[]).join(', ')}`;
    case 'extra-columns':
      return `new in the current data: ${(d.columns as string[]).join(', ')}`;
    case 'data-type':
      return `${String(d.reference)} → ${String(d.current)}`;
    case 'completeness':
      return `non-missing ${formatShare(d.reference as number)} → ${formatShare(d.current as number)} (minimum ${formatShare(d.min as number)}, allowed drop ${formatShare(d.maxDrop as number)})`;
    case 'categorical-values': {
      const values = (d.values as string[])
        .slice(0, 5)
        .map((v) => `"${v}"`)
        .join(', ');
      return `${String(d.unseen)} values never seen in the reference (${formatShare(d.unseenShare as number)} of rows): ${values}${(d.unseen as number) > 5 ? ', …' : ''}`;
    }
    case 'outliers': {
      const fence = d.fence as [number, number];
      const examples = (d.examples as number[]).map(formatNumber).join(', ');
      return `${formatShare(d.share as number)} of values outside [${formatNumber(fence[0])}, ${formatNumber(fence[1])}] (limit ${formatShare(d.maxShare as number)}): ${examples}`;
    }
    case 'baseline-drift': {
      if (d.statistics) {
        const stats = d.statistics as Record<string, { reference: number; current: number; changePercent: number | null }>;
        const worst = Object.entries(stats).filter(([, s]) => s.changePercent === null || Math.abs(s.changePercent) > (d.maxPercent as number));
        return (
          worst
            .map(
              ([key, s]) =>
                `${key} ${formatNumber(s.reference)} → ${formatNumber(s.current)} (${s.changePercent === null ? '∞' : `${s.changePercent > 0 ? '+' : ''}${s.changePercent.toFixed(1)}`}%)`,
            )
            .join('; ') + ` (limit ±${String(d.maxPercent)}%)`
        );
      }
      const top = (d.shares as { value: string; reference: number; current: number }[])[0];
      return top
        ? `share of "${top.value}" ${formatShare(top.reference)} → ${formatShare(top.current)} (limit ±${formatShare(d.maxShareChange as number)})`
        : '';
    }
    default:
      return JSON.stringify(d);
  }
}

/** One line: the model's quality then and now, and whether the change is significant. */
function describePerformance(p: PerformanceReport): string {
  const value = (x: number): string => (p.metric === 'accuracy' ? formatShare(x) : formatNumber(x));
  const test = p.task === 'classification' ? `two-proportion z = ${formatNumber(p.statistic)}` : `KS on absolute errors D = ${formatNumber(p.statistic)}`;
  const verdict = p.drift ? '**the model got worse (concept drift)**' : 'no significant loss';
  return `Model ${p.metric === 'accuracy' ? 'accuracy' : 'RMSE'}: ${value(p.reference)} → ${value(p.current)} (${test}, p = ${formatPValue(p.pValue)}): ${verdict}.`;
}
