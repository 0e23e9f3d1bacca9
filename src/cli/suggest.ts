// "Did you mean …?" for a mistyped command: the known name closest by edit distance, when it is
// close enough to be a typo rather than a different word.

/** Levenshtein distance, with a transposition counting as one edit (`dfif` -> `diff`). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      const above = table[row - 1] as number[];
      const here = table[row] as number[];
      let best = Math.min((above[column] as number) + 1, (here[column - 1] as number) + 1, (above[column - 1] as number) + cost);
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1])
        best = Math.min(best, ((table[row - 2] as number[])[column - 2] as number) + 1);
      here[column] = best;
    }
  }
  return (table[a.length] as number[])[b.length] as number;
}

/** The candidate closest to `word`, if it is within a third of its length (at least 1, at most 3). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(word.toLowerCase(), name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
