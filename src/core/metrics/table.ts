// DVC's tables, byte for byte. DVC renders with `tabulate(..., disable_numparse=True,
// missingval="-")`: "plain" for the terminal and "github" for `--md`. Every column is text, so
// left-aligned; a column is as wide as its widest cell and at least its header plus two.

import { compareText, type DiffResult } from './diff.js';
import type { FlatValues } from './load.js';
import { floatRepr, roundFloat, scalarText } from './python.js';
import type { Scalar } from './value.js';
import { DEFAULT_PRECISION } from './constants.js';

export { DEFAULT_PRECISION };

export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const MISSING = '-';
const MIN_PADDING = 2;
const ASTRAL = /[\uD800-\uDFFF]/;

/** One cell as DVC's `_format_field(value, precision, round_digits=True)` prints it. */
export function formatCell(value: Scalar | undefined, precision: number | undefined): string {
  if (value === null || value === undefined) return MISSING;
  if (typeof value === 'number' && precision !== undefined) return floatRepr(roundFloat(value, precision));
  return scalarText(value);
}

export interface DiffTableOptions {
  /** "Metric" or "Param". */
  readonly title: string;
  /** Header of the old column: the revision as the user wrote it (DVC: "HEAD" by default). */
  readonly oldLabel: string;
  /** Header of the new column ("workspace" by default). */
  readonly newLabel: string;
  readonly noPath?: boolean;
  readonly showChanges?: boolean;
  /** Digits after the point for floats; undefined prints them unrounded (params). */
  readonly precision?: number;
}

/** DVC's `diff_table`: Path | <title> | <old> | <new> | Change. */
export function diffTable(diff: DiffResult, options: DiffTableOptions): Table {
  const showChanges = options.showChanges ?? true;
  const headers = [...(options.noPath ? [] : ['Path']), options.title, options.oldLabel, options.newLabel, ...(showChanges ? ['Change'] : [])];
  const rows: string[][] = [];
  for (const [path, changes] of diff) {
    for (const [key, change] of changes) {
      const row = [key, formatCell(change.old, options.precision), formatCell(change.new, options.precision)];
      if (showChanges) row.push(change.diff === undefined ? MISSING : formatCell(change.diff, options.precision));
      rows.push(options.noPath ? row : [path, ...row]);
    }
  }
  return { headers, rows };
}

/** DVC's `metrics_table` for one revision: Path | <every key, sorted>, one row per file. */
export function showTable(values: Map<string, FlatValues>, precision: number | undefined): Table {
  const keys = new Set<string>();
  for (const flat of values.values()) for (const key of flat.keys()) keys.add(key);
  const columns = [...keys].sort(compareText);
  const rows = [...values.entries()].map(([path, flat]) => [path, ...columns.map((key) => (flat.has(key) ? formatCell(flat.get(key), precision) : MISSING))]);
  return { headers: ['Path', ...columns], rows };
}

export type TableStyle = 'plain' | 'markdown';

/**
 * tabulate's "plain" (two spaces between columns, trailing space trimmed) or "github" format.
 * Markdown output ends with an empty line, as DVC prints it. An empty plain table prints nothing.
 */
export function renderTable(table: Table, style: TableStyle): string {
  if (style === 'plain' && table.rows.length === 0) return '';
  const clean = (cell: string): string => {
    const text = cell.trim();
    // A pipe or newline would break the Markdown table; DVC leaves them, GitHub then misrenders.
    return style === 'markdown' ? text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>') : text;
  };
  const rows = table.rows.map((row) => table.headers.map((_, index) => clean(row[index] ?? MISSING)));
  const lengths = rows.map((row) => row.map(length));
  const widths = table.headers.map((header, index) => {
    let width = length(header) + MIN_PADDING;
    for (const row of lengths) width = Math.max(width, row[index] ?? 0);
    return width;
  });
  const line = (cells: readonly string[], cellLengths: readonly number[], separator: string): string => {
    let out = '';
    for (let index = 0; index < cells.length; index += 1) {
      if (index > 0) out += separator;
      out += cells[index] + ' '.repeat(Math.max(0, (widths[index] ?? 0) - (cellLengths[index] ?? 0)));
    }
    return out;
  };
  const headerLengths = table.headers.map(length);
  const lines: string[] = [];
  if (style === 'plain') {
    lines.push(line(table.headers, headerLengths, '  ').trimEnd());
    rows.forEach((row, index) => lines.push(line(row, lengths[index] ?? [], '  ').trimEnd()));
    return lines.join('\n') + '\n';
  }
  lines.push(`| ${line(table.headers, headerLengths, ' | ')} |`);
  lines.push(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  rows.forEach((row, index) => lines.push(`| ${line(row, lengths[index] ?? [], ' | ')} |`));
  return lines.join('\n') + '\n\n';
}

/** Python's len(): code points, not UTF-16 units. */
function length(text: string): number {
  if (!ASTRAL.test(text)) return text.length;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
