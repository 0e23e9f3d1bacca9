// Parquet reader on hyparquet, one row group at a time so memory stays bounded by the columns
// being built (plus one row group's decoded values).

import { stat } from 'node:fs/promises';
import { UserError } from '../../../errors.js';
import { ColumnBuilder } from './column-builder.js';

export async function readParquet(path: string, keep: (name: string) => boolean): Promise<{ rows: number; columns: ColumnBuilder[] }> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import('hyparquet');
  const info = await stat(path);
  if (info.size === 0) throw new UserError(`${path} is empty`);
  const file = await asyncBufferFromFile(path);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new UserError(`${path} is not a readable Parquet file: ${(error as Error).message}`);
  }
  const root = metadata.schema[0];
  const names: string[] = [];
  // Top-level fields are the schema elements that are direct children of the root.
  let index = 1;
  for (let child = 0; child < (root?.num_children ?? 0) && index < metadata.schema.length; child += 1) {
    const element = metadata.schema[index]!;
    names.push(element.name);
    index = skipSubtree(metadata.schema, index);
  }
  const wanted = names.filter(keep);
  const builders = new Map(wanted.map((name) => [name, new ColumnBuilder(name)]));
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw new UserError(`${path} has no rows`);
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const chunks = new Map<string, { rowStart: number; rowEnd: number; data: ArrayLike<unknown> }[]>();
    await parquetRead({
      file,
      metadata,
      columns: wanted,
      rowStart: groupStart,
      rowEnd: groupEnd,
      onChunk: (chunk) => {
        const list = chunks.get(chunk.columnName) ?? [];
        list.push({ rowStart: chunk.rowStart, rowEnd: chunk.rowEnd, data: chunk.columnData as ArrayLike<unknown> });
        chunks.set(chunk.columnName, list);
      },
    });
    for (const [name, builder] of builders) {
      const list = (chunks.get(name) ?? []).sort((a, b) => a.rowStart - b.rowStart);
      let next = groupStart;
      for (const chunk of list) {
        for (let row = Math.max(chunk.rowStart, next); row < Math.min(chunk.rowEnd, groupEnd); row += 1) {
          pushValue(builder, chunk.data[row - chunk.rowStart]);
          next = row + 1;
        }
      }
      while (next < groupEnd) {
        builder.pushMissing();
        next += 1;
      }
    }
    groupStart = groupEnd;
  }
  return { rows, columns: [...builders.values()] };
}

function skipSubtree(schema: readonly { num_children?: number }[], index: number): number {
  let next = index + 1;
  for (let child = 0; child < (schema[index]?.num_children ?? 0); child += 1) next = skipSubtree(schema, next);
  return next;
}

function pushValue(builder: ColumnBuilder, value: unknown): void {
  if (value === null || value === undefined) builder.pushMissing();
  else if (typeof value === 'number') builder.pushNumber(value);
  else if (typeof value === 'bigint') builder.pushNumber(Number(value));
  else if (typeof value === 'string') builder.pushText(value);
  else if (typeof value === 'boolean') builder.pushText(String(value));
  else if (value instanceof Date) builder.pushDate(value.getTime());
  else builder.pushText(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)));
}
