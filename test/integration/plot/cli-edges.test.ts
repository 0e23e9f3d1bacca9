// `cml plot` where the input or the surroundings are not as expected: a y field of text, dvc.yaml
// plots whose files are missing, a data file in a repository the command is not run from, and an
// output path that cannot be written. Each fails in one line (or warns and carries on, as DVC does).

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';
import { expectMatchesGolden, fixtures } from './golden.js';

function cml(cwd: string, ...argv: string[]): Promise<CliRun> {
  return runCommand(['plot', ...argv], { cwd });
}

function expectOneLineError(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).not.toMatch(/unexpected error|this is a bug/);
}

/** Files and folders left in `directory` that look like an interrupted write. */
function leftovers(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((name) => /\.tmp$/.test(name));
}

const repo = tempDir('cml-plot-edges-');
const outside = tempDir('cml-plot-outside-');

function git(...args: string[]): void {
  execFileSync('git', args, { cwd: repo, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo } });
}

beforeAll(() => {
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'CI');
  mkdirSync(join(repo, 'results'), { recursive: true });
  copyFileSync(join(fixtures, 'metrics-base.csv'), join(repo, 'results/metrics.csv'));
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  copyFileSync(join(fixtures, 'metrics.csv'), join(repo, 'results/metrics.csv'));
  writeFileSync(join(repo, 'text.csv'), 'step,loss\n0,a\n1,b\n');
});

describe('a y field with no numbers', () => {
  it('fails in one line naming the field and file, and writes no image', async () => {
    const result = await cml(repo, 'text.csv', '-o', 't.png');
    expectOneLineError(
      result,
      /^error: field "loss" \(-y\) has no numeric values in text\.csv \(values such as "a" are not numbers; the linear template draws -y on a numeric axis\)$/,
    );
    expect(existsSync(join(repo, 't.png'))).toBe(false);
  });

  it('is fine where the template takes categories (bar_horizontal y, confusion)', async () => {
    writeFileSync(join(repo, 'importance.csv'), 'feature,importance\nage,0.5\nincome,0.3\n');
    expect((await cml(repo, 'importance.csv', '--template', 'bar_horizontal', '-x', 'importance', '-y', 'feature', '-o', 'bars.svg')).code).toBe(0);
    expect((await cml(repo, 'text.csv', '--template', 'confusion', '-x', 'step', '-y', 'loss', '-o', 'confusion.svg')).code).toBe(0);
  });
});

describe('--dvc with missing files', () => {
  const project = (): string => join(repo, 'dvc-missing');

  beforeAll(() => {
    mkdirSync(join(project(), 'eval'), { recursive: true });
    copyFileSync(join(fixtures, 'metrics.csv'), join(project(), 'eval/metrics.csv'));
    copyFileSync(join(fixtures, 'metrics-base.csv'), join(project(), 'eval/train.csv'));
  });

  it('warns about each missing file, draws the rest and succeeds', async () => {
    writeFileSync(
      join(project(), 'dvc.yaml'),
      [
        'plots:',
        '  - eval/roc.json',
        '  - eval/metrics.csv:',
        '      y: val_loss',
        '  - eval/confusion.png',
        '  - loss:',
        '      y:',
        '        eval/train.csv: loss',
        '        eval/test.csv: loss',
        '  - eval/missing-directory/',
        '',
      ].join('\n'),
    );
    const result = await cml(project(), '--dvc');
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      'warning: eval/roc.json not found: skipped plot "eval/roc.json" (dvc.yaml)',
      'warning: eval/confusion.png not found: skipped plot "eval/confusion.png" (dvc.yaml)',
      'warning: eval/test.csv not found: plot "loss" (dvc.yaml) is drawn without it',
      'warning: eval/missing-directory not found: skipped plot "eval/missing-directory/" (dvc.yaml)',
    ]);
    expect(result.stdout).toBe(['dvc_plots/eval_metrics.png', 'dvc_plots/loss.png', ''].join('\n'));
    expect(readdirSync(join(project(), 'dvc_plots')).sort()).toEqual(['eval_metrics.png', 'loss.png']);
  });

  it('fails when nothing could be drawn', async () => {
    writeFileSync(join(project(), 'dvc.yaml'), ['plots:', '  - eval/roc.json', '  - eval/pr.json', ''].join('\n'));
    const result = await cml(project(), '--dvc', '-o', 'none');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'warning: eval/roc.json not found: skipped plot "eval/roc.json" (dvc.yaml)',
      'warning: eval/pr.json not found: skipped plot "eval/pr.json" (dvc.yaml)',
      'error: no plot of dvc.yaml could be drawn: eval/roc.json, eval/pr.json not found (run the pipeline that writes them first: dvc repro)',
    ]);
    expect(existsSync(join(project(), 'none'))).toBe(false);
  });
});

