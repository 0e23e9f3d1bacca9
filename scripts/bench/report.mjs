// `cml report` overhead beyond the training command on the example project, against the same
// report built with the separate commands (`cml metrics report`, `cml plot --dvc`, `cml drift`,
// `cml comment create`), both posting to the loopback GitHub. Overhead = wall time minus the
// training command's own median time; the ratio report / separate is the figure. Goal: <= 0.5.
// Median of BENCH_RUNS (default 5) runs of each, interleaved so machine noise hits both alike.
// A second figure: the overhead beyond a slower training (1.6 s), where the work `cml report` does
// while the command runs (reading the base, drawing the plots ahead, reading the asset branch) fits.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, root, row, startGitHubForPullRequest, timeProcess } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const cml = join(root, 'dist/bin/cml.js');
const gitEnv = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@example.com' };

const dir = mkdtempSync(join(tmpdir(), 'cml-bench-report-'));
const project = join(dir, 'project');
cpSync(join(root, 'examples', 'project'), project, { recursive: true, filter: (source) => !/[\\/]\.gitignore$/.test(source) });
const git = (...args) => execFileSync('git', args, { cwd: project, env: { ...process.env, ...gitEnv }, stdio: 'ignore' });
git('init', '--quiet', '--initial-branch', 'main');
execFileSync(process.execPath, ['train.mjs'], { cwd: project, stdio: 'ignore' });
git('add', '-A');
git('commit', '--quiet', '-m', 'baseline');
git('checkout', '--quiet', '-b', 'feature');
writeFileSync(join(project, 'params.yaml'), readFileSync(join(project, 'params.yaml'), 'utf8').replace(/^learning_rate: .*$/m, 'learning_rate: 2.0'));

const { fake, env: github } = await startGitHubForPullRequest(dir, { head: { sha: 'a'.repeat(40), ref: 'feature' }, base: { ref: 'main' } });
const env = { ...github, GITHUB_WORKSPACE: project };
const options = { cwd: project, env };
const drift = ['--reference', 'data/reference.csv', '--current', 'data/current.csv'];

/** The shell-glued job: train, then each command, then the comment, as a CML workflow does. */
async function separate() {
  let total = await timeProcess(process.execPath, ['train.mjs'], options);
  total += await timeProcess(process.execPath, [cml, 'metrics', 'report', 'main', '--merge-base', '-o', 'metrics.md'], options);
  total += await timeProcess(process.execPath, [cml, 'plot', '--dvc', '--base', 'main', '-o', 'plots'], options);
  total += await timeProcess(process.execPath, [cml, 'drift', ...drift, '--md', 'drift.md'], options);
  const plots = ['plots/logs_train.png', 'plots/predictions.png'].map((path) => `![plot](${path})`).join('\n');
  writeFileSync(
    join(project, 'report.md'),
    [readFileSync(join(project, 'metrics.md'), 'utf8'), plots, readFileSync(join(project, 'drift.md'), 'utf8')].join('\n\n'),
  );
  total += await timeProcess(process.execPath, [cml, 'comment', 'update', 'report.md', '--watermark-title', 'separate'], options);
  return total;
}

// A training that takes a while (here 1.5 s of waiting first): what is left after it, with the work
// `cml report` does while a command runs (the base read, the plots drawn ahead, the asset branch).
const slowTrain = ['-c', `sleep 1.5 && exec ${JSON.stringify(process.execPath)} train.mjs`];

const train = [];
const together = [];
const apart = [];
const slow = [];
const slowTogether = [];
for (let index = 0; index < RUNS + 1; index += 1) {
  const t = await timeProcess(process.execPath, ['train.mjs'], options);
  const a = await timeProcess(
    process.execPath,
    [cml, 'report', '--drift-reference', 'data/reference.csv', '--drift-current', 'data/current.csv', '--', process.execPath, 'train.mjs'],
    options,
  );
  const b = await separate();
  const s = await timeProcess('sh', slowTrain, options);
  const c = await timeProcess(
    process.execPath,
    [cml, 'report', '--drift-reference', 'data/reference.csv', '--drift-current', 'data/current.csv', '--', 'sh', ...slowTrain],
    options,
  );
  // The first round warms the file cache and the asset branch.
  if (index === 0) continue;
  train.push(t);
  together.push(a);
  apart.push(b);
  slow.push(s);
  slowTogether.push(c);
}
await fake.close();
rmSync(dir, { recursive: true, force: true });

const base = median(train);
const reportOverhead = median(together) - base;
const separateOverhead = median(apart) - base;
const ratio = reportOverhead / separateOverhead;
console.log(`report: overhead beyond training, median of ${RUNS} runs (Node ${process.version})`);
console.log(row('node train.mjs (the training command)', base));
console.log(row('cml report -- node train.mjs', median(together), `overhead ${reportOverhead.toFixed(0)} ms`));
console.log(row('train + metrics report + plot + drift + comment', median(apart), `overhead ${separateOverhead.toFixed(0)} ms`));
// Each round's own ratio (its report and separate runs against its training run), to show the noise.
const rounds = together.map((value, index) => (value - train[index]) / (apart[index] - train[index])).sort((x, y) => x - y);
console.log(
  `ratio of overheads: ${ratio.toFixed(2)} (goal <= 0.5: ${ratio <= 0.5 ? 'met' : 'NOT met'}; single rounds ${rounds[0].toFixed(2)}-${rounds.at(-1).toFixed(2)})`,
);
const slowOverhead = median(slowTogether) - median(slow);
console.log(row('a 1.6 s training (sleep 1.5 && node train.mjs)', median(slow)));
console.log(
  row(
    'cml report -- sh -c "sleep 1.5 && node train.mjs"',
    median(slowTogether),
    `overhead ${slowOverhead.toFixed(0)} ms (${(slowOverhead / separateOverhead).toFixed(2)} of the separate commands' overhead)`,
  ),
);
