// Streaming JSON-lines reader: one object per line; a key missing from a row is a missing value,
// and a key first seen late is back-filled as missing for the rows before it.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../../../errors.js';
import { MAX_NESTING, nestedDeeperThan } from '../../nesting.js';
import { ColumnBuilder } from './column-builder.js';

export async function readJsonLines(path: string, keep: (name: string) => boolean): Promise<{ rows: number; columns: ColumnBuilder[] }> {
  const builders = new Map<string, ColumnBuilder>();
  let rows = 0;
  let line = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const text of lines) {
    line += 1;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(trimmed);
    } catch (error) {
      throw new UserError(`${path}:${line}: not valid JSON (${(error as Error).message})`, { hint: 'JSON-lines files hold one JSON object per line' });
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new UserError(`${path}:${line}: expected a JSON object, found ${Array.isArray(row) ? 'an array' : typeof row}`, {
        hint: 'JSON-lines files hold one JSON object per line',
      });
    }
    for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
      if (!keep(key)) continue;
      let builder = builders.get(key);
      if (!builder) {
        builder = new ColumnBuilder(key);
        for (let i = 0; i < rows; i += 1) builder.pushMissing();
        builders.set(key, builder);
      }
      if (value === null || value === undefined) builder.pushMissing();
      else if (typeof value === 'number') builder.pushNumber(value);
      else if (typeof value === 'string') builder.pushText(value);
      else if (typeof value === 'boolean') builder.pushText(String(value));
      else {
        // A list or object is compared as its JSON text; JSON.stringify recurses, so bound the depth first.
        if (nestedDeeperThan(value)) {
          throw new UserError(`${path}:${line}: the value of "${key}" is nested more than ${MAX_NESTING} levels deep`, {
            hint: 'JSON-lines values are compared as numbers or text; flatten the nested value or leave the key out with --columns',
          });
        }
        builder.pushText(JSON.stringify(value));
      }
    }
    rows += 1;
    for (const builder of builders.values()) if (builder.rows < rows) builder.pushMissing();
  }
  if (rows === 0) throw new UserError(`${path} is empty`, { hint: 'expected one JSON object per line' });
  return { rows, columns: [...builders.values()] };
}
