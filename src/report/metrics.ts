// The Markdown section for a pull request: a one-line headline ("acc 0.910 (+0.010), loss 0.300
// (−0.050)"), the DVC table with arrows and colour cues in the Change column, the gate verdicts,
// and the params table folded under <details> (src/report/params.ts). Composed by `metrics report`
// and meant for `cml comment create`.
//
// Colour uses emoji (🟢 better, 🔴 worse): GitHub renders them everywhere, in comments, job
// summaries and e-mail notifications, where HTML colour and LaTeX tricks do not survive.

import type { DiffResult } from '../core/metrics/diff.js';
import type { GateOutcome } from '../core/metrics/gates.js';
import { floatRepr, toNumber } from '../core/metrics/python.js';
import { diffTable, formatCell, renderTable, type Table } from '../core/metrics/table.js';
import { escapeInline } from './markdown.js';
import { paramsSection } from './params.js';

export interface ReportInput {
  readonly title: string;
  readonly oldLabel: string;
  readonly newLabel: string;
  /** Metrics as shown (unchanged ones only with --all). */
  readonly metrics: DiffResult;
  /** Params diff, or undefined to leave the section out. */
  readonly params: DiffResult | undefined;
  readonly gates: readonly GateOutcome[];
  readonly precision: number;
  readonly noPath: boolean;
  /** Direction of "better" for a metric key. */
  readonly lowerIsBetter: (key: string) => boolean;
  /** Most metrics named in the headline. */
  readonly headlineLimit?: number;
  /** Headline numbers as the table shows them (--precision digits); default: three decimals. */
  readonly headlinePrecision?: number;
}

export function renderReport(input: ReportInput): string {
  const lines: string[] = [];
  lines.push(`### ${input.title}: \`${input.oldLabel}\` → \`${input.newLabel}\``, '');
  lines.push(headline(input), '');

  lines.push(...gatesSection(input.gates));

  if (input.metrics.size === 0) {
    lines.push(`No metric changed between \`${input.oldLabel}\` and \`${input.newLabel}\`.`, '');
  } else {
    lines.push(...metricsTable(input));
  }

  if (input.params !== undefined)
    lines.push(...paramsSection({ params: input.params, oldLabel: input.oldLabel, newLabel: input.newLabel, noPath: input.noPath }));
  return lines.join('\n');
}

/** The verdict of the --fail-on gates, as lines (ending with a blank one); none without gates. */
export function gatesSection(gates: readonly GateOutcome[]): string[] {
  const failed = gates.filter((outcome) => !outcome.passed);
  if (failed.length > 0) {
    return [
      '> [!CAUTION]',
      `> **${failed.length === 1 ? 'Regression' : `${failed.length} regressions`}** (\`--fail-on\`):`,
      ...failed.map((outcome) => `> - ${escapeInline(outcome.message)}`),
      '',
    ];
  }
  if (gates.length > 0) return [`✅ All gates passed: ${[...new Set(gates.map((outcome) => `\`${outcome.gate.text}\``))].join(', ')}`, ''];
  return [];
}

/** "acc 0.910 (+0.010) 🟢, loss 0.300 (−0.050) 🟢": changed numeric metrics, failing gates first. */
/** The DVC metrics table with arrows and colour cues in the Change column, as lines (ending with a blank one). */
export function metricsTable(input: Pick<ReportInput, 'metrics' | 'oldLabel' | 'newLabel' | 'noPath' | 'precision' | 'lowerIsBetter'>): string[] {
  return [renderTable(decorate(input), 'markdown').trimEnd(), ''];
}

export function headline(
  input: Pick<ReportInput, 'metrics' | 'gates' | 'lowerIsBetter' | 'headlineLimit' | 'oldLabel' | 'newLabel' | 'headlinePrecision'>,
): string {
  const limit = input.headlineLimit ?? 6;
  const failing = new Set(input.gates.filter((outcome) => !outcome.passed && outcome.key !== undefined).map((outcome) => `${outcome.path}\0${outcome.key}`));
  const gated = new Set(input.gates.filter((outcome) => outcome.key !== undefined).map((outcome) => `${outcome.path}\0${outcome.key}`));
  const items: { rank: number; text: string }[] = [];
  for (const [path, changes] of input.metrics) {
    for (const [key, change] of changes) {
      const next = toNumber(change.new ?? undefined);
      const diff = change.diff === undefined ? undefined : Number(change.diff);
      if (next === undefined || diff === undefined || diff === 0) continue;
      const id = `${path}\0${key}`;
      const name = key === '' ? path : key;
      const precision = input.headlinePrecision;
      const value = precision === undefined ? short(next, change.new) : formatCell(change.new ?? undefined, precision);
      const delta =
        typeof change.diff === 'bigint'
          ? `${diff < 0 ? '\u2212' : '+'}${(change.diff < 0n ? -change.diff : change.diff).toString()}`
          : precision === undefined
            ? signed(diff)
            : `${diff < 0 ? '\u2212' : '+'}${formatCell(Math.abs(diff), precision)}`;
      items.push({
        rank: failing.has(id) ? 0 : gated.has(id) ? 1 : 2,
        text: `**${escapeInline(name)}** ${value} (${delta}) ${cue(diff, input.lowerIsBetter(key))}`,
      });
    }
  }
  if (items.length === 0) return `No metric changed between \`${input.oldLabel}\` and \`${input.newLabel}\`.`;
  const shown = items.sort((a, b) => a.rank - b.rank).slice(0, limit);
  const more = items.length > shown.length ? `, and ${items.length - shown.length} more` : '';
  return shown.map((item) => item.text).join(', ') + more;
}

function decorate(input: Pick<ReportInput, 'metrics' | 'oldLabel' | 'newLabel' | 'noPath' | 'precision' | 'lowerIsBetter'>): Table {
  const table = diffTable(input.metrics, {
    title: 'Metric',
    oldLabel: input.oldLabel,
    newLabel: input.newLabel,
    noPath: input.noPath,
    precision: input.precision,
  });
  const changeColumn = table.headers.length - 1;
  let index = 0;
  const rows: string[][] = [];
  for (const changes of input.metrics.values()) {
    for (const [key, change] of changes) {
      const row = [...(table.rows[index] ?? [])];
      index += 1;
      if (change.diff !== undefined) {
        const diff = Number(change.diff);
        const text = formatCell(change.diff, input.precision);
        row[changeColumn] =
          diff === 0 ? text : `${diff > 0 ? '▲' : '▼'} ${diff > 0 && !text.startsWith('+') ? '+' : ''}${text} ${cue(diff, input.lowerIsBetter(key))}`;
      }
      rows.push(row);
    }
  }
  return { headers: table.headers, rows };
}

function cue(diff: number, lowerIsBetter: boolean): string {
  if (diff === 0 || Number.isNaN(diff)) return '';
  return diff > 0 !== lowerIsBetter ? '🟢' : '🔴';
}

/** A value for the headline: floats with three decimals (0.910), ints and extremes as written. */
function short(value: number, original: unknown): string {
  if (typeof original === 'bigint' || typeof original === 'boolean') return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 0.001 || magnitude >= 1e6)) return floatRepr(Number(value.toPrecision(4)));
  return value.toFixed(3);
}

function signed(diff: number): string {
  const magnitude = Math.abs(diff);
  const text = magnitude !== 0 && (magnitude < 0.001 || magnitude >= 1e6) ? floatRepr(Number(magnitude.toPrecision(3))) : magnitude.toFixed(3);
  // U+2212 MINUS SIGN reads better than a hyphen next to a number.
  return `${diff < 0 ? '\u2212' : '+'}${text}`;
}
