// The marker is read only where the tool puts it, the last line of the comment: a report that
// quotes another report's marker in its text must not be taken for that report.

import { describe, expect, it } from 'vitest';
import { appendMarker, readMarker, renderMarker } from '../../../src/core/comment/marker.js';
import { findOwnReport } from '../../../src/core/comment/post.js';
import type { CommentApi, StoredComment } from '../../../src/core/comment/ports.js';
import { createMemoryLogger } from '../../../src/logger.js';

describe('readMarker', () => {
  it('reads the marker on the last line, with or without trailing blank lines', () => {
    expect(readMarker(appendMarker('report', { id: 'training', post: 'n1' }))).toEqual({ id: 'training', post: 'n1' });
    expect(readMarker(`report\r\n\r\n${renderMarker({ id: 't', post: 'p' })}\r\n\r\n`)).toEqual({ id: 't', post: 'p' });
  });

  it('ignores a marker quoted inside the text', () => {
    const quoted = `Last run said:\n\n> ${renderMarker({ id: 'training', post: 'old' })}\n\nall good`;
    expect(readMarker(quoted)).toBeUndefined();
    expect(readMarker(`\`\`\`\n${renderMarker({ id: 'training', post: 'old' })}\n\`\`\`\n`)).toBeUndefined();
  });

  it("reads CML's watermark on the last line only", () => {
    const cml = '![](https://cml.dev/watermark.png#0123abcd "CML watermark training")';
    expect(readMarker(`report\n\n${cml}`)).toEqual({ id: 'training', post: '' });
    expect(readMarker(`${cml}\n\nreport`)).toBeUndefined();
  });

  it("reads CML's watermark without a title as the report with no id", () => {
    expect(readMarker('report\n\n![](https://cml.dev/watermark.png#0123abcd "CML watermark")')).toEqual({ id: '', post: '' });
  });

  it('takes only a last line that is the marker and nothing else', () => {
    const marker = renderMarker({ id: 'training', post: 'n1' });
    expect(readMarker(`report\n\nsee ${marker}`)).toBeUndefined();
    expect(readMarker(`report\n\n${marker} (old)`)).toBeUndefined();
    expect(readMarker('report\n\nsee ![](https://cml.dev/watermark.png#0123abcd "CML watermark training")')).toBeUndefined();
    expect(readMarker('report\n\n![](https://cml.dev/watermark.png#0123abcd "CML watermark training") (old)')).toBeUndefined();
  });

  it('keeps an id or nonce that is not valid URI encoding as written', () => {
    expect(readMarker('<!-- continuous-ml:report id="100%" post="%E0%A4" -->')).toEqual({ id: '100%', post: '%E0%A4' });
  });
});

describe('appendMarker', () => {
  it('puts the marker after exactly one blank line, however much whitespace the report ends with', () => {
    const marker = { id: 'training', post: 'n1' };
    expect(appendMarker('report \n\n\n', marker)).toBe(`report\n\n${renderMarker(marker)}\n`);
  });

  it('encodes quotes in the id, and reads the same id back', () => {
    const marker = { id: 'say "hi"', post: 'n1' };
    expect(renderMarker(marker)).toBe('<!-- continuous-ml:report id="say%20%22hi%22" post="n1" -->');
    expect(readMarker(appendMarker('report', marker))).toEqual(marker);
  });
});

describe('findOwnReport', () => {
  it('finds the report itself, not another of our reports that quotes its marker', async () => {
    const training: StoredComment = { id: 1, url: 'u/1', authorLogin: 'bot', body: appendMarker('training v1', { id: 'training', post: 'a' }) };
    const quoting: StoredComment = {
      id: 2,
      url: 'u/2',
      authorLogin: 'bot',
      body: appendMarker(`evaluation, quoting: ${renderMarker({ id: 'training', post: 'a' })}`, { id: 'evaluation', post: 'b' }),
    };
    const api = {
      async *listComments() {
        yield [training, quoting];
      },
    } as unknown as CommentApi;
    expect((await findOwnReport(api, { kind: 'pull-request', number: 1 }, 'training', 'bot', createMemoryLogger()))?.id).toBe(1);
    expect((await findOwnReport(api, { kind: 'pull-request', number: 1 }, 'evaluation', 'bot', createMemoryLogger()))?.id).toBe(2);
  });
});
