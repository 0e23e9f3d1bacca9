// Comparing two revisions' metrics or params, as `dvc metrics diff` / `dvc params diff` do:
// for every key in either revision, old and new value, and `diff = new - old` when both are
// numbers. Unchanged keys are left out unless `all`. A key or file missing on one side is `null`.

import type { FlatValues } from './load.js';
import { pythonEquals, pythonSubtract } from './python.js';
import type { Scalar } from './value.js';

export interface Change {
  readonly old: Scalar;
  readonly new: Scalar;
  /** new - old, only when both are numbers. */
  readonly diff?: number | bigint;
}

/** path -> key -> change; paths and keys in display order. */
export type DiffResult = Map<string, Map<string, Change>>;

/** What one revision holds: path -> flat values, or undefined when the file is absent there. */
export type RevisionValues = Map<string, FlatValues | undefined>;

export function diffRevisions(oldValues: RevisionValues, newValues: RevisionValues, options: { readonly all: boolean }): DiffResult {
  const paths = [...new Set([...oldValues.keys(), ...newValues.keys()])].sort(compareText);
  const result: DiffResult = new Map();
  for (const path of paths) {
    const before = oldValues.get(path) ?? new Map<string, Scalar>();
    const after = newValues.get(path) ?? new Map<string, Scalar>();
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
    const changes = new Map<string, Change>();
    for (const key of keys) {
      const old = before.get(key) ?? null;
      const next = after.get(key) ?? null;
      if (!options.all && pythonEquals(old, next)) continue;
      const diff = old === null || next === null ? undefined : pythonSubtract(next, old);
      changes.set(key, diff === undefined ? { old, new: next } : { old, new: next, diff });
    }
    if (changes.size > 0) result.set(path, changes);
  }
  return result;
}

/** Python's ordering of str (by code point), which DVC uses to sort rows. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    // UTF-16 order differs from code point order only between surrogates (astral characters)
    // and U+E000..U+FFFF; shift both ranges so the comparison follows code points.
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** The JSON DVC prints for `--json`: {path: {key: {old, new, diff?}}}. */
export function diffToJsonObject(diff: DiffResult): Map<string, Map<string, Map<string, Scalar | bigint>>> {
  const out = new Map<string, Map<string, Map<string, Scalar | bigint>>>();
  for (const [path, changes] of diff) {
    const entries = new Map<string, Map<string, Scalar | bigint>>();
    for (const [key, change] of changes) {
      const item = new Map<string, Scalar | bigint>([
        ['old', change.old],
        ['new', change.new],
      ]);
      if (change.diff !== undefined) item.set('diff', change.diff);
      entries.set(key, item);
    }
    out.set(path, entries);
  }
  return out;
}
