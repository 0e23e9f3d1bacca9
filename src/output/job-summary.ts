// The job summary ($GITHUB_STEP_SUMMARY) holds the full report, whatever the comment limit.
// GitHub rejects a step's summary over 1 MiB, so that is cut too, at a clean place.

import { appendFile } from 'node:fs/promises';
import { truncateMarkdown } from '../core/comment/truncate.js';
import { fileSystemReason } from '../errors.js';
import type { Logger } from '../logger.js';
import { grouped } from '../words.js';

export const JOB_SUMMARY_LIMIT_BYTES = 1024 * 1024;

export function fitJobSummary(markdown: string): { text: string; truncated: boolean } {
  if (Buffer.byteLength(markdown) <= JOB_SUMMARY_LIMIT_BYTES) return { text: markdown, truncated: false };
  // Characters can take up to 3 bytes in UTF-8 (4 for a surrogate pair, which is 2 UTF-16 units).
  let limit = Math.floor(JOB_SUMMARY_LIMIT_BYTES / 3);
  const note = (kept: number, total: number): string =>
    `> [!WARNING]\n> This report was cut to fit the job summary's 1 MiB limit (${grouped(kept)} of ${grouped(total)} characters shown).\n`;
  let result = truncateMarkdown(markdown, limit, note);
  // Grow towards the byte limit while it still fits; ASCII-heavy reports keep most of their text.
  for (let step = 0; step < 8; step += 1) {
    const bigger = truncateMarkdown(markdown, Math.floor(limit * 1.25), note);
    if (Buffer.byteLength(bigger.text) > JOB_SUMMARY_LIMIT_BYTES) break;
    limit = Math.floor(limit * 1.25);
    result = bigger;
  }
  return { text: result.text, truncated: true };
}

/**
 * Adds a report to the job summary at `path` ($GITHUB_STEP_SUMMARY, read by the front door and
 * passed down): cut to the 1 MiB limit (with a warning) and ended by one newline. The summary is
 * a courtesy beside the real output, so a failure to write it is a warning, not an error.
 */
export async function appendJobSummary(path: string, markdown: string, logger: Pick<Logger, 'warn'>): Promise<void> {
  const { text, truncated } = fitJobSummary(markdown);
  if (truncated) logger.warn(`the report is over the job summary's ${JOB_SUMMARY_LIMIT_BYTES / 1024} KiB limit; the summary was cut`);
  try {
    await appendFile(path, `${text.replace(/\s+$/, '')}\n`);
  } catch (error) {
    logger.warn(`could not write the job summary ${path}: ${fileSystemReason(error)}`);
  }
}
