// `cml drift --time-column` end to end: the pattern and change point in the JSON, the sentence and
// the time-series chart of each drifted column in the Markdown.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { generate } from '../../unit/drift/generate.js';

const work = mkdtempSync(join(tmpdir(), 'cml-drift-patterns-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function csv(name: string, start: number, values: ArrayLike<number>, steady: ArrayLike<number>): string {
  const lines = ['day,x,steady'];
  for (let i = 0; i < values.length; i += 1) lines.push(`${start + i},${values[i]!.toFixed(4)},${steady[i]!.toFixed(4)}`);
  writeFileSync(join(work, name), lines.join('\n') + '\n');
  return name;
}

describe('cml drift --time-column', () => {
  it('reports a sudden change with its start, and draws the column over time', async () => {
    const reference = csv(
      'ref.csv',
      0,
      generate({ kind: 'normal12', seed: 13, n: 400, loc: 0, scale: 1 }),
      generate({ kind: 'normal12', seed: 31, n: 400, loc: 0, scale: 1 }),
    );
    const noise = generate({ kind: 'normal12', seed: 7, n: 1000, loc: 0, scale: 1 });
    const current = csv(
      'cur.csv',
      400,
      Float64Array.from(noise, (z, i) => z + (i >= 300 ? 3 : 0)),
      generate({ kind: 'normal12', seed: 41, n: 1000, loc: 0, scale: 1 }),
    );
    let stderr = '';
    const md = join(work, 'report.md');
    const code = await runCli(['drift', '--reference', reference, '--current', current, '--time-column', 'day', '--json', 'report.json', '--md', md], {
      env: {},
      cwd: work,
      stdout: () => {},
      stderr: (text) => (stderr += text),
      signal: new AbortController().signal,
    });
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
    const x = report.columns.find((column: { name: string }) => column.name === 'x');
    expect(x).toMatchObject({ drift: true, pattern: 'sudden' });
    expect(Math.abs(Number(x.changePoint) - 700)).toBeLessThanOrEqual(3);
    const steady = report.columns.find((column: { name: string }) => column.name === 'steady');
    expect(steady.pattern).toBe('none');
    const markdown = readFileSync(md, 'utf8');
    expect(markdown).toContain(`Pattern over time: **sudden**, the new level starts at \`${x.changePoint}\`.`);
    expect(markdown).toMatch(/!\[x over time\]\(report-plots\/01-x-time\.png\)/);
    expect(existsSync(join(work, 'report-plots/01-x-time.png'))).toBe(true);
  });
});
