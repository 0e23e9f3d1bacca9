// The time order ADWIN reads a column in: reference and current rows together, sorted by the
// --time-column (numbers and dates by value, anything else as text), with a label per row for the
// report ("the change is at 2024-03-01").

import { UserError } from '../../../errors.js';
import type { ColumnData, Dataset, NumericColumnData } from '../types.js';

export interface TimeOrder {
  /** Row positions in time order: reference rows are 0..n1-1, current rows n1..n1+n2-1. */
  readonly rows: Uint32Array;
  readonly referenceRows: number;
  readonly label: (position: number) => string;
}

export function timeOrder(reference: Dataset, current: Dataset, name: string): TimeOrder {
  const ref = reference.columns.find((column) => column.name === name);
  const cur = current.columns.find((column) => column.name === name);
  if (!ref || !cur) {
    throw new UserError(`--time-column "${name}" must be in both files; it is missing from ${ref ? current.path : reference.path}`);
  }
  const n1 = reference.rows;
  const n2 = current.rows;
  const rows = new Uint32Array(n1 + n2);
  for (let i = 0; i < rows.length; i += 1) rows[i] = i;
  const numeric = (ref.kind === 'numeric' || ref.kind === 'datetime') && ref.kind === cur.kind;
  if (numeric) {
    const a = (ref as NumericColumnData).values;
    const b = (cur as NumericColumnData).values;
    const key = new Float64Array(n1 + n2);
    key.set(a, 0);
    key.set(b, n1);
    // Files are usually written in time order, the reference before the current data: then the
    // file order is the time order and the sort is skipped.
    let ordered = key.length === 0 || !Number.isNaN(key[0]!);
    for (let i = 1; i < key.length && ordered; i += 1) ordered = !(key[i]! < key[i - 1]!) && !Number.isNaN(key[i]!);
    if (!ordered) {
      // Rows without a time go after all timed rows.
      const rank = (i: number): number => (Number.isNaN(key[i]!) ? Number.POSITIVE_INFINITY : key[i]!);
      rows.sort((x, y) => rank(x) - rank(y) || x - y);
    }
    const label = (position: number): string => {
      const value = key[position]!;
      return ref.kind === 'datetime' && !Number.isNaN(value) ? new Date(value).toISOString() : String(value);
    };
    return { rows, referenceRows: n1, label };
  }
  const text = (column: ColumnData, i: number): string => {
    if (column.kind === 'categorical') return column.codes[i]! < 0 ? '' : column.dictionary[column.codes[i]!]!;
    if (column.kind === 'empty') return '';
    return String(column.values[i]);
  };
  const keys = Array.from(rows, (i) => (i < n1 ? text(ref, i) : text(cur, i - n1)));
  rows.sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : x - y));
  return { rows, referenceRows: n1, label: (position) => keys[position]! };
}
