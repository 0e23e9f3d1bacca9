#!/usr/bin/env node
// Benchmark: `cml metrics diff` of 10,000 metrics across 50 files (JSON and YAML, nested) between
// two commits, as a user runs it (a fresh `node` process each time). Prints the median.
//
// Uses dist/bin/cml.js when it exists and has the command (after `npm run build`); otherwise
// bundles src/bin/cml.ts with scripts/bundle.mjs (as the build does) into a temporary folder.
// Usage: node scripts/bench/metrics.mjs [--runs 7] [--bundle]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../bundle.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 7;
const forceBundle = args.includes('--bundle');
const FILES = 50;
const PER_FILE = 200;
const BUDGET_MS = 1000;

const work = mkdtempSync(join(tmpdir(), 'cml-bench-metrics-'));
try {
  const cli = await findCli(work);
  const repo = join(work, 'repo');
  mkdirSync(repo);
  const git = (...gitArgs) =>
    execFileSync('git', gitArgs, {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@example.com' },
    });
  git('init', '--quiet', '--initial-branch=main');

  // Deterministic values (a small LCG) so every run measures the same work.
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const writeRevision = (shift) => {
    const targets = [];
    for (let file = 0; file < FILES; file += 1) {
      const groups = {};
      for (let index = 0; index < PER_FILE; index += 1) {
        const group = `group${index % 10}`;
        groups[group] ??= {};
        // About a third of the metrics change between the two revisions.
        groups[group][`metric_${index}`] = index % 3 === 0 ? Number((random() + shift).toFixed(6)) : index * 0.001 + file;
      }
      const name = file % 2 === 0 ? `metrics/eval_${file}.json` : `metrics/eval_${file}.yaml`;
      mkdirSync(join(repo, 'metrics'), { recursive: true });
      const text = name.endsWith('.json')
        ? JSON.stringify(groups, null, 2)
        : Object.entries(groups)
            .map(
              ([group, values]) =>
                `${group}:\n${Object.entries(values)
                  .map(([key, value]) => `  ${key}: ${Number.isInteger(value) ? value.toFixed(1) : value}`)
                  .join('\n')}`,
            )
            .join('\n');
      writeFileSync(join(repo, name), text + '\n');
      targets.push(name);
    }
    writeFileSync(join(repo, 'dvc.yaml'), `metrics:\n${targets.map((target) => `  - ${target}`).join('\n')}\n`);
  };
  writeRevision(0);
  git('add', '--all');
  git('commit', '--quiet', '-m', 'old');
  writeRevision(0.5);
  git('add', '--all');
  git('commit', '--quiet', '-m', 'new');

  // Wall time is what a user waits; CPU time (user + system, read with bash's `times`) is what
  // the command costs, and stays meaningful on a busy machine where wall time is noisy.
  const times = [];
  const cpuTimes = [];
  let rows = 0;
  const command = [process.execPath, cli, 'metrics', 'diff', 'HEAD~1', 'HEAD', '--md', '--all'].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(' ');
  for (let run = 0; run < runs + 1; run += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync('bash', ['-c', `${command}; status=$?; times >&2; exit $status`], {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`cml exited ${result.status}: ${result.stderr}`);
    rows = result.stdout.trimEnd().split('\n').length - 2;
    const children = result.stderr.trim().split('\n').pop() ?? '';
    const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((total, match) => total + Number(match[1]) * 60_000 + Number(match[2]) * 1000, 0);
    if (run > 0) {
      // the first run warms the file cache
      times.push(elapsed);
      cpuTimes.push(cpu);
    }
  }
  if (rows !== FILES * PER_FILE) throw new Error(`expected ${FILES * PER_FILE} table rows, got ${rows}`);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const wall = median(times);
  console.log(
    `metrics diff: ${FILES * PER_FILE} metrics in ${FILES} files, 2 revisions, --md --all (${rows} rows), ${cli.startsWith(root) ? 'dist' : 'bundled from src'}`,
  );
  console.log(`wall: ${times.map((time) => time.toFixed(0)).join(', ')} ms`);
  console.log(`cpu (user+sys, incl. git): ${cpuTimes.map((time) => time.toFixed(0)).join(', ')} ms`);
  console.log(
    `median: ${wall.toFixed(0)} ms wall, ${median(cpuTimes).toFixed(0)} ms cpu (budget ${BUDGET_MS} ms wall) ${wall < BUDGET_MS ? 'OK' : 'OVER BUDGET'}`,
  );
  process.exitCode = wall < BUDGET_MS ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function findCli(scratch) {
  const built = join(root, 'dist/bin/cml.js');
  // A dist/ built before `metrics diff` existed cannot run the benchmark: bundle the sources then.
  if (
    existsSync(built) &&
    !forceBundle &&
    spawnSync(process.execPath, [built, '--help'], { encoding: 'utf8', timeout: 30_000 }).stdout?.includes('metrics diff')
  ) {
    return built;
  }
  const outdir = join(scratch, 'bundle');
  await bundle({ outdir, entryPoints: { cml: join(root, 'src/bin/cml.ts') } });
  return join(outdir, 'cml.js');
}
