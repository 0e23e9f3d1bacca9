// Flag values of the metrics commands and `cml report` -> what they mean: precision, file lists,
// gates, key patterns and the fetch policy, each refused in one line that names the flag.

import { DEFAULT_PRECISION } from '../core/metrics/constants.js';
import { parseGate, type Gate } from '../core/metrics/gates.js';
import { UsageError } from '../errors.js';
import type { FetchPolicy } from '../git/revisions.js';

export function parsePrecision(text: string | undefined): number {
  const value = (text ?? String(DEFAULT_PRECISION)).trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 20) {
    throw new UsageError(`--precision must be a whole number from 1 to 20, got "${text}"`);
  }
  return Number(value);
}

export function targetList(values: readonly string[] | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  const list = values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return list.length === 0 ? undefined : list;
}

export function gatesOf(values: readonly string[] | undefined): Gate[] {
  return (values ?? [])
    .flatMap((value) => value.split(/\r?\n/))
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map(parseGate);
}

export function fetchPolicy(values: { remote?: string | undefined; fetch?: boolean | undefined }): FetchPolicy {
  const remote = (values.remote ?? 'origin').trim();
  if (remote === '' || remote.startsWith('-') || /\s/.test(remote)) throw new UsageError(`--remote "${values.remote}" is not a remote name`);
  return { remote, fetch: values.fetch ?? true };
}

export function keyPatterns(values: readonly string[] | undefined): RegExp[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map(
      (value) =>
        new RegExp(
          `^${value
            .split(/(\*\*|\*)/)
            .map((part) => (part === '**' ? '.*' : part === '*' ? '[^.]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
            .join('')}$`,
        ),
    );
}
