// `cml drift` on two image folders through the CLI: the `images` block of the JSON, the Markdown
// with the error chart and the outliers' thumbnails, --fail-on-drift and the mistakes.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';

const fixtures = new URL('../../fixtures/drift/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cml-drift-images-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cml(...argv: string[]): Promise<CliRun> {
  return runCommand(argv, { cwd: fixtures });
}

describe('cml drift on image folders', () => {
  it('writes the images block, and a Markdown report with the error chart and thumbnails of the worst images', async () => {
    const json = join(work, 'inverted.json');
    const md = join(work, 'report/inverted.md');
    const result = await cml('drift', '--reference', 'images/reference', '--current', 'images/inverted', '--image-size', '16', '--json', json, '--md', md);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ drift: false, reference: { path: 'images/reference', format: 'images', rows: 400, columns: 0 }, columns: [], checks: [] });
    expect(Object.keys(report.images)).toEqual(
      expect.arrayContaining(['reference', 'current', 'size', 'model', 'threshold', 'expectedShare', 'outlierShare', 'test', 'drift', 'outliers']),
    );
    expect(report.images).toMatchObject({ reference: 400, current: 200, size: 16, test: { name: 'ks' }, drift: false });
    expect(report.images.model).toMatch(/^pca: \d+ components/);
    expect(report.images.outliers.slice(0, 5).every((outlier: { file: string }) => outlier.file.startsWith('inverted-'))).toBe(true);
    const errors = report.images.outliers.map((outlier: { error: number }) => outlier.error);
    expect(errors).toEqual([...errors].sort((a, b) => b - a));

    const markdown = readFileSync(md, 'utf8');
    expect(markdown).toContain('### Images');
    expect(markdown).toMatch(/!\[reconstruction errors: reference vs current\]\(inverted-plots\/image-errors\.png\)/);
    const thumbnail = /\| !\[(inverted-\d+\.png)\]\((inverted-plots\/outlier-01\.png)\) \| `inverted-\d+\.png` \|/.exec(markdown);
    expect(thumbnail, markdown).not.toBeNull();
    const png = readFileSync(join(dirname(md), thumbnail![2]!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(dirname(md), 'inverted-plots/image-errors.png'))).toBe(true);
  });

  it('new classes drift: the top-level drift and --fail-on-drift follow the images', async () => {
    const result = await cml(
      'drift',
      '--reference',
      'images/reference',
      '--current',
      'images/new-classes',
      '--json',
      '-',
      '--fail-on-drift',
      '--prometheus',
      join(work, 'images.prom'),
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.drift).toBe(true);
    expect(report.images).toMatchObject({ drift: true, size: 32, expectedShare: expect.closeTo(0.01, 12) });
    expect(report.images.outlierShare).toBeGreaterThan(0.3);
    expect(readFileSync(join(work, 'images.prom'), 'utf8')).toContain('cml_drift_images_drift 1\n');
    const calm = await cml('drift', '--reference', 'images/reference', '--current', 'images/same', '--fail-on-drift', '--json', '-');
    expect(calm.code).toBe(0);
  });

  it('a folder against a file, a bad --image-size and column flags on image folders are one-line errors', async () => {
    const mixed = await cml('drift', '--reference', 'images/reference', '--current', 'current.csv');
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('--reference is a folder but --current is a file');
    const size = await cml('drift', '--reference', 'images/reference', '--current', 'images/same', '--image-size', '2');
    expect(size.code).toBe(2);
    expect(size.stderr).toContain('--image-size must be a whole number of pixels from 4 to 256, got "2"');
    const quantile = await cml('drift', '--reference', 'images/reference', '--current', 'images/same', '--image-quantile', '1.5');
    expect(quantile.code).toBe(2);
    const columns = await cml('drift', '--reference', 'images/reference', '--current', 'images/same', '--target', 'label');
    expect(columns.code).toBe(2);
    expect(columns.stderr).toContain('--target names columns, and image folders have none');
  });
});
