// `cml plot` end to end in-process: flags -> files written -> stdout, the base-revision overlay
// from a real git repository, dvc.yaml plots, and the one-line errors for bad input.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';
import { expectMatchesGolden, fixtures } from './golden.js';

function cml(cwd: string, ...argv: string[]): Promise<CliRun> {
  return runCommand(['plot', ...argv], { cwd });
}

const repo = tempDir('cml-plot-cli-');

function git(...args: string[]): void {
  execFileSync('git', args, { cwd: repo, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo } });
}

beforeAll(() => {
  // main has the base metrics; the working tree has this PR's.
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'CI');
  mkdirSync(join(repo, 'results'), { recursive: true });
  copyFileSync(join(fixtures, 'metrics-base.csv'), join(repo, 'results/metrics.csv'));
  copyFileSync(join(fixtures, 'confusion.csv'), join(repo, 'results/confusion.csv'));
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  copyFileSync(join(fixtures, 'metrics.csv'), join(repo, 'results/metrics.csv'));
});

describe('cml plot', () => {
  it('writes a PNG and prints its path; the overlay with --base matches the golden image', async () => {
    const result = await cml(repo, 'results/metrics.csv', '-y', 'val_loss', '--base', 'main', '--title', 'val_loss: this PR vs main', '-o', 'out/overlay.png');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('out/overlay.png\n');
    await expectMatchesGolden(readFileSync(join(repo, 'out/overlay.png')), 'base-overlay');
  });

  it('several -y fields (comma-separated or repeated) and --md', async () => {
    const result = await cml(repo, 'results/metrics.csv', '-y', 'loss,val_loss', '--title', 'Training loss', '-o', 'loss.png', '--md');
    expect(result.stdout).toBe('![Training loss](loss.png)\n');
    await expectMatchesGolden(readFileSync(join(repo, 'loss.png')), 'linear');
    const repeated = await cml(repo, 'results/metrics.csv', '-y', 'loss', '-y', 'val_loss', '--title', 'Training loss', '-o', 'loss2.png');
    expect(repeated.code).toBe(0);
    expect(readFileSync(join(repo, 'loss2.png')).equals(readFileSync(join(repo, 'loss.png')))).toBe(true);
  });

  it('defaults the output to <data name>.png; --scale 1 halves it; .svg writes SVG', async () => {
    expect((await cml(repo, 'results/metrics.csv')).stdout).toBe('metrics.png\n');
    expect((await cml(repo, 'results/metrics.csv', '--scale', '1', '-o', 'small.png')).code).toBe(0);
    const big = await sharp(join(repo, 'metrics.png')).metadata();
    const small = await sharp(join(repo, 'small.png')).metadata();
    expect(big.width).toBe(small.width! * 2);
    expect((await cml(repo, 'results/metrics.csv', '-o', 'chart.svg')).code).toBe(0);
    expect(readFileSync(join(repo, 'chart.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('renders a --spec file with data relative to it', async () => {
    copyFileSync(join(fixtures, 'area.vl.json'), join(repo, 'results/area.vl.json'));
    const result = await cml(repo, '--spec', 'results/area.vl.json', '--md');
    expect(result.stdout).toBe('![Accuracy by step](area.png)\n');
    await expectMatchesGolden(readFileSync(join(repo, 'area.png')), 'spec-vega-lite');
  });

  it('renders every plot of dvc.yaml, with --base, and copies image plots', async () => {
    const project = join(repo, 'project');
    mkdirSync(join(project, 'eval'), { recursive: true });
    copyFileSync(join(fixtures, 'confusion.csv'), join(project, 'eval/confusion.csv'));
    copyFileSync(join(fixtures, 'golden/spec-vega.png'), join(project, 'eval/splits.png'));
    writeFileSync(
      join(project, 'dvc.yaml'),
      [
        'plots:',
        '  - ../results/metrics.csv:',
        '      y: val_loss',
        '      title: "val_loss: this PR vs main"',
        '  - confusion:',
        '      template: confusion',
        '      x: actual',
        '      y:',
        '        eval/confusion.csv: predicted',
        '  - eval/splits.png',
        '',
      ].join('\n'),
    );
    const result = await cml(project, '--base', 'main', '--md');
    expect(result.code).toBe(0);
    // eval/confusion.csv is not committed: the base revision has no copy, so only the working tree is drawn.
    expect(result.stderr).toBe('warning: eval/confusion.csv is not in main: plotting the working tree only\n');
    expect(result.stdout).toBe(
      [
        '![val_loss: this PR vs main](dvc_plots/results_metrics.png)',
        '![confusion](dvc_plots/confusion.png)',
        '![eval/splits.png](dvc_plots/eval_splits.png)',
        '',
      ].join('\n'),
    );
    await expectMatchesGolden(readFileSync(join(project, 'dvc_plots/results_metrics.png')), 'base-overlay');

    const plain = await cml(project, '--dvc', '-o', 'report');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(['report/results_metrics.png', 'report/confusion.png', 'report/eval_splits.png', ''].join('\n'));
    expect(readFileSync(join(project, 'report/eval_splits.png')).equals(readFileSync(join(fixtures, 'golden/spec-vega.png')))).toBe(true);
    await expectMatchesGolden(readFileSync(join(project, 'report/confusion.png')), 'dvc-confusion');
  });

  it.each([
    [['missing.csv'], /data file not found: .*missing.csv/],
    [
      ['results/metrics.csv', '--template', 'pie'],
      /unknown template "pie" \(use one of linear, simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted/,
    ],
    [['results/metrics.csv', '-y', 'acc'], /field "acc" \(-y\) is not in results\/metrics.csv \(available fields: step, loss, val_loss, accuracy\)/],
    [['results/metrics.csv', '-x', 'epoch'], /field "epoch" \(-x\) is not in results\/metrics.csv \(available fields: step, loss, val_loss, accuracy\)/],
    [['results/metrics.csv', '-o', 'plot.jpg'], /output must end in .png or .svg/],
    [['results/metrics.csv', '--scale', 'big'], /--scale must be a number/],
    [['results/metrics.csv', '--base', 'no-such-branch'], /unknown git revision "no-such-branch"/],
    [['results/metrics.csv', '--base=--upload-pack=x'], /not a git revision/],
    [['results/metrics.csv', '--spec', 'a.json'], /either a data file or --spec/],
    [['--spec', 'a.json', '-y', 'loss'], /-y only apply to a data file/],
    [['--spec', 'missing.json'], /spec file not found/],
    [[], /needs a data file, --spec <file> or --dvc/],
    [['--dvc'], /no dvc.yaml in/],
    [['a.csv', 'b.csv'], /takes one data file/],
  ])('cml plot %j fails in one line', async (argv, message) => {
    const result = await cml(repo, ...argv);
    // Calling it wrong exits 2; a problem with the data or the repository exits 1.
    const usage = /--scale|output must end|either a data file|only apply|needs a data file|takes one data file/.test(message.source);
    expect(result.code).toBe(usage ? 2 : 1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('help lists the flags', async () => {
    const result = await cml(repo, '--help');
    for (const flag of ['--template', '-x, --x', '-y, --y', '--title', '--x-label', '--y-label', '-o, --out', '--scale', '--md', '--spec', '--base', '--dvc']) {
      expect(result.stdout).toContain(flag);
    }
    expect(existsSync(join(repo, 'out'))).toBe(true);
  });
});
