// Indented code blocks are code, as fenced ones are: a report documenting `![](plot.png)` with
// four spaces must not have it uploaded. Indented lines that continue a list item or a paragraph
// are not code.

import { describe, expect, it } from 'vitest';
import { findLinks, rewriteLinks } from '../../../src/core/assets/links.js';

describe('indented code blocks', () => {
  it('leaves links inside an indented code block alone', () => {
    const report = ['# Usage', '', '    ![example](secret.png)', '    [raw](data.csv)', '', '![real](plot.png)'].join('\n');
    expect(findLinks(report).map((link) => link.destination)).toEqual(['plot.png']);
    expect(rewriteLinks(report, () => 'https://x')).toContain('    ![example](secret.png)');
  });

  it('keeps a code block across blank lines and tabs', () => {
    const report = ['intro', '', '\t![a](a.png)', '', '    ![b](b.png)', 'after'].join('\n');
    expect(findLinks(report).map((link) => link.destination)).toEqual([]);
  });

  it('still finds indented images that continue a list item or a paragraph', () => {
    const report = ['- results', '', '    ![list](list.png)', '', 'text', '    ![lazy](lazy.png)', '', '1. step', '    ![numbered](numbered.png)'].join('\n');
    expect(findLinks(report).map((link) => link.destination)).toEqual(['list.png', 'lazy.png', 'numbered.png']);
  });
});
