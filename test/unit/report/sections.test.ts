// The report's own sections: image sizes that fit a comment, the failed run's fold, run facts,
// and the settings refused before a training run is spent.

import { describe, expect, it } from 'vitest';
import { buildReportSettings } from '../../../src/commands/report/settings.js';
import { gallerySection } from '../../../src/report/gallery.js';
import { failureFold, formatBytes, formatDuration, runStatus } from '../../../src/report/run-facts.js';

const run = {
  command: 'python train.py',
  exitCode: 2,
  signal: undefined,
  wallMs: 72_400,
  peakMemoryBytes: 3 * 1024 ** 3,
  gpu: undefined,
  tail: ['epoch 1', 'a ``` fence'],
};

describe('report sections', () => {
  it('puts two small charts on a row and caps a wide one at 700 CSS pixels', () => {
    const lines = gallerySection([
      { src: 'p/a.png', title: 'A', width: 340 },
      { src: 'p/b.png', title: 'B "quoted"', width: 300 },
      { src: 'p/c.png', title: 'C', width: 900 },
    ]);
    expect(lines).toEqual([
      '### Plots',
      '',
      '<img src="p/a.png" alt="A" title="A" width="340"> <img src="p/b.png" alt="B &quot;quoted&quot;" title="B &quot;quoted&quot;" width="300">',
      '',
      '<img src="p/c.png" alt="C" title="C" width="700">',
      '',
    ]);
  });

  it("folds a failed run's output in a fence its lines cannot close", () => {
    expect(runStatus(run)).toBe('❌ **Run failed** (exit 2) after 1 min 12 s');
    expect(failureFold(run)).toEqual([
      '<details><summary>Last 2 lines of output</summary>',
      '',
      '````text',
      'epoch 1',
      'a ``` fence',
      '````',
      '',
      '</details>',
      '',
    ]);
    expect(failureFold({ ...run, exitCode: 0 })).toEqual([]);
  });

  it('formats durations and sizes for people', () => {
    expect([formatDuration(800), formatDuration(42_000), formatDuration(3_725_000)]).toEqual(['0.8 s', '42 s', '1 h 2 min']);
    expect([formatBytes(512), formatBytes(3 * 1024 ** 3), formatBytes(150 * 1024 ** 2)]).toEqual(['512 B', '3.0 GiB', '150 MiB']);
  });
});

describe('report settings', () => {
  const build = (values: Record<string, unknown>, positionals: string[] = []) => buildReportSettings(values as never, positionals, {}, '/work');

  it('needs both drift files', () => {
    expect(() => build({ 'drift-reference': 'a.csv' })).toThrow(/--drift-reference needs --drift-current/);
  });

  it('runs words after -- as a program, one argument with spaces through the shell', () => {
    expect(build({}, ['python', 'train.py', '--epochs', '3']).command).toEqual({ kind: 'argv', argv: ['python', 'train.py', '--epochs', '3'] });
    expect(build({}, ['python train.py && dvc push']).command).toEqual({ kind: 'shell', script: 'python train.py && dvc push' });
    expect(build({}, []).command).toBeUndefined();
  });

  it('refuses a bad gate, base or precision before anything runs', () => {
    expect(() => build({ 'fail-on': ['accuracy'] })).toThrow(/--fail-on "accuracy" is not a gate/);
    expect(() => build({ base: '--upload-pack=x' })).toThrow(/--base "--upload-pack=x" is not a revision/);
    expect(() => build({ precision: 'many' })).toThrow(/--precision must be a whole number/);
  });

  it('writes the report under .cml/ unless --md names a file, images beside it', () => {
    expect(build({}).markdownFile).toBe('/work/.cml/report.md');
    expect(build({ md: 'out/comment.md' }).posting.baseDir).toBe('/work/out');
  });
});
