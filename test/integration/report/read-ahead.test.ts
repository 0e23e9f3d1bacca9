// What `cml report` does while the training command runs. It reads the base revision: every git
// read of the base commit (its file list, dvc.yaml, the metrics, params and plot data) starts
// before the command ends, and the report built afterwards takes the files from there instead of
// asking git again (git is wrapped to log each call). And it draws the plots once from the base's
// data, so that the real ones are laid out with the charts Vega compiled then. Each command waits
// (bounded) until what it is about has started, so nothing depends on timing.

import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/logger.js';
import { tempDir } from '../../helpers/temp.js';
import { makeProject, report } from './harness.js';

const dir = tempDir();

it('reads the base while the command runs, and not again after it', async () => {
  const project = makeProject(dir);
  const bin = join(dir, 'bin');
  const log = join(dir, 'git.log');
  mkdirSync(bin, { recursive: true });
  writeFileSync(log, '');
  const realGit = process.env
    .PATH!.split(':')
    .map((folder) => join(folder, 'git'))
    .find((path) => {
      try {
        return readFileSync(path).length > 0;
      } catch {
        return false;
      }
    })!;
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$@" >> ${JSON.stringify(log)}\nexec ${JSON.stringify(realGit)} "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  // The training command: waits (at most 10 s) until the base's files are being read, then trains and
  // marks in the log where it ended.
  writeFileSync(
    join(project, 'scripts', 'train-after-base-read.mjs'),
    [
      "import { appendFileSync, readFileSync } from 'node:fs';",
      "import { execFileSync } from 'node:child_process';",
      `const log = ${JSON.stringify(log)};`,
      'const deadline = Date.now() + 10_000;',
      "const started = () => readFileSync(log, 'utf8').split('\\n').filter((line) => line.startsWith('cat-file')).length >= 2;",
      'while (!started() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));',
      "execFileSync(process.execPath, ['train.mjs'], { stdio: 'inherit' });",
      "appendFileSync(log, 'COMMAND ENDED\\n');",
    ].join('\n'),
  );

  // git is run from this process's PATH (this test file has a worker of its own).
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  let run: Awaited<ReturnType<typeof report>>;
  try {
    run = await report(project, ['--no-comment', '--base', 'main', '--', process.execPath, 'scripts/train-after-base-read.mjs'], { GITHUB_TOKEN: undefined });
  } finally {
    process.env.PATH = path;
  }
  const { outcome } = run;
  expect(outcome.exitCode).toBe(0);
  // The report still compares with the base: the learning rate changed from main's.
  expect(outcome.markdown).toMatch(/learning_rate/);
  expect(outcome.markdown).toMatch(/logs_train\.png/);

  const calls = readFileSync(log, 'utf8').trim().split('\n');
  const end = calls.indexOf('COMMAND ENDED');
  expect(end).toBeGreaterThan(0);
  const before = calls.slice(0, end);
  expect(before.filter((call) => call.startsWith('ls-tree'))).toHaveLength(1);
  expect(before.filter((call) => call.startsWith('cat-file')).length).toBeGreaterThanOrEqual(2);
  // After the run: the working tree's file list, and nothing read from the base commit.
  const after = calls.slice(end + 1);
  expect(after.filter((call) => /^(cat-file|ls-tree|show)\b/.test(call))).toEqual([]);
});

