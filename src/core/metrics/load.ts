// Metrics and params files -> flat maps of `dotted.key -> value`, as DVC reads them: JSON, YAML
// (also the default for other extensions, as DVC), TOML, and CSV/TSV (one row of a table).
//
// Flattening follows DVC: nested mappings join with dots (`nested.f1`), lists become their Python
// text (`[1, 2]`, for params: metrics drop them first, see scalarMetrics), empty mappings
// disappear, and a file holding a bare value has the key "".

import { parse as parseToml, TomlError } from 'smol-toml';
import { UserError } from '../../errors.js';
import { JsonSyntaxError, parseJson } from './json.js';
import { parseSimpleYaml } from './yaml-fast.js';
import { valueRepr } from './python.js';
import { isRecord, type Scalar, type Value } from './value.js';
import { parseYamlText } from '../yaml.js';

export type FileFormat = 'json' | 'yaml' | 'toml' | 'csv' | 'tsv';

export type FlatValues = Map<string, Scalar>;

/** Which row of a CSV/TSV table is the metrics: an index (0 first, -1 last) or `column=value`. */
export type RowSelector = { readonly kind: 'index'; readonly index: number } | { readonly kind: 'match'; readonly column: string; readonly value: string };

export const LAST_ROW: RowSelector = { kind: 'index', index: -1 };

export function formatOf(path: string): FileFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.tsv')) return 'tsv';
  return 'yaml';
}

/** Parses `--row`: `-1`, `0`, `epoch=10`. */
export function parseRowSelector(text: string, source = '--row'): RowSelector {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return { kind: 'index', index: Number(trimmed) };
  const equals = trimmed.indexOf('=');
  if (equals > 0) return { kind: 'match', column: trimmed.slice(0, equals).trim(), value: trimmed.slice(equals + 1).trim() };
  throw new UserError(`${source} "${text}" is not a row selector`, { hint: 'use a row index (0 = first, -1 = last) or column=value, e.g. epoch=10' });
}

/**
 * Parses a file's text. `where` names the file (and revision) in error messages, which are
 * UserErrors with the line and column when the parser knows them.
 */
export function parseFile(text: string, path: string, where: string, row: RowSelector = LAST_ROW): Value {
  const format = formatOf(path);
  switch (format) {
    case 'json':
      try {
        return parseJson(text);
      } catch (error) {
        if (error instanceof JsonSyntaxError) {
          throw new UserError(`${where}: invalid JSON at line ${error.line}, column ${error.column}: ${error.message}`);
        }
        throw error;
      }
    case 'yaml': {
      const simple = parseSimpleYaml(text);
      if (simple !== undefined) return simple;
      return fromYaml(parseYamlText(text, where, { intAsBigInt: true }), where);
    }
    case 'toml':
      try {
        return fromToml(parseToml(text, { integersAsBigInt: true }), where);
      } catch (error) {
        if (error instanceof TomlError) {
          const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid document';
          throw new UserError(`${where}: invalid TOML at line ${error.line}, column ${error.column}: ${reason}`);
        }
        throw error;
      }
    case 'csv':
    case 'tsv':
      return selectRow(parseDelimited(text, format === 'csv' ? ',' : '\t', where), row, where);
  }
}

/** DVC's `flatten(format_dict(data))`. */
export function flatten(data: Value): FlatValues {
  const out: FlatValues = new Map();
  if (isRecord(data)) {
    walk(data, '', out);
  } else if (Array.isArray(data)) {
    out.set('', valueRepr(data));
  } else if (data !== null) {
    out.set('', data);
  }
  return out;
}

/**
 * Only what DVC counts as a metric (`_extract_metrics` in dvc/repo/metrics/show.py): numbers,
 * booleans and strings, in mappings; lists and nulls are dropped, as are mappings left empty, and a
 * file holding no metric reads as an empty mapping. Params keep every value.
 */
export function scalarMetrics(data: Value): Value {
  return extractMetrics(data) ?? {};
}

