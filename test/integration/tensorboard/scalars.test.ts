// `cml tensorboard scalars` end to end on the event-file fixtures: the table, --json, --tag,
// --plots with --md, and one warning per damaged file.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

const fixtures = join(import.meta.dirname, '../../fixtures/tensorboard');

describe('cml tensorboard scalars', () => {
  it('prints a table per run, and warns once about the unfinished file', async () => {
    const run = await runCommand(['tensorboard', 'scalars', 'logdir'], { cwd: fixtures });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'run .\nTag       Points    First    Last    Min    Max\naccuracy  5         0.5      1       0.5    1\nloss      5         1        0.125   0.125  1\n',
    );
    expect(run.stdout).toContain('run eval\n');
    expect(run.stdout).toMatch(/run train\n.*\nbatches +3 +-1 +-3 +-3 +-1\n/);
    expect(run.stderr.match(/warning:/g)).toHaveLength(1);
    expect(run.stderr).toContain('warning: eval/events.out.tfevents.1700000200.ci.3.v2 at byte 176: truncated record');
  });

  it('--json prints points in step order, --tag selects', async () => {
    const run = await runCommand(['tensorboard', 'scalars', 'logdir', '--tag', 'loss,val_loss', '--json', '--log', 'error'], { cwd: fixtures });
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { scalars: { run: string; tag: string; points: { step: number; wallTime: number; value: number }[] }[] };
    expect(parsed.scalars.map((item) => `${item.run}/${item.tag}`)).toEqual(['./loss', 'eval/val_loss']);
    expect(parsed.scalars[0]!.points[0]).toEqual({ step: 0, wallTime: 1700000000.5, value: 1 });
    expect(parsed.scalars[1]!.points.map((point) => point.step)).toEqual([0, 1, 2]);
  });

  it('--plots draws one PNG per tag and --md links them', async () => {
    const cwd = tempDir();
    const run = await runCommand(['tensorboard', 'scalars', join(fixtures, 'logdir'), '--tag', 'loss', '--tag', 'epoch_loss', '--plots', 'charts', '--md'], {
      cwd,
    });
    expect(run.code).toBe(0);
    for (const name of ['loss', 'epoch_loss'])
      expect(
        readFileSync(join(cwd, 'charts', `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    expect(existsSync(join(cwd, 'charts', 'accuracy.png'))).toBe(false);
    expect(run.stdout).toContain('## TensorBoard scalars\n\n![loss](charts/loss.png)\n\n![epoch\\_loss](charts/epoch_loss.png)\n');
    expect(run.stdout).toContain(
      '**Run `train`**\n\n| Tag         | Points   | First   | Last   | Min   | Max   |\n|-------------|----------|---------|--------|-------|-------|\n| epoch\\_loss | 3        | 2       | 1      | 1     | 2     |\n',
    );
  });

  it('a bad checksum is one warning with the offset; the other records are read', async () => {
    const run = await runCommand(['tensorboard', 'scalars', 'bad-crc', '--json'], { cwd: fixtures });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).scalars[0].points.map((point: { step: number }) => point.step)).toEqual([0, 2]);
    expect(run.stderr).toBe('warning: events.out.tfevents.1700000400.ci.5.v2 at byte 80: bad data checksum; record skipped; the other records were read\n');
  });

  it('a folder without event files is one clear error', async () => {
    const cwd = tempDir();
    const run = await runCommand(['tensorboard', 'scalars', '.'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: no TensorBoard event files \(events\.out\.tfevents\.\*\) under .*\(pass the folder/);
  });
});
