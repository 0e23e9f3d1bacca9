// A Vega-Lite spec with a mark Vega-Lite does not have: one line naming the spec, the mark and the
// marks there are, not a message from inside Vega-Lite.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

const directory = tempDir('cml-plot-mark-');

function specWithMark(mark: unknown): string {
  return JSON.stringify({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: [{ a: 1, b: 2 }] },
    layer: [{ mark: 'point' }, { mark }],
    encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
  });
}

describe('an invalid Vega-Lite mark', () => {
  it.each([
    ['a misspelt mark', 'lines', '"lines"'],
    ['a mark object with an unknown type', { type: 'bogus', color: 'red' }, '"bogus"'],
  ])('%s is one clear line', async (_, mark, shown) => {
    writeFileSync(join(directory, 'chart.vl.json'), specWithMark(mark));
    const result = await runCommand(['plot', '--spec', 'chart.vl.json', '-o', 'chart.svg'], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toContain(`chart.vl.json is not a valid Vega-Lite spec: unknown mark ${shown}`);
    expect(lines[0]).toMatch(/use one of .*\bline\b.*\bpoint\b/);
    expect(lines[0]).not.toMatch(/reading|undefined|unexpected error|this is a bug/);
  });
});
