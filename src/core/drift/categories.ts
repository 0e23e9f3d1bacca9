// Category counts of a column pair (text, or numbers with few distinct values), over one shared
// list of labels: the reference's categories by frequency, then those only the current data has.

import type { ColumnData } from './types.js';

export interface CategoryCounts {
  /** Reference categories by frequency, then categories only the current data has. */
  readonly labels: string[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
  readonly unseen: number;
}

function countsByLabel(column: ColumnData): Map<string, number> {
  const counts = new Map<string, number>();
  if (column.kind === 'categorical') {
    const perCode = new Float64Array(column.dictionary.length);
    for (let i = 0; i < column.codes.length; i += 1) {
      const code = column.codes[i]!;
      if (code >= 0) perCode[code]! += 1;
    }
    column.dictionary.forEach((label, code) => {
      if (perCode[code]! > 0) counts.set(label, perCode[code]!);
    });
  } else if (column.kind !== 'empty') {
    const sorted = column.sorted;
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j += 1;
      counts.set(String(sorted[i]), j - i);
      i = j;
    }
  }
  return counts;
}

export function categoryCounts(ref: ColumnData, cur: ColumnData): CategoryCounts {
  const referenceByLabel = countsByLabel(ref);
  const currentByLabel = countsByLabel(cur);
  const labels = [...referenceByLabel.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([label]) => label);
  const unseenLabels = [...currentByLabel.entries()]
    .filter(([label]) => !referenceByLabel.has(label))
    .sort((a, b) => b[1] - a[1])
    .map(([label]) => label);
  const all = [...labels, ...unseenLabels];
  return {
    labels: all,
    reference: Float64Array.from(all, (label) => referenceByLabel.get(label) ?? 0),
    current: Float64Array.from(all, (label) => currentByLabel.get(label) ?? 0),
    unseen: unseenLabels.length,
  };
}

/** True when the two sorted samples hold at least `wanted` distinct values together. */
export function distinctAtLeast(a: Float64Array, b: Float64Array, wanted: number): boolean {
  const seen = new Set<number>();
  for (const sample of [a, b]) {
    for (let i = 0; i < sample.length; i += 1) {
      if (i > 0 && sample[i] === sample[i - 1]) continue;
      seen.add(sample[i]!);
      if (seen.size >= wanted) return true;
    }
  }
  return false;
}
