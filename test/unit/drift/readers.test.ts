// The streaming readers: CSV/TSV quoting and chunk boundaries, JSON lines, Parquet, type
// inference, and the one-line errors for bad files.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../../src/core/drift/read/dataset.js';
import { parseDecimalBytes } from '../../../src/core/drift/read/csv.js';
import { ColumnBuilder } from '../../../src/core/drift/read/column-builder.js';
import { readBoth } from '../../../src/core/drift/read/parallel.js';
import { UserError } from '../../../src/errors.js';
import type { ColumnData, Dataset } from '../../../src/core/drift/types.js';

const fixture = (name: string): string => new URL(`../../fixtures/drift/${name}`, import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cml-drift-readers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function column(dataset: Dataset, name: string): ColumnData {
  const found = dataset.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

function values(c: ColumnData): (number | string | null)[] {
  if (c.kind === 'categorical') return Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]!));
  if (c.kind === 'empty') return Array.from({ length: c.rows }, () => null);
  return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
}

async function userError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const message = (error as UserError).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('parseDecimalBytes', () => {
  const bytes = (text: string) => Buffer.from(text);
  it('agrees with Number() on plain decimals, exactly', () => {
    let state = 12345;
    const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const samples = ['0', '-0', '+3', '1.5', '-2.25', '.5', '5.', '1e3', '1E-5', '-7.125e+2', '123456789012345', '0.000001', '0.1', '0.3', '9007199254740991'];
    for (let i = 0; i < 2000; i += 1) samples.push(((next() - 0.5) * 10 ** Math.floor(next() * 12 - 4)).toFixed(Math.floor(next() * 9)));
    for (const text of samples) {
      const parsed = parseDecimalBytes(bytes(text), 0, text.length);
      if (!Number.isNaN(parsed)) expect(Object.is(parsed, Number(text)) || parsed === Number(text), text).toBe(true);
    }
    expect(parseDecimalBytes(bytes('0.1'), 0, 3)).toBe(0.1);
  });
  it('declines what it cannot parse exactly, so the caller falls back', () => {
    for (const text of ['abc', '1.2.3', '12345678901234567', '1e400', '', '-', '1e', '0x10', '1,5', ' 1']) {
      expect(parseDecimalBytes(bytes(text), 0, text.length), text).toBeNaN();
    }
  });
});

describe('column type inference', () => {
  it('keeps numbers as numbers and counts missing values', () => {
    const b = new ColumnBuilder('x');
    for (const text of ['1', '', 'NA', '2.5', 'null', '-3']) b.pushText(text);
    const c = b.finish();
    expect(c.kind).toBe('numeric');
    expect(c.missing).toBe(3);
    expect(values(c)).toEqual([1, null, null, 2.5, null, -3]);
    if (c.kind === 'numeric') expect(Array.from(c.sorted)).toEqual([-3, 1, 2.5]);
  });
  it('falls back to categorical when text follows numbers, keeping the earlier values', () => {
    const b = new ColumnBuilder('x');
    for (const text of ['1', '2', 'three', '', '4']) b.pushText(text);
    const c = b.finish();
    expect(c.kind).toBe('categorical');
    expect(values(c)).toEqual(['1', '2', 'three', null, '4']);
  });
  it('recognises ISO dates', () => {
    const b = new ColumnBuilder('d');
    for (const text of ['2024-01-01', '2024-01-02T10:00:00Z', '']) b.pushText(text);
    const c = b.finish();
    expect(c.kind).toBe('datetime');
    expect(values(c)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2, 10), null]);
  });
  it('reports a column with only missing values as empty', () => {
    const b = new ColumnBuilder('e');
    b.pushText('');
    b.pushMissing();
    expect(b.finish()).toMatchObject({ kind: 'empty', rows: 2, missing: 2 });
  });
});

