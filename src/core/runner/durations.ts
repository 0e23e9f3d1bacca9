// Durations as users write them in flags and inputs: plain seconds ("300", CML's habit) or a
// compound of units ("5m", "1h30m", "90s", "2d"). Parsed once, up front, into whole seconds.

import { UserError } from '../../errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Whole seconds; throws a UserError naming `source` when the text is not a duration. */
export function parseDuration(text: string, source: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(trimmed);
  if (!parts || trimmed === '') {
    throw new UserError(`${source} must be a duration such as 300, 90s, 5m, 1h30m or 2d; got "${text}"`);
  }
  const [, days, hours, minutes, seconds] = parts;
  return Number(days ?? 0) * UNIT_SECONDS.d! + Number(hours ?? 0) * UNIT_SECONDS.h! + Number(minutes ?? 0) * UNIT_SECONDS.m! + Number(seconds ?? 0);
}

/** Like parseDuration, but "never", "-1" and "0" mean no limit (undefined), as CML's --idle-timeout. */
export function parseOptionalDuration(text: string, source: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'never' || trimmed === '-1' || trimmed === '0' || trimmed === 'none') return undefined;
  return parseDuration(trimmed, source);
}

/** 3725 -> "1h2m5s"; for messages. Under half a second is "0s", never an empty string. */
export function formatDuration(seconds: number): string {
  let rest = Math.round(seconds);
  if (!(rest > 0)) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
