// The job summary ($GITHUB_STEP_SUMMARY) holds the full report, whatever the comment limit.
// GitHub rejects a step's summary over 1 MiB, so that is cut too, at a clean place.

import { truncateMarkdown } from '../core/report/truncate.js';

export const JOB_SUMMARY_LIMIT_BYTES = 1024 * 1024;

export function fitJobSummary(markdown: string): { text: string; truncated: boolean } {
  if (Buffer.byteLength(markdown) <= JOB_SUMMARY_LIMIT_BYTES) return { text: markdown, truncated: false };
  // Characters can take up to 3 bytes in UTF-8 (4 for a surrogate pair, which is 2 UTF-16 units).
  let limit = Math.floor(JOB_SUMMARY_LIMIT_BYTES / 3);
  const note = (kept: number, total: number): string =>
    `> [!WARNING]\n> This report was cut to fit the job summary's 1 MiB limit (${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} characters shown).\n`;
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
