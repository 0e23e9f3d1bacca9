// Counting in words that agree with the number: "1 check", "2 checks", "12,000 rows".

/**
 * A count with its thousands grouped, as en-US writes it: 12,345. Integers are grouped here:
 * toLocaleString's first call loads ICU's number formatting, about 10 ms of a short command.
 */
export function grouped(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US');
  const digits = String(Math.abs(count)).replace(/\B(?=(\d{3})+$)/g, ',');
  return count < 0 ? `-${digits}` : digits;
}

/** `count` and the noun, singular for exactly one. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${grouped(count)} ${count === 1 ? singular : plural}`;
}

/** "1 of 1 column", "2 of 5 columns": the noun agrees with the total. */
export function countedOf(part: number, total: number, singular: string, plural = `${singular}s`): string {
  return `${grouped(part)} of ${counted(total, singular, plural)}`;
}