describe('CSV reader', () => {
  it('handles quotes, doubled quotes, newlines in quotes and empty fields', async () => {
    const d = await readDataset(fixture('quoted.csv'));
    expect(d.rows).toBe(3);
    expect(values(column(d, 'name'))).toEqual(['Smith, Jo', 'plain', 'x']);
    expect(values(column(d, 'comment'))).toEqual(['said "hi"\nthen left', null, 'y']);
    expect(values(column(d, 'value'))).toEqual([1.5, 2, null]);
  });

  it('reads rows that straddle read chunks, CRLF line ends and a BOM', async () => {
    const path = join(work, 'big.csv');
    const rows = 120_000;
    const lines = ['\uFEFFi,x,label'];
    let sum = 0;
    for (let i = 0; i < rows; i += 1) {
      const x = (i % 997) / 7;
      sum += Number(x.toFixed(4));
      lines.push(`${i},${x.toFixed(4)},"k${i % 13}"`);
    }
    writeFileSync(path, lines.join('\r\n') + '\r\n');
    const d = await readDataset(path);
    expect(d.rows).toBe(rows);
    expect(d.columns.map((c) => c.name)).toEqual(['i', 'x', 'label']);
    const x = column(d, 'x');
    expect(x.kind).toBe('numeric');
    if (x.kind === 'numeric') expect(x.values.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 6);
    const label = column(d, 'label');
    expect(label.kind).toBe('categorical');
    if (label.kind === 'categorical') expect(label.dictionary.length).toBe(13);
    const i = column(d, 'i');
    if (i.kind === 'numeric') expect(i.values[rows - 1]).toBe(rows - 1);
  });

  it('reads only the requested columns', async () => {
    const d = await readDataset(fixture('reference.csv'), { columns: ['age', 'city'] });
    expect(d.columns.map((c) => c.name)).toEqual(['age', 'city']);
  });

  it('records every column of the file, also those --columns left out', async () => {
    for (const name of ['reference.csv', 'reference.tsv', 'reference.jsonl', 'reference.parquet']) {
      const d = await readDataset(fixture(name), { columns: ['age'] });
      expect(
        d.columns.map((c) => c.name),
        name,
      ).toEqual(['age']);
      expect(d.fileColumns, name).toEqual(['id', 'age', 'income', 'city', 'label', 'score', 'day']);
    }
    const [reference, current] = await readBoth(fixture('reference.csv'), fixture('current.csv'), { columns: ['city'], parallel: false });
    expect(reference.fileColumns).toEqual(['id', 'age', 'income', 'city', 'label', 'score', 'day']);
    expect(current.columns.map((c) => c.name)).toEqual(['city']);
  });

  it('names the file and line of a ragged row', async () => {
    const message = await userError(readDataset(fixture('ragged.csv')));
    expect(message).toBe(`${fixture('ragged.csv')}:4: expected 3 fields as in the header, found 2`);
  });

  it('rejects an empty file, a header without rows and a missing file', async () => {
    expect(await userError(readDataset(fixture('empty.csv')))).toContain('is empty');
    expect(await userError(readDataset(fixture('header-only.csv')))).toContain('has a header but no rows');
    expect(await userError(readDataset(join(work, 'nope.csv')))).toContain('data file not found');
  });

  it('rejects a .csv file that is separated by semicolons', async () => {
    expect(await userError(readDataset(fixture('semicolons.csv')))).toContain('looks semicolon-separated, but is read as comma-separated');
  });

  it('rejects an unclosed quote and duplicate column names', async () => {
    const unclosed = join(work, 'unclosed.csv');
    writeFileSync(unclosed, 'a,b\n1,"open\n2,3\n');
    expect(await userError(readDataset(unclosed))).toContain('a quoted field is never closed');
    const duplicate = join(work, 'duplicate.csv');
    writeFileSync(duplicate, 'a,a\n1,2\n');
    expect(await userError(readDataset(duplicate))).toContain('names column "a" twice');
  });
});

describe('every format yields the same columns', () => {
  it('CSV, TSV, JSON lines and Parquet agree', async () => {
    const csv = await readDataset(fixture('reference.csv'));
    for (const name of ['reference.tsv', 'reference.jsonl', 'reference.parquet']) {
      const other = await readDataset(fixture(name));
      expect(other.rows, name).toBe(csv.rows);
      expect(
        other.columns.map((c) => c.name),
        name,
      ).toEqual(csv.columns.map((c) => c.name));
      for (const c of csv.columns) {
        const o = column(other, c.name);
        expect(o.kind, `${name} ${c.name}`).toBe(c.kind);
        expect(o.missing, `${name} ${c.name}`).toBe(c.missing);
        expect(values(o), `${name} ${c.name}`).toEqual(values(c));
      }
    }
    expect(column(csv, 'day').kind).toBe('datetime');
    expect(column(csv, 'income').missing).toBeGreaterThan(0);
  });

  it('JSON lines: back-fills keys first seen late and rejects a line that is not an object', async () => {
    const path = join(work, 'late.jsonl');
    writeFileSync(path, '{"a":1}\n{"a":2,"b":"x"}\n\n{"b":"y"}\n');
    const d = await readDataset(path);
    expect(values(column(d, 'a'))).toEqual([1, 2, null]);
    expect(values(column(d, 'b'))).toEqual([null, 'x', 'y']);
    const bad = join(work, 'bad.jsonl');
    writeFileSync(bad, '{"a":1}\n[1,2]\n');
    expect(await userError(readDataset(bad))).toBe(`${bad}:2: expected a JSON object, found an array`);
  });

  it('JSON lines: a value nested 100 000 levels deep is one clear line, on either thread', async () => {
    const deep = join(work, 'deep.jsonl');
    writeFileSync(deep, `{"a":1}\n{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
    const expected = `${deep}:2: the value of "a" is nested more than 256 levels deep`;
    expect(await userError(readDataset(deep))).toBe(expected);
    expect(await userError(readBoth(fixture('reference.jsonl'), deep))).toBe(expected);
  });

  it('readBoth returns the same data as two single reads', async () => {
    const [a, b] = await readBoth(fixture('reference.csv'), fixture('current.csv'));
    expect(a.rows).toBe(400);
    expect(b.rows).toBe(300);
    expect(values(column(b, 'age'))).toEqual(values(column(await readDataset(fixture('current.csv')), 'age')));
  });
});
