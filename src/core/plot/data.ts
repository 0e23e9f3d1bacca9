// Plot data files -> rows of records. CSV, TSV, JSON and YAML, as `dvc plots` reads them.
//
// JSON and YAML hold either an array of records or an object with one array of records inside
// (DVC's `{"train": [...]}` layout). CSV and TSV have a header line; cells that read as numbers
// become numbers so quantitative scales work without the spec having to parse them.

import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../errors.js';

export type DataFormat = 'csv' | 'tsv' | 'json' | 'yaml';
export type Row = Record<string, unknown>;

const FORMAT_BY_EXTENSION: Readonly<Record<string, DataFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/** Whether a file's extension names a data format plots read (see dataFormatOf). */
export function isDataFile(path: string): boolean {
  return extname(path).toLowerCase() in FORMAT_BY_EXTENSION;
}

/** The format named by a file's extension; a UserError for anything else. */
export function dataFormatOf(path: string): DataFormat {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new UserError(`cannot plot ${path}: unknown data format "${extname(path) || '(no extension)'}"`, {
      hint: 'use a .csv, .tsv, .json, .yaml or .yml file',
    });
  }
  return format;
}

/** Parses the text of a data file. `source` names it in error messages. */
export function parseData(text: string, format: DataFormat, source: string): Row[] {
  switch (format) {
    case 'csv':
      return delimitedToRows(text, ',', source);
    case 'tsv':
      return delimitedToRows(text, '\t', source);
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`);
      }
      return recordsIn(value, source);
    }
    case 'yaml': {
      let value: unknown;
      try {
        value = parseYaml(text);
      } catch (error) {
        throw new UserError(`${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      }
      return recordsIn(value, source);
    }
  }
}

/** Every field name that appears in any row, in first-seen order. */
export function fieldsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function recordsIn(value: unknown, source: string): Row[] {
  if (Array.isArray(value)) return asRecords(value, source);
  if (isPlainObject(value)) {
    // DVC accepts `{"<name>": [records]}`: the first array of records is the data.
    for (const inner of Object.values(value)) {
      if (Array.isArray(inner) && inner.every(isPlainObject)) return asRecords(inner, source);
    }
  }
  throw new UserError(`${source} holds no list of records to plot`, {
    hint: 'expected an array of objects, e.g. [{"step": 0, "loss": 0.9}, ...], or an object with one such array',
  });
}

function asRecords(items: readonly unknown[], source: string): Row[] {
  const index = items.findIndex((item) => !isPlainObject(item));
  if (index >= 0) throw new UserError(`${source}: item ${index} is not a record (an object of field: value)`);
  return items as Row[];
}

function isPlainObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 4180 parsing: quoted cells may hold the delimiter, quotes ("") and line breaks. */
function delimitedToRows(text: string, delimiter: string, source: string): Row[] {
  const reader = new DelimitedRows(delimiter, source);
  reader.push(text);
  return reader.end();
}

/**
 * Rows of a CSV or TSV file read in chunks (a large file need not be one string), keeping only
 * the columns `keep` picks from the header (all when it returns undefined): a plot of two columns
 * of a wide file holds two columns in memory.
 */
export async function readDelimitedRows(
  chunks: AsyncIterable<string> | Iterable<string>,
  format: 'csv' | 'tsv',
  source: string,
  keep?: (header: readonly string[]) => readonly string[] | undefined,
): Promise<Row[]> {
  const reader = new DelimitedRows(format === 'csv' ? ',' : '\t', source, keep);
  for await (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

class DelimitedRows {
  private readonly splitter: RecordSplitter;
  private names: string[] | undefined;
  /** Indices of the columns kept, and their names. */
  private kept: { readonly index: number; readonly name: string }[] = [];
  private readonly rows: Row[] = [];

  constructor(
    delimiter: string,
    private readonly source: string,
    private readonly keep?: (header: readonly string[]) => readonly string[] | undefined,
  ) {
    this.splitter = new RecordSplitter(delimiter, source, (cells) => this.record(cells));
  }

  push(chunk: string): void {
    this.splitter.push(this.names === undefined && this.splitter.atStart ? chunk.replace(/^\uFEFF/, '') : chunk);
  }

  end(): Row[] {
    this.splitter.end();
    if (this.names === undefined) throw new UserError(`${this.source} is empty: expected a header line and rows`);
    return this.rows;
  }

  private record(cells: string[]): void {
    if (this.names === undefined) {
      this.header(cells);
      return;
    }
    if (cells.length === 1 && cells[0] === '') return; // blank line
    const row: Row = {};
    for (const { index, name } of this.kept) row[name] = typed(cells[index] ?? '');
    this.rows.push(row);
  }

  private header(cells: string[]): void {
    if (cells.every((cell) => cell.trim() === '')) throw new UserError(`${this.source} is empty: expected a header line and rows`);
    const names = cells.map((name) => name.trim());
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) throw new UserError(`${this.source}: column "${duplicate}" appears twice in the header`);
    const wanted = this.keep?.(names);
    this.kept = names.map((name, index) => ({ index, name })).filter(({ name }) => wanted === undefined || wanted.includes(name));
    this.names = names;
  }
}

/** Splits delimited text, fed in chunks of any size, into records of cells. */
class RecordSplitter {
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  /** A quote inside a quoted cell that ended a chunk: a doubled quote or the cell's end. */
  private quoteAtEnd = false;
  /** A carriage return that ended a chunk: a line feed starting the next one belongs to it. */
  private returnAtEnd = false;
  atStart = true;

  constructor(
    private readonly delimiter: string,
    private readonly source: string,
    private readonly emit: (cells: string[]) => void,
  ) {}

  push(text: string): void {
    let index = 0;
    if (text.length > 0) this.atStart = false;
    if (this.returnAtEnd && text[0] === '\n') index = 1;
    this.returnAtEnd = false;
    if (this.quoteAtEnd && index < text.length) {
      this.quoteAtEnd = false;
      if (text[index] === '"') {
        this.cell += '"';
        index += 1;
      } else this.quoted = false;
    }
    while (index < text.length) {
      const char = text[index]!;
      if (this.quoted) {
        if (char === '"') {
          if (index + 1 === text.length) {
            this.quoteAtEnd = true;
            return;
          }
          if (text[index + 1] === '"') {
            this.cell += '"';
            index += 2;
            continue;
          }
          this.quoted = false;
        } else this.cell += char;
        index += 1;
        continue;
      }
      if (char === '"' && this.cell === '') this.quoted = true;
      else if (char === this.delimiter) {
        this.cells.push(this.cell);
        this.cell = '';
      } else if (char === '\n' || char === '\r') {
        this.cells.push(this.cell);
        this.emit(this.cells);
        this.cells = [];
        this.cell = '';
        if (char === '\r') {
          if (index + 1 === text.length) this.returnAtEnd = true;
          else if (text[index + 1] === '\n') index += 1;
        }
      } else this.cell += char;
      index += 1;
    }
  }

  end(): void {
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    if (this.quoted) throw new UserError(`${this.source}: a quoted cell is never closed`);
    if (this.cell !== '' || this.cells.length > 0) {
      this.cells.push(this.cell);
      this.emit(this.cells);
      this.cells = [];
      this.cell = '';
    }
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell that reads as a number becomes one; everything else stays text (dates included). */
function typed(cell: string): unknown {
  const trimmed = cell.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (/^[+-]?(inf|infinity)$/i.test(trimmed) || /^nan$/i.test(trimmed)) return null;
  return cell;
}
