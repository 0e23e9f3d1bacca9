// One data file -> a Dataset of typed columns. The format comes from the extension (.csv, .tsv,
// .jsonl/.ndjson, .parquet; .gz is not supported), else from the content.

import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { UserError } from '../../../errors.js';
import type { DataFormat, Dataset } from '../types.js';
import type { ColumnBuilder } from './column-builder.js';
import { readDelimited } from './csv.js';
import { readJsonLines } from './jsonl.js';
import { readParquet } from './parquet.js';

export interface ReadOptions {
  /** Column names to read; all when undefined. */
  readonly columns?: readonly string[];
}

const EXTENSIONS: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

export async function detectFormat(path: string): Promise<{ format: DataFormat; delimiter: string }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UserError(`data file not found: ${path}`, { hint: 'check the path; it is relative to the current directory' });
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (info.isDirectory()) throw new UserError(`${path} is a directory, not a data file`);
  if (info.size === 0) throw new UserError(`${path} is empty`, { hint: 'expected a header line and at least one row' });
  const byExtension = EXTENSIONS[extname(path).toLowerCase()];
  if (byExtension) return { format: byExtension, delimiter: byExtension === 'tsv' ? '\t' : ',' };
  if (extname(path).toLowerCase() === '.gz') throw new UserError(`${path}: compressed files are not supported`, { hint: 'decompress it first (gunzip)' });
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(65536, info.size));
    await handle.read(head, 0, head.length, 0);
    if (head.subarray(0, 4).toString('latin1') === 'PAR1') return { format: 'parquet', delimiter: ',' };
    const text = head.toString('utf8').replace(/^\uFEFF/, '');
    if (text.trimStart().startsWith('{')) return { format: 'jsonl', delimiter: ',' };
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const counts = ['\t', ',', ';', '|'].map((d) => ({ d, n: first.split(d).length - 1 })).sort((a, b) => b.n - a.n);
    const delimiter = counts[0]!.n > 0 ? counts[0]!.d : ',';
    return { format: delimiter === '\t' ? 'tsv' : 'csv', delimiter };
  } finally {
    await handle.close();
  }
}

export async function readDataset(path: string, options: ReadOptions = {}): Promise<Dataset> {
  const { format, delimiter } = await detectFormat(path);
  const wanted = options.columns ? new Set(options.columns) : undefined;
  // Every reader asks about each name in the file, so this also records the file's columns
  // (for messages about names that are not there).
  const seen = new Set<string>();
  const keep = (name: string): boolean => {
    seen.add(name);
    return !wanted || wanted.has(name);
  };
  let result: { rows: number; columns: ColumnBuilder[] };
  if (format === 'jsonl') result = await readJsonLines(path, keep);
  else if (format === 'parquet') result = await readParquet(path, keep);
  else result = await readDelimited(path, delimiter, keep);
  return { path, format, rows: result.rows, columns: result.columns.map((builder) => builder.finish()), fileColumns: [...seen] };
}