function extractMetrics(data: Value): Value | undefined {
  if (data === null || Array.isArray(data)) return undefined;
  if (!isRecord(data)) return data;
  const out: { [key: string]: Value } = {};
  for (const [key, value] of Object.entries(data)) {
    const kept = extractMetrics(value);
    if (kept !== undefined && !(isRecord(kept) && Object.keys(kept).length === 0)) out[key] = kept;
  }
  return out;
}

function walk(record: { [key: string]: Value }, prefix: string, out: FlatValues): void {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isRecord(value)) walk(value, name, out);
    else if (Array.isArray(value)) out.set(name, valueRepr(value));
    else out.set(name, value);
  }
}

/**
 * Parsed YAML (or TOML) -> plain values. `where` names the file when an alias makes a node contain
 * itself (`a: &x [*x]`), which has no flat form.
 */
function fromYaml(value: unknown, where: string, open: Set<object> = new Set()): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if (open.has(value)) throw new UserError(`${where}: invalid YAML: an alias (*name) refers to a node that contains it`);
  open.add(value);
  try {
    const item = (child: unknown): Value => fromYaml(child, where, open);
    if (Array.isArray(value)) return value.map(item);
    if (value instanceof Set) return [...value].map(item);
    const out: { [key: string]: Value } = {};
    for (const [key, child] of value instanceof Map ? value : Object.entries(value)) out[String(key)] = item(child);
    return out;
  } finally {
    open.delete(value);
  }
}

function fromToml(value: unknown, where: string): Value {
  if (value instanceof Date) {
    // TOML dates print as Python prints datetime: "1979-05-27 07:32:00".
    return String(value).replace('T', ' ').replace(/Z$/, '');
  }
  return fromYaml(value, where);
}

/** RFC 4180 fields: quotes, doubled quotes, newlines inside quotes. */
export function parseDelimited(text: string, delimiter: string, where: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (quoted) {
      if (char === '"') {
        if (body[index + 1] === '"') {
          field += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index += 1;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      line += 1;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new UserError(`${where}: unterminated quoted field starting before line ${line}`);
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

function selectRow(rows: string[][], selector: RowSelector, where: string): Value {
  const [header, ...data] = rows;
  if (!header) return {};
  for (const [index, cells] of data.entries()) {
    if (cells.length !== header.length) {
      throw new UserError(`${where}: row ${index + 2} has ${cells.length} fields, the header has ${header.length}`);
    }
  }
  let chosen: string[] | undefined;
  if (selector.kind === 'index') {
    chosen = data[selector.index < 0 ? data.length + selector.index : selector.index];
    if (!chosen && data.length > 0) throw new UserError(`${where}: no row ${selector.index} (the table has ${data.length} rows)`);
  } else {
    const column = header.indexOf(selector.column);
    if (column < 0) throw new UserError(`${where}: no column "${selector.column}" (columns: ${header.join(', ')})`);
    const matches = data.filter((cells) => cells[column] === selector.value || sameNumber(cells[column], selector.value));
    chosen = matches[matches.length - 1];
    if (!chosen) return {};
  }
  if (!chosen) return {};
  const out: { [key: string]: Value } = {};
  header.forEach((name, index) => {
    const value = cellValue(chosen?.[index] ?? '');
    if (value !== null) out[name] = value;
  });
  return out;
}

function sameNumber(a: string | undefined, b: string): boolean {
  if (a === undefined || a.trim() === '' || b.trim() === '') return false;
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && x === y;
}

/** A CSV cell as a typed value: ints and floats as Python would read them with int()/float(). */
export function cellValue(text: string): Scalar {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^[-+]?\d+$/.test(trimmed)) return BigInt(trimmed);
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^[-+]?(?:nan|inf|infinity)$/i.test(trimmed))
    return Number(
      trimmed
        .replace(/^([-+]?)inf$/i, '$1Infinity')
        .replace(/^[-+]?nan$/i, 'NaN')
        .replace(/infinity/i, 'Infinity'),
    );
  return text;
}
