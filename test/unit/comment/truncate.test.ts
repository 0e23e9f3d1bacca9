import { describe, expect, it } from 'vitest';
import { truncateMarkdown, truncationNote, GITHUB_COMMENT_LIMIT } from '../../../src/core/comment/truncate.js';
import { renderBody } from '../../../src/core/comment/post.js';
import { readMarker } from '../../../src/core/comment/marker.js';
import { fitJobSummary, JOB_SUMMARY_LIMIT_BYTES } from '../../../src/output/job-summary.js';

const note = truncationNote('https://github.com/o/r/actions/runs/1');

describe('truncateMarkdown', () => {
  it('leaves text that fits alone', () => {
    expect(truncateMarkdown('short', 100, note)).toEqual({ text: 'short', truncated: false, kept: 5 });
  });

  it('cuts at a paragraph boundary and adds a visible note', () => {
    const paragraphs = Array.from({ length: 200 }, (_, index) => `Paragraph ${index} ${'x'.repeat(300)}`).join('\n\n');
    const result = truncateMarkdown(paragraphs, 10_000, note);
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(10_000);
    expect(result.text).toMatch(/x\n\n> \[!WARNING\]/);
    expect(result.text).toContain('of 63,088 characters shown');
    expect(result.text).toContain('[job summary](https://github.com/o/r/actions/runs/1)');
  });

  it('closes a code fence left open by the cut', () => {
    const text = '# Log\n\n```text\n' + 'line\n'.repeat(5000) + '```\n';
    const result = truncateMarkdown(text, 4000, note);
    const fences = result.text.split('\n').filter((line) => line.startsWith('```'));
    expect(fences.length % 2).toBe(0);
    expect(result.text.length).toBeLessThanOrEqual(4000);
  });

  it('closes <details> left open by the cut', () => {
    const text = '<details><summary>All metrics</summary>\n\n' + '| a | 1 |\n'.repeat(5000) + '\n</details>\n';
    const result = truncateMarkdown(text, 3000, note);
    expect(result.text).toContain('</details>');
  });

  it('never splits a surrogate pair in one enormous line', () => {
    const text = '😀'.repeat(50_000);
    const result = truncateMarkdown(text, 10_001, note);
    const kept = result.text.split('\n')[0]!;
    expect(kept.length % 2).toBe(0);
    expect(() => encodeURIComponent(kept)).not.toThrow();
  });

  it("a comment body is cut to GitHub's limit of 65,536 characters by default, its marker included", () => {
    const settings = { watermarkTitle: 'eval', removeWatermark: false, fullReportUrl: undefined };
    const long = renderBody({ ...settings, markdown: Array.from({ length: 3000 }, (_, index) => `| row ${index} | ${'x'.repeat(30)} |`).join('\n') }, 'n1');
    expect(long.truncated).toBe(true);
    expect(long.body.length).toBeLessThanOrEqual(65_536);
    expect(long.body.length).toBeGreaterThan(65_536 - 200);
    expect(readMarker(long.body)).toEqual({ id: 'eval', post: 'n1' });
    // Exactly at the limit with the marker: whole; one character more: cut.
    const marker = renderBody({ ...settings, markdown: '' }, 'n1').body.length;
    const fits = renderBody({ ...settings, markdown: 'y'.repeat(65_536 - marker) }, 'n1');
    expect(fits.truncated).toBe(false);
    expect(fits.body.length).toBe(GITHUB_COMMENT_LIMIT);
    expect(renderBody({ ...settings, markdown: 'y'.repeat(65_536 - marker + 1) }, 'n1').truncated).toBe(true);
    // Without the marker the whole limit is the report's.
    expect(renderBody({ ...settings, removeWatermark: true, markdown: 'y'.repeat(65_536) }, 'n1')).toEqual({ body: 'y'.repeat(65_536), truncated: false });
  });
});

describe('fitJobSummary', () => {
  it('keeps reports under 1 MiB whole', () => {
    const text = 'a'.repeat(1000);
    expect(fitJobSummary(text)).toEqual({ text, truncated: false });
  });

  it('cuts reports over 1 MiB (in bytes, not characters) with a note', () => {
    const text = Array.from({ length: 200_000 }, (_, index) => `| é ${index} |`).join('\n');
    const result = fitJobSummary(text);
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(JOB_SUMMARY_LIMIT_BYTES);
    expect(Buffer.byteLength(result.text)).toBeGreaterThan(JOB_SUMMARY_LIMIT_BYTES * 0.6);
    expect(result.text).toContain('1 MiB limit');
  });
});
