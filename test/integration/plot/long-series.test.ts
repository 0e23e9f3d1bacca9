// A long, wide CSV: only the plotted columns are kept, each series is downsampled (LTTB) to a few
// thousand points that keep its shape, and the chart says so under its title.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SERIES_POINTS } from '../../../src/core/plot/downsample.js';
import { readDelimitedRows, templateSpec } from '../../../src/core/plot/index.js';
import { runCommand } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

const ROWS = 50_000;
const SPIKE = 31_337;

/** step, six noise columns, loss (with one spike) and accuracy. */
function longCsv(): string {
  const lines = ['step,a,b,c,d,e,f,loss,accuracy'];
  for (let step = 0; step < ROWS; step += 1) {
    const loss = step === SPIKE ? 1000 : 1 / (1 + step / 1000) + ((step * 7919) % 13) / 1000;
    lines.push(`${step},${step % 3},x${step},0.5,1e-3,"q, ${step}",-1,${loss.toFixed(5)},${(step / ROWS).toFixed(5)}`);
  }
  return `${lines.join('\n')}\n`;
}

const directory = tempDir('cml-plot-long-');
const csv = longCsv();
writeFileSync(join(directory, 'train.csv'), csv);

describe('a long CSV', () => {
  it('keeps only the plotted columns, even when read in small chunks', async () => {
    const chunks = (function* () {
      for (let start = 0; start < csv.length; start += 4093) yield csv.slice(start, start + 4093);
    })();
    const rows = await readDelimitedRows(chunks, 'csv', 'train.csv', () => ['step', 'loss']);
    expect(rows).toHaveLength(ROWS);
    expect(Object.keys(rows[0]!)).toEqual(['step', 'loss']);
    expect(rows[SPIKE]).toEqual({ step: SPIKE, loss: 1000 });
  });

  it('draws each series as a few thousand points that keep its peaks', () => {
    const rows = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const cells = line.split(',');
        return { step: Number(cells[0]), loss: Number(cells[8]), accuracy: Number(cells[9]) };
      });
    const spec = templateSpec({ template: 'linear', sources: [{ rows, revision: 'workspace', file: 'train.csv' }], y: ['loss', 'accuracy'] });
    const data = (spec.data as { values: Record<string, unknown>[] }).values;
    expect(data).toHaveLength(2 * MAX_SERIES_POINTS);
    expect(data.some((row) => row.value === 1000 && row.step === SPIKE)).toBe(true);
    expect((spec.title as { subtitle?: string }).subtitle).toBe('series of up to 50,000 points drawn as 4,000 (LTTB downsampling)');
  });

  it('cml plot draws it downsampled and says so on the chart', async () => {
    const result = await runCommand(['plot', 'train.csv', '-y', 'loss', '--title', 'Loss', '-o', 'loss.svg'], { cwd: directory });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const svg = readFileSync(join(directory, 'loss.svg'), 'utf8');
    expect(svg).toContain('>Loss</text>');
    expect(svg).toContain('>series of up to 50,000 points drawn as 4,000 (LTTB downsampling)</text>');
    const line = /<g class="mark-line role-mark[^>]*><path [^>]*d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const points = line.split(/[ML]/).filter((part) => part !== '').length;
    expect(points).toBeGreaterThan(MAX_SERIES_POINTS / 2);
    expect(points).toBeLessThanOrEqual(MAX_SERIES_POINTS);
  });
});
