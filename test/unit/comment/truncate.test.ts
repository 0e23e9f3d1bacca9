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
    expect(kept.length).toBe(result.kept);
    expect(kept.length).toBeGreaterThan(9_000);
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

// The cases below use a short note so that the budget left for the text is known exactly: the limit
// less the widest form of the note, less 64 characters kept spare.
const brief = (kept: number, total: number): string => `[cut: ${kept} of ${total}]`;

function limitFor(budget: number, text: string): number {
  return budget + brief(text.length, text.length).length + 64;
}

describe('truncateMarkdown: where it cuts', () => {
  it('keeps a line that ends exactly at the budget', () => {
    const text = `aaaa\nbbbb\n${'c'.repeat(200)}`;
    expect(truncateMarkdown(text, limitFor(10, text), brief)).toEqual({ text: 'aaaa\nbbbb\n\n[cut: 10 of 210]', truncated: true, kept: 10 });
  });

  it.each([
    ['a blank line at four fifths of the budget', `${'a'.repeat(78)}\n\n`, 80],
    ['a line of spaces at four fifths of the budget', `${'a'.repeat(76)}\n  \n`, 80],
    ['a blank line just before four fifths of the budget: cut at the last line instead', `${'a'.repeat(77)}\n\n`, 100],
    ['a blank line inside an open code fence: not a paragraph boundary', `\`\`\`\n${'a'.repeat(80)}\n\n`, 100],
  ])('prefers a paragraph boundary in the last fifth of the budget: %s', (_what, head, kept) => {
    // The head, then two lines that end exactly at the budget of 100, then one that does not fit.
    const tail = `${'b'.repeat(100 - head.length - 11)}\n${'c'.repeat(9)}\n${'d'.repeat(500)}`;
    const text = head + tail;
    expect(truncateMarkdown(text, limitFor(100, text), brief).kept).toBe(kept);
  });

  /** Cuts `head` followed by plain lines, in the plain lines, and gives what was added after the kept text, before the note. */
  function closingAfter(head: string): string {
    const text = `${head}\n${'word\n'.repeat(100)}`;
    const result = truncateMarkdown(text, 300, brief);
    expect(result.kept).toBeGreaterThan(head.length + 100);
    expect(result.text.startsWith(text.slice(0, result.kept))).toBe(true);
    expect(result.text.endsWith(`\n${brief(result.kept, text.length)}`)).toBe(true);
    return result.text.slice(result.kept, result.text.length - brief(result.kept, text.length).length - 1);
  }

  it.each([
    ['a closed fence', '```\ncode\n```'],
    ['a fence closed by a longer one', '```\ncode\n`````'],
    ['a fence closed by an indented one with trailing spaces', '```\ncode\n  ``` '],
    ['backticks in the middle of a line', 'see ``` here'],
    ['a line starting with one tilde', '~ roughly 3'],
  ])('adds no closing fence after %s', (_what, head) => {
    expect(closingAfter(head)).toBe('');
  });

  it.each([
    ['a fence "closed" by a shorter one', '````\ncode\n```', '````\n'],
    ['a fence "closed" by the other kind', '```\ncode\n~~~', '```\n'],
    ['a fence "closed" by one with an info string', '```\ncode\n```python', '```\n'],
    ['an open tilde fence', '~~~\ncode', '~~~\n'],
    ['an open fence that quotes <details>', '```\n<details>', '```\n'],
  ])('closes %s, with the same fence and nothing else', (_what, head, closing) => {
    expect(closingAfter(head)).toBe(closing);
  });

  it('closes the <details> still open outside fences, and no more', () => {
    expect(closingAfter('<details>\n\n```\n<details>\n```\n\n</details>')).toBe('');
    expect(closingAfter('<details><summary>a</summary>\n<details>\n</details>')).toBe('</details>\n');
    expect(closingAfter('</details>\n<details>')).toBe('</details>\n');
  });

  it.each([
    ['ASCII', 'a'.repeat(1000), 100],
    ['the first half of U+10000 (\\uD800) last', `${'a'.repeat(99)}\uD800\uDC00${'a'.repeat(900)}`, 99],
    ['the first half of U+10FFFF (\\uDBFF) last', `${'a'.repeat(99)}\uDBFF\uDFFF${'a'.repeat(900)}`, 99],
    ['a whole pair last', `${'a'.repeat(98)}\uD83D\uDE00${'a'.repeat(900)}`, 100],
    ['a character above the surrogates (\\uFF08) last', `${'a'.repeat(99)}\uFF08${'a'.repeat(900)}`, 100],
  ])('cuts one enormous line at the budget, one short rather than between a surrogate pair: %s', (_what, text, kept) => {
    expect(truncateMarkdown(text, limitFor(100, text), brief)).toEqual({ text: `${text.slice(0, kept)}\n${brief(kept, text.length)}`, truncated: true, kept });
  });
});

describe('truncationNote', () => {
  it('points at the job summary of the run when there is no link to it', () => {
    expect(truncationNote(undefined)(1_000, 70_000)).toBe(
      "> [!WARNING]\n> This report was cut to fit GitHub's limit on comment size (1,000 of 70,000 characters shown). The full report is in the job summary of this run.\n",
    );
  });
});