describe('--base for a data file in a repository the command is not run from', () => {
  it('finds the repository from the data file and reads it by its path there', async () => {
    const result = await cml(
      outside,
      join(repo, 'results/metrics.csv'),
      '-y',
      'val_loss',
      '--base',
      'main',
      '--title',
      'val_loss: this PR vs main',
      '-o',
      'overlay.png',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('overlay.png\n');
    await expectMatchesGolden(readFileSync(join(outside, 'overlay.png')), 'base-overlay');
  });

  it("also from a folder of the repository other than the data file's", async () => {
    mkdirSync(join(repo, 'docs'), { recursive: true });
    const result = await cml(join(repo, 'docs'), '../results/metrics.csv', '-y', 'val_loss', '--base', 'main', '-o', 'overlay.svg');
    expect(result.stderr).toBe('');
    const svg = readFileSync(join(repo, 'docs/overlay.svg'), 'utf8');
    expect(svg).toContain('>main</text>');
    expect(svg).toContain('>workspace</text>');
  });

  it('a data file outside any repository is named in one line', async () => {
    writeFileSync(join(outside, 'loose.csv'), 'step,loss\n0,1\n1,0.5\n');
    const result = await cml(outside, 'loose.csv', '--base', 'main', '-o', 'loose.png');
    expectOneLineError(result, /is not in a git repository: --base reads the data file from the repository that holds it/);
  });
});

describe('relative data URLs', () => {
  it("a template file's own data URLs are read beside the template, wherever the command runs", async () => {
    mkdirSync(join(repo, 'templates'), { recursive: true });
    writeFileSync(join(repo, 'templates/target.csv'), 'goal\n0.3\n');
    const template = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: '<DVC_METRIC_DATA>' },
      layer: [
        { mark: 'line', encoding: { x: { field: '<DVC_METRIC_X>', type: 'quantitative' }, y: { field: '<DVC_METRIC_Y>', type: 'quantitative' } } },
        { data: { url: 'target.csv' }, mark: { type: 'rule', color: 'red' }, encoding: { y: { field: 'goal', type: 'quantitative' } } },
      ],
    };
    writeFileSync(join(repo, 'templates/with-target.json'), JSON.stringify(template));
    const result = await cml(
      outside,
      join(repo, 'results/metrics.csv'),
      '-y',
      'val_loss',
      '--template',
      join(repo, 'templates/with-target.json'),
      '-o',
      'target.svg',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(outside, 'target.svg'), 'utf8')).toContain('stroke="red"');
  });
});

describe('an output that cannot be written', () => {
  it('an existing directory: one line, before drawing', async () => {
    mkdirSync(join(repo, 'somedir.png'));
    expectOneLineError(await cml(repo, 'results/metrics.csv', '-o', 'somedir.png'), /^error: cannot write somedir\.png: it is a directory$/);
    expectOneLineError(await cml(repo, '--spec', join(fixtures, 'area.vl.json'), '-o', 'somedir.png'), /^error: cannot write somedir\.png: it is a directory$/);
    expect(readdirSync(join(repo, 'somedir.png'))).toEqual([]);
  });

  it('a file where a folder of the path should be', async () => {
    expectOneLineError(
      await cml(repo, 'results/metrics.csv', '-o', 'results/metrics.csv/plot.png'),
      /^error: cannot write results\/metrics\.csv\/plot\.png: results\/metrics\.csv is a file, not a directory$/,
    );
    expectOneLineError(
      await cml(repo, 'results/metrics.csv', '-o', 'text.csv/deeper/plot.svg'),
      /^error: cannot write text\.csv\/deeper\/plot\.svg: text\.csv is a file, not a directory$/,
    );
  });

  it('--dvc with -o naming a file', async () => {
    const project = join(repo, 'dvc-out');
    mkdirSync(project, { recursive: true });
    copyFileSync(join(fixtures, 'metrics.csv'), join(project, 'metrics.csv'));
    writeFileSync(join(project, 'dvc.yaml'), 'plots:\n  - metrics.csv\n');
    writeFileSync(join(project, 'report'), 'not a directory\n');
    expectOneLineError(await cml(project, '--dvc', '-o', 'report'), /^error: cannot write report\/metrics\.png: report is a file, not a directory$/);
  });

  it('leaves no temporary file behind, and overwrites an existing image whole', async () => {
    writeFileSync(join(repo, 'again.svg'), 'old');
    expect((await cml(repo, 'results/metrics.csv', '-o', 'again.svg')).code).toBe(0);
    expect(readFileSync(join(repo, 'again.svg'), 'utf8')).toMatch(/^<svg /);
    expect(leftovers(repo)).toEqual([]);
  });
});
