// Counting in words that agree with the number: "1 check", "2 checks".

/** `count` and the noun, singular for exactly one. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}

/** "1 of 1 column", "2 of 5 columns": the noun agrees with the total. */
export function countedOf(part: number, total: number, singular: string, plural = `${singular}s`): string {
  return `${part.toLocaleString('en-US')} of ${counted(total, singular, plural)}`;
}
