import { describe, expect, it } from 'vitest';
import { findLinks, isLocalDestination, rewriteLinks } from '../../../src/core/assets/links.js';
import { decodeDataUri, makeAsset } from '../../../src/core/assets/content.js';

const report = [
  '# Report',
  '![Confusion matrix](plots/confusion.png "Confusion")',
  'See [the raw data](data/metrics.csv) and [the docs](https://example.com/docs).',
  '![logo][logo]',
  '',
  '[logo]: <assets/my logo.png> "Logo"',
  '<p><img width="300" src="plots/roc.png" alt="ROC"></p>',
  '![inline](data:image/png;base64,iVBORw0KGgo=)',
  '`![not a link](code.png)` stays, and so does:',
  '```markdown',
  '![example](example.png)',
  '```',
  '[anchor](#results)',
].join('\n');

describe('findLinks', () => {
  it('finds images, links, reference definitions, <img> and data URIs, but not code', () => {
    expect(findLinks(report)).toEqual([
      { kind: 'image', destination: 'plots/confusion.png' },
      { kind: 'link', destination: 'data/metrics.csv' },
      { kind: 'link', destination: 'https://example.com/docs' },
      { kind: 'image', destination: 'data:image/png;base64,iVBORw0KGgo=' },
      { kind: 'reference', destination: 'assets/my logo.png' },
      { kind: 'html-image', destination: 'plots/roc.png' },
      // After the code block: text is scanned block by block.
      { kind: 'link', destination: '#results' },
    ]);
  });
});

describe('rewriteLinks', () => {
  it('rewrites each form in place, keeping titles and the rest of the text', () => {
    const out = rewriteLinks(report, (link) =>
      isLocalDestination(link.destination) || link.destination.startsWith('data:') ? `https://x/${link.kind}` : undefined,
    );
    expect(out).toContain('![Confusion matrix](https://x/image "Confusion")');
    expect(out).toContain('[the raw data](https://x/link)');
    expect(out).toContain('[the docs](https://example.com/docs)');
    expect(out).toContain('[logo]: https://x/reference "Logo"');
    expect(out).toContain('<img width="300" src="https://x/html-image" alt="ROC">');
    expect(out).toContain('![inline](https://x/image)');
    expect(out).toContain('`![not a link](code.png)`');
    expect(out).toContain('```markdown\n![example](example.png)\n```');
    expect(out).toContain('[anchor](#results)');
  });
});

describe('content', () => {
  it('names assets by content', () => {
    const a = makeAsset(Buffer.from('same'), 'image/png', '.PNG');
    const b = makeAsset(Buffer.from('same'), 'image/png', 'png');
    expect(a.path).toBe(b.path);
    expect(a.path).toMatch(/^assets\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
  });
  it('decodes base64 data URIs', () => {
    expect(decodeDataUri('data:image/svg+xml;charset=utf-8;base64,PHN2Zz4=')).toEqual({ bytes: Buffer.from('<svg>'), contentType: 'image/svg+xml' });
    expect(decodeDataUri('data:text/plain,hello')).toBeUndefined();
  });
});
