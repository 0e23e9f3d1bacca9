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
  const records = splitRecords(text.replace(/^\uFEFF/, ''), delimiter, source);
  const header = records.shift();
  if (!header || header.every((cell) => cell.trim() === '')) throw new UserError(`${source} is empty: expected a header line and rows`);
  const names = header.map((name) => name.trim());
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new UserError(`${source}: column "${duplicate}" appears twice in the header`);
  const rows: Row[] = [];
  for (const cells of records) {
    if (cells.length === 1 && cells[0] === '') continue; // blank line
    const row: Row = {};
    names.forEach((name, column) => {
      row[name] = typed(cells[column] ?? '');
    });
    rows.push(row);
  }
  return rows;
}

function splitRecords(text: string, delimiter: string, source: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          cell += '"';
          index += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += char;
      }
      index += 1;
      continue;
    }
    if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      cells.push(cell);
      records.push(cells);
      cells = [];
      cell = '';
      if (char === '\r' && text[index + 1] === '\n') index += 1;
    } else cell += char;
    index += 1;
  }
  if (quoted) throw new UserError(`${source}: a quoted cell is never closed`);
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push(cells);
  }
  return records;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell that reads as a number becomes one; everything else stays text (dates included). */
function typed(cell: string): unknown {
  const trimmed = cell.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (/^[+-]?(inf|infinity)$/i.test(trimmed) || /^nan$/i.test(trimmed)) return null;
  return cell;
}
