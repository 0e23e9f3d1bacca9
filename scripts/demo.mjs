// `npm run demo`: the whole pull-request job, offline, with the `cml` bundle from dist/.
//
// In a scratch git repository made from examples/project it trains a baseline on `main`, then
// changes the learning rate and trains again (the "pull request"), and builds the report a
// reviewer would see: metrics and params compared with main (`cml metrics report`), plots rendered
// to PNG (`cml plot`, with main's training curve overlaid), and a data-drift check of new data
// against the training data (`cml drift`). With no GitHub token or repository, `cml comment
// create` writes the rendered comment to demo-output/ instead of posting it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'demo-output');
const project = join(out, 'project');
const cml = join(root, 'dist', 'bin', 'cml.js');

// Offline on purpose: nothing from the surrounding shell may point the demo at a real GitHub.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GITHUB_|REPO_TOKEN|CML_|INPUT_|RUNNER_|GIT_)/.test(name))),
  GIT_AUTHOR_NAME: 'Demo',
  GIT_AUTHOR_EMAIL: 'demo@example.com',
  GIT_COMMITTER_NAME: 'Demo',
  GIT_COMMITTER_EMAIL: 'demo@example.com',
};

function run(title, command, args, { show = true, allowFail = false } = {}) {
  if (title) process.stdout.write(`\n== ${title}\n`);
  if (show) process.stdout.write(`$ ${[command === process.execPath ? 'node' : command, ...args].map((arg) => (/\s/.test(arg) ? `'${arg}'` : arg)).join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: project, env, encoding: 'utf8' });
  if (show && result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.status !== 0 && !allowFail) {
    console.error(`demo step failed: ${title || args.join(' ')} (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}
const node = (title, args, options) => run(title, process.execPath, args, options);
const git = (...args) => run('', 'git', args, { show: false });

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The example ignores its outputs; this scratch repository commits them, as a DVC project does.
cpSync(join(root, 'examples', 'project'), project, {
  recursive: true,
  filter: (source) => !/[\\/](logs|data|plots|\.cml|\.gitignore)$|metrics\.json$|predictions\.csv$|report\.md$/.test(source),
});

git('init', '--quiet', '--initial-branch', 'main');
node('Train the baseline on main', ['train.mjs']);
git('add', '-A');
git('commit', '--quiet', '-m', 'Baseline model');

writeFileSync(join(project, 'params.yaml'), readFileSync(join(project, 'params.yaml'), 'utf8').replace(/^learning_rate: .*$/m, 'learning_rate: 2.0').replace(/^epochs: .*$/m, 'epochs: 60'));
node('Change the learning rate and train again (the pull request)', ['train.mjs']);

node('Compare metrics and params with main', [cml, 'metrics', 'report', 'main', '--title', 'Metrics: this change vs main', '--fail-on', 'accuracy:-0.05', '-o', 'metrics.md']);
mkdirSync(join(project, 'plots'), { recursive: true });
node('Plot the training curve, with main overlaid', [cml, 'plot', 'logs/train.csv', '-x', 'epoch', '-y', 'loss', '--base', 'main', '--title', 'Training loss', '-o', 'plots/loss.png']);
node('Plot the confusion matrix', [cml, 'plot', 'predictions.csv', '--template', 'confusion', '-x', 'actual', '-y', 'predicted', '--title', 'Confusion matrix', '-o', 'plots/confusion.png']);
// New data (data/current.csv) drifted on purpose; the report shows it, and the job goes on.
node('Check new data for drift against the training data', [cml, 'drift', '--reference', 'data/reference.csv', '--current', 'data/current.csv', '--target', 'label', '--md', 'drift.md', '--json', 'drift.json']);

const report = [
  '# Training report',
  '',
  readFileSync(join(project, 'metrics.md'), 'utf8').trim(),
  '',
  '## Plots',
  '',
  '![Training loss](plots/loss.png)',
  '![Confusion matrix](plots/confusion.png)',
  '',
  readFileSync(join(project, 'drift.md'), 'utf8').trim(),
  '',
].join('\n');
writeFileSync(join(project, 'report.md'), report);

const localComment = join(out, 'comment.md');
node('Post the report (no token: written locally)', [cml, 'comment', 'create', 'report.md', '--local-file', localComment]);

for (const file of ['report.md', 'plots/loss.png', 'plots/confusion.png', 'drift.json']) {
  if (!existsSync(join(project, file))) {
    console.error(`demo failed: ${file} was not written`);
    process.exit(1);
  }
}
console.log(`\nDone. Open ${join(project, 'report.md')} (its plots are in ${join(project, 'plots')});`);
console.log(`the comment exactly as it would be posted is ${localComment}.`);