it('draws the plots once ahead from the base while the command runs, and lays the real ones out with those charts (counting its own, not the drift charts laid out beside them)', async () => {
  const project = makeProject(tempDir());
  const release = join(project, 'release');
  // The training command: waits (at most 10 s) until the plots have been drawn ahead, then trains.
  writeFileSync(
    join(project, 'scripts', 'train-when-released.mjs'),
    [
      "import { existsSync } from 'node:fs';",
      "import { execFileSync } from 'node:child_process';",
      'const deadline = Date.now() + 10_000;',
      `while (!existsSync(${JSON.stringify(release)}) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));`,
      "execFileSync(process.execPath, ['train.mjs'], { stdio: 'inherit' });",
    ].join('\n'),
  );
  const { layoutCounts } = await import('../../../src/core/plot/index.js');
  const start = layoutCounts();
  const watcher = (async () => {
    // The two plots and the two drift charts (the data files exist before the run).
    for (let attempt = 0; attempt < 500 && layoutCounts().compiled - start.compiled < 4; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(release, '');
  })();
  const drift = ['--drift-reference', 'data/reference.csv', '--drift-current', 'data/current.csv'];
  const { outcome, lines } = await report(project, ['--no-comment', '--base', 'main', ...drift, '--', process.execPath, 'scripts/train-when-released.mjs'], {
    GITHUB_TOKEN: undefined,
  });
  await watcher;
  expect(outcome.exitCode).toBe(0);
  expect(lines).toContain("debug: drew 2 plots ahead from the base's data while the command ran");
  expect(lines).toContain('debug: 2 of 2 plots laid out with the chart drawn ahead');
  expect(outcome.markdown).toContain('<img src="report-plots/logs_train.png"');
});

/** A training command that waits (at most 10 s) for `release` to exist, then runs `then` (Node code). */
function waitingCommand(project: string, release: string, then: string): string[] {
  const script = join(project, 'scripts', 'wait-then.mjs');
  writeFileSync(
    script,
    [
      "import { existsSync, writeFileSync } from 'node:fs';",
      'const deadline = Date.now() + 10_000;',
      `while (!existsSync(${JSON.stringify(release)}) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));`,
      then,
    ].join('\n'),
  );
  return [process.execPath, script];
}

/** Creates `release` once a line matching `pattern` is logged (polled, at most 10 s). */
async function releaseWhenLogged(logger: { lines: string[] }, pattern: RegExp, release: string): Promise<void> {
  for (let attempt = 0; attempt < 500 && !logger.lines.some((line) => pattern.test(line)); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  writeFileSync(release, '');
}

describe('drift data compared while the command runs', () => {
  const drift = ['--drift-reference', 'data/reference.csv', '--drift-current', 'data/current.csv'];

  it('is used when the command leaves both files alone', async () => {
    const project = makeProject(tempDir());
    const release = join(project, 'release');
    const logger = createMemoryLogger('debug');
    const released = releaseWhenLogged(logger, /compared \d+ columns/, release);
    const { outcome, lines } = await report(
      project,
      ['--no-comment', ...drift, '--', ...waitingCommand(project, release, '')],
      { GITHUB_TOKEN: undefined },
      undefined,
      logger,
    );
    await released;
    expect(outcome.exitCode).toBe(0);
    expect(lines).toContain('debug: the drift data files did not change during the run: using the comparison made while it ran');
    expect(lines.filter((line) => /compared \d+ columns/.test(line))).toHaveLength(1);
    expect(outcome.markdown).toMatch(/Data drift: 🔴 2 of 4 columns drifted/);
  });

  it('is compared again when the command rewrote a file', async () => {
    const project = makeProject(tempDir());
    const release = join(project, 'release');
    const logger = createMemoryLogger('debug');
    const released = releaseWhenLogged(logger, /compared \d+ columns/, release);
    // The run makes the current data the reference's: no drift left.
    const rewrite = `writeFileSync('data/current.csv', ${JSON.stringify(readFileSync(join(project, 'data', 'reference.csv'), 'utf8'))});`;
    const { outcome, lines } = await report(
      project,
      ['--no-comment', ...drift, '--', ...waitingCommand(project, release, rewrite)],
      { GITHUB_TOKEN: undefined },
      undefined,
      logger,
    );
    await released;
    expect(outcome.exitCode).toBe(0);
    expect(lines.some((line) => line.includes('using the comparison made while it ran'))).toBe(false);
    expect(lines.filter((line) => /compared \d+ columns/.test(line))).toHaveLength(2);
    expect(outcome.markdown).toMatch(/Data drift: 🟢 none in 4 columns/);
  });
});
