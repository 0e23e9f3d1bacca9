// A DVC-style project in a real git repository (examples/project: `main` trained and committed,
// a `feature` branch with another learning rate), the loopback GitHub, and `cml report` run
// in-process against them with the client's waits shortened.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../../../src/cli/parse.js';
import { runReport, type ReportOutcome } from '../../../src/commands/report/run.js';
import { buildReportSettings } from '../../../src/commands/report/settings.js';
import { reportSpec } from '../../../src/commands/report/spec.js';
import { createMemoryLogger } from '../../../src/logger.js';

const root = new URL('../../..', import.meta.url).pathname;
export const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };

/** The example project as a repository: `main` with a trained baseline, `feature` checked out with learning_rate 2.0. */
export function makeProject(dir: string): string {
  const project = join(dir, 'project');
  cpSync(join(root, 'examples', 'project'), project, { recursive: true, filter: (source) => !/[\\/]\.gitignore$/.test(source) });
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: project, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch', 'main');
  execFileSync(process.execPath, ['train.mjs'], { cwd: project, stdio: 'ignore' });
  git('add', '-A');
  git('commit', '--quiet', '-m', 'Baseline');
  git('checkout', '--quiet', '-b', 'feature');
  writeFileSync(join(project, 'params.yaml'), readFileSync(join(project, 'params.yaml'), 'utf8').replace(/^learning_rate: .*$/m, 'learning_rate: 2.0'));
  mkdirSync(join(project, 'scripts'), { recursive: true });
  return project;
}

export interface ReportRun {
  readonly outcome: ReportOutcome;
  readonly output: string;
  readonly lines: string[];
}

export async function report(
  cwd: string,
  argv: string[],
  env: Record<string, string | undefined>,
  signal = new AbortController().signal,
  logger = createMemoryLogger('debug'),
): Promise<ReportRun> {
  const parsed = parseCommand(reportSpec, argv, env);
  const settings = buildReportSettings(parsed.values, parsed.positionals, { PATH: process.env.PATH, ...env }, cwd);
  let output = '';
  const outcome = await runReport(settings, {
    logger,
    signal,
    stdout: (text) => (output += text),
    stderr: (text) => (output += text),
    client: { millisecondsPerSecond: 5, minimumWriteIntervalMs: 0 },
    retryDelayMs: 5,
  });
  return { outcome, output, lines: logger.lines };
}
