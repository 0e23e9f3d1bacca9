// Streaming CSV/TSV reader (RFC 4180 quoting) that works on bytes: numbers are parsed straight
// from the buffer and only categorical text becomes JavaScript strings, so a file is never held
// as text rows. A row split across two read chunks is carried over to the next chunk.

import { createReadStream } from 'node:fs';
import { UserError } from '../../../errors.js';
import { ColumnBuilder } from './column-builder.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CHUNK_BYTES = 1 << 20;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

export const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' };

export interface CsvResult {
  readonly rows: number;
  readonly columns: ColumnBuilder[];
}

/**
 * Parses a plain decimal number from bytes [start, end): optional sign, digits, fraction and
 * exponent. Exact (correctly rounded) because it only accepts up to 15 significant digits and
 * powers of ten up to 10^22 (Clinger's fast path); returns NaN for anything else so the caller
 * falls back to the general parser.
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = bytes[i];
  if (first === 0x2d) {
    negative = true;
    i += 1;
  } else if (first === 0x2b) {
    i += 1;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let leadingZeros = true;
  let sawDigit = false;
  for (; i < end; i += 1) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) break;
    sawDigit = true;
    if (leadingZeros && d === 0) continue;
    leadingZeros = false;
    mantissa = mantissa * 10 + d;
    digits += 1;
  }
  if (i < end && bytes[i] === 0x2e) {
    for (i += 1; i < end; i += 1) {
      const d = bytes[i]! - 0x30;
      if (d < 0 || d > 9) break;
      sawDigit = true;
      exponent -= 1;
      if (leadingZeros && d === 0) continue;
      leadingZeros = false;
      mantissa = mantissa * 10 + d;
      digits += 1;
    }
  }
  if (!sawDigit) return Number.NaN;
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i += 1;
    let exponentNegative = false;
    if (bytes[i] === 0x2d) {
      exponentNegative = true;
      i += 1;
    } else if (bytes[i] === 0x2b) {
      i += 1;
    }
    let value = 0;
    let exponentDigits = 0;
    for (; i < end; i += 1) {
      const d = bytes[i]! - 0x30;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      exponentDigits += 1;
      if (value > 400) return Number.NaN;
    }
    if (exponentDigits === 0) return Number.NaN;
    exponent += exponentNegative ? -value : value;
  }
  if (i !== end || digits > 15 || exponent < -22 || exponent > 22) return Number.NaN;
  const magnitude = exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent]! : mantissa * POWERS_OF_TEN[exponent]!;
  return negative ? -magnitude : magnitude;
}

function isNumberStart(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x2b || byte === 0x2e);
}

export async function readDelimited(path: string, delimiter: string, keep: (name: string) => boolean): Promise<CsvResult> {
  const separator = delimiter.charCodeAt(0);
  let header: string[] | undefined;
  let builders: (ColumnBuilder | undefined)[] = [];
  let rows = 0;
  let line = 1;
  let starts = new Int32Array(64);
  let ends = new Int32Array(64);
  let quoted = new Uint8Array(64);
  let leftover: Buffer | undefined;
  let sawBytes = false;

  const ensureFields = (count: number): void => {
    if (count < starts.length) return;
    const size = starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    starts = grow(starts, (n) => new Int32Array(n));
    ends = grow(ends, (n) => new Int32Array(n));
    quoted = grow(quoted, (n) => new Uint8Array(n));
  };

  const fieldText = (buffer: Buffer, index: number): string => {
    const start = starts[index]!;
    const end = ends[index]!;
    if (!quoted[index]) return buffer.toString('utf8', start, end);
    return buffer.toString('utf8', start + 1, end - 1).replaceAll('""', '"');
  };

  const acceptHeader = (buffer: Buffer, count: number): void => {
    const names: string[] = [];
    for (let f = 0; f < count; f += 1) names.push(fieldText(buffer, f).trim());
    if (names[0]?.charCodeAt(0) === 0xfeff) names[0] = names[0].slice(1);
    if (count === 1) {
      for (const other of Object.keys(DELIMITER_NAMES)) {
        if (other !== delimiter && names[0]!.includes(other)) {
          throw new UserError(`${path} looks ${DELIMITER_NAMES[other]}-separated, but is read as ${DELIMITER_NAMES[delimiter]}-separated`, {
            hint: 'use the .csv extension for comma-separated files and .tsv for tab-separated ones, or convert the file',
          });
        }
      }
    }
    const seen = new Set<string>();
    header = names.map((name, index) => {
      const unique = name === '' ? `unnamed: ${index}` : name;
      if (seen.has(unique)) throw new UserError(`${path}: the header names column "${unique}" twice`, { hint: 'give every column a unique name' });
      seen.add(unique);
      return unique;
    });
    builders = header.map((name) => (keep(name) ? new ColumnBuilder(name) : undefined));
  };

  const acceptRow = (buffer: Buffer, count: number, rowLine: number): void => {
    if (!header) return acceptHeader(buffer, count);
    if (count === 1 && ends[0] === starts[0]) return; // blank line
    if (count !== header.length) {
      throw new UserError(`${path}:${rowLine}: expected ${header.length} fields as in the header, found ${count}`, {
        hint: 'every row needs the same number of delimited fields; check for unquoted delimiters in values',
      });
    }
    rows += 1;
    for (let f = 0; f < count; f += 1) {
      const builder = builders[f];
      if (!builder) continue;
      const start = starts[f]!;
      const end = ends[f]!;
      if (start === end) {
        builder.pushMissing();
        continue;
      }
      if (!quoted[f] && builder.isNumeric && isNumberStart(buffer[start])) {
        const value = parseDecimalBytes(buffer, start, end);
        if (!Number.isNaN(value)) {
          builder.pushNumber(value);
          continue;
        }
      }
      builder.pushText(fieldText(buffer, f));
    }
  };

  /** Parses complete rows; returns the offset of the first incomplete row. */
  const parse = (buffer: Buffer, final: boolean): number => {
    const length = buffer.length;
    let rowStart = 0;
    let quoteAt = buffer.indexOf(QUOTE, 0);
    // Bounded by the buffer: every iteration consumes at least one byte or returns.
    while (rowStart < length) {
      // Fast path for rows without quotes (most data files): find the line end natively, then
      // split on the delimiter alone.
      if (quoteAt !== -1 && quoteAt < rowStart) quoteAt = buffer.indexOf(QUOTE, rowStart);
      let lineEnd = buffer.indexOf(LF, rowStart);
      if (lineEnd === -1) {
        if (!final) return rowStart;
        lineEnd = length;
      }
      if (quoteAt === -1 || quoteAt > lineEnd) {
        const end = lineEnd > rowStart && buffer[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
        let count = 0;
        let fieldStart = rowStart;
        for (let p = rowStart; p < end; p += 1) {
          if (buffer[p] === separator) {
            ensureFields(count + 1);
            starts[count] = fieldStart;
            ends[count] = p;
            quoted[count] = 0;
            count += 1;
            fieldStart = p + 1;
          }
        }
        ensureFields(count + 1);
        starts[count] = fieldStart;
        ends[count] = end;
        quoted[count] = 0;
        count += 1;
        acceptRow(buffer, count, line);
        line += 1;
        rowStart = lineEnd + 1;
        continue;
      }
      let position = rowStart;
      let count = 0;
      let newlines = 0;
      // Ends at the row's end (break) or returns when the row continues in the next chunk.
      for (;;) {
        ensureFields(count + 1);
        starts[count] = position;
        if (buffer[position] === QUOTE) {
          quoted[count] = 1;
          position += 1;
          let closed = false;
          while (position < length) {
            const byte = buffer[position]!;
            if (byte === QUOTE) {
              if (buffer[position + 1] === QUOTE) {
                position += 2;
                continue;
              }
              if (position + 1 >= length && !final) break;
              position += 1;
              closed = true;
              break;
            }
            if (byte === LF) newlines += 1;
            position += 1;
          }
          if (!closed) {
            if (!final) return rowStart;
            throw new UserError(`${path}:${line + newlines}: a quoted field is never closed`, { hint: 'check for a missing closing double quote' });
          }
          ends[count] = position;
          const next = buffer[position];
          if (next !== undefined && next !== separator && next !== LF && next !== CR) {
            throw new UserError(`${path}:${line + newlines}: unexpected text after a closing quote`, { hint: 'double the quotes inside quoted values ("")' });
          }
        } else {
          quoted[count] = 0;
          while (position < length) {
            const byte = buffer[position]!;
            if (byte === separator || byte === LF || byte === CR) break;
            position += 1;
          }
          ends[count] = position;
        }
        count += 1;
        if (position >= length) {
          if (!final) return rowStart;
          break;
        }
        const byte = buffer[position]!;
        if (byte === separator) {
          position += 1;
          if (position >= length && !final) return rowStart;
          continue;
        }
        if (byte === CR) {
          if (position + 1 >= length && !final) return rowStart;
          position += buffer[position + 1] === LF ? 2 : 1;
        } else {
          position += 1;
        }
        break;
      }
      acceptRow(buffer, count, line);
      line += newlines + 1;
      rowStart = position;
    }
    return rowStart;
  };

  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    sawBytes = sawBytes || chunk.length > 0;
    const buffer = leftover && leftover.length > 0 ? Buffer.concat([leftover, chunk]) : chunk;
    const consumed = parse(buffer, false);
    leftover = consumed < buffer.length ? Buffer.from(buffer.subarray(consumed)) : undefined;
  }
  if (leftover && leftover.length > 0) parse(leftover, true);

  if (!sawBytes || !header) throw new UserError(`${path} is empty`, { hint: 'expected a header line and at least one row' });
  if (rows === 0) throw new UserError(`${path} has a header but no rows`);
  return { rows, columns: builders.filter((builder): builder is ColumnBuilder => builder !== undefined) };
}
