// The rendered comment written locally (--local-file, .cml/comment.md by default) must show the
// report's images where it is written, not only where the report is.

import { describe, expect, it } from 'vitest';
import { relinkFrom } from '../../../src/commands/comment/local.js';

describe('relinkFrom', () => {
  it('rewrites local links relative to the folder the comment is written to', () => {
    const markdown = ['![Loss](plots/loss.png "training")', '[data](data/train.csv#L2)', '<img src="plots/cm 1.png">', '[ref]: ./plots/roc.png'].join('\n');
    expect(relinkFrom(markdown, '/work/project', '/work/demo-output')).toBe(
      [
        '![Loss](../project/plots/loss.png "training")',
        '[data](../project/data/train.csv#L2)',
        '<img src="../project/plots/cm%201.png">',
        '[ref]: ../project/plots/roc.png',
      ].join('\n'),
    );
  });

  it('leaves URLs, anchors, data URIs, absolute paths and code alone', () => {
    const markdown = [
      '![a](https://example.com/a.png)',
      '[top](#top)',
      '![d](data:image/png;base64,AAAA)',
      '![abs](/tmp/x.png)',
      '```',
      '![code](plots/x.png)',
      '```',
    ].join('\n');
    expect(relinkFrom(markdown, '/work/project', '/work/elsewhere')).toBe(markdown);
  });

  it('changes nothing when the comment is written beside the report', () => {
    expect(relinkFrom('![x](plots/x.png)', '/work/project', '/work/project')).toBe('![x](plots/x.png)');
  });
});
