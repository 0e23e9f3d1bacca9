// Builds one column while a file streams by, without keeping text rows: numbers go straight into a
// growing Float64Array, text into a dictionary (value -> code) and an Int32Array of codes.
//
// The type is inferred on the way: a column starts untyped (only missing values seen), becomes
// numeric, datetime (ISO 8601 dates) or categorical with its first value, and falls back to
// categorical when a later value does not fit (the numbers seen so far become their text).

import { sortFloat64 } from '../stats/sort.js';
import type { ColumnData } from '../types.js';

/** Text that means "no value", as pandas reads it by default. */
const MISSING_TEXT = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'null', 'NULL', 'Null', 'None', 'none', '#N/A', '<NA>']);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function isMissingText(text: string): boolean {
  return MISSING_TEXT.has(text.trim());
}

/** Numbers a reader accepts as numeric text: decimal, exponent, inf. */
export function parseNumberText(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (Number.isNaN(value)) {
    const lower = trimmed.toLowerCase();
    if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
    if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
    return undefined;
  }
  // Number('0x1A') and Number('') are valid JavaScript but not numbers in a data file.
  if (/^[+-]?0[xXoObB]/.test(trimmed)) return undefined;
  return value;
}

export function parseDateText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!ISO_DATE.test(trimmed)) return undefined;
  const value = Date.parse(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed.replace(' ', 'T'));
  return Number.isNaN(value) ? undefined : value;
}

type State = 'untyped' | 'numeric' | 'datetime' | 'categorical';

export class ColumnBuilder {
  readonly name: string;
  private state: State = 'untyped';
  private numbers = new Float64Array(1024);
  private codes = new Int32Array(0);
  private readonly dictionary: string[] = [];
  private readonly codeOf = new Map<string, number>();
  private length = 0;
  private missing = 0;

  constructor(name: string) {
    this.name = name;
  }

  get rows(): number {
    return this.length;
  }

  pushMissing(): void {
    if (this.state === 'categorical') this.appendCode(-1);
    else this.appendNumber(Number.NaN);
    this.missing += 1;
  }

  /** A value already known to be a number (parsed from bytes, JSON or Parquet). */
  pushNumber(value: number): void {
    if (Number.isNaN(value)) return this.pushMissing();
    if (this.state === 'untyped') this.state = 'numeric';
    if (this.state === 'numeric') return this.appendNumber(value);
    if (this.state === 'datetime') this.toCategorical();
    this.appendCode(this.code(String(value)));
  }

  pushDate(epochMs: number): void {
    if (this.state === 'untyped') this.state = 'datetime';
    if (this.state === 'datetime') return this.appendNumber(epochMs);
    if (this.state === 'numeric') this.toCategorical();
    this.appendCode(this.code(new Date(epochMs).toISOString()));
  }

  pushText(text: string): void {
    if (isMissingText(text)) return this.pushMissing();
    if (this.state === 'untyped' || this.state === 'numeric') {
      const number = parseNumberText(text);
      if (number !== undefined) return this.pushNumber(number);
    }
    if (this.state === 'untyped' || this.state === 'datetime') {
      const date = parseDateText(text);
      if (date !== undefined) return this.pushDate(date);
    }
    if (this.state !== 'categorical') this.toCategorical();
    this.appendCode(this.code(text));
  }

  /** Text that is not a number: skips the number parse (the CSV reader already tried). */
  pushNonNumericText(text: string): void {
    if (this.state === 'numeric' && isMissingText(text)) return this.pushMissing();
    if (this.state === 'numeric') {
      const number = parseNumberText(text);
      if (number !== undefined) return this.pushNumber(number);
    }
    this.pushText(text);
  }

  get isNumeric(): boolean {
    return this.state === 'numeric' || this.state === 'untyped';
  }

  finish(): ColumnData {
    if (this.state === 'untyped') return { kind: 'empty', name: this.name, rows: this.length, missing: this.missing };
    if (this.state === 'categorical') {
      return {
        kind: 'categorical',
        name: this.name,
        rows: this.length,
        missing: this.missing,
        codes: this.codes.slice(0, this.length),
        dictionary: this.dictionary,
      };
    }
    const values = this.numbers.slice(0, this.length);
    const sorted = new Float64Array(this.length - this.missing);
    let index = 0;
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i]!;
      if (!Number.isNaN(value)) sorted[index++] = value;
    }
    sortFloat64(sorted);
    return { kind: this.state, name: this.name, rows: this.length, missing: this.missing, values, sorted };
  }

  private code(text: string): number {
    let code = this.codeOf.get(text);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(text);
      this.codeOf.set(text, code);
    }
    return code;
  }

  private appendNumber(value: number): void {
    if (this.length === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.length++] = value;
  }

  private appendCode(code: number): void {
    if (this.length === this.codes.length) {
      const grown = new Int32Array(Math.max(1024, this.codes.length * 2));
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.length++] = code;
  }

  private toCategorical(): void {
    const wasDate = this.state === 'datetime';
    const codes = new Int32Array(Math.max(1024, this.numbers.length));
    for (let i = 0; i < this.length; i += 1) {
      const value = this.numbers[i]!;
      codes[i] = Number.isNaN(value) ? -1 : this.code(wasDate ? new Date(value).toISOString() : String(value));
    }
    this.codes = codes;
    this.numbers = new Float64Array(0);
    this.state = 'categorical';
  }
}
