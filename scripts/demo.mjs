// `npm run demo`: the whole pull-request job, offline, with the `cml` bundle from dist/.
//
// In a scratch git repository made from examples/project it trains a baseline on `main`, then on a
// branch changes the learning rate, and lets `cml report` train again and build the report a
// reviewer would see: metrics and params compared with main, the plots of dvc.yaml with main's
// overlaid, a data-drift check of new data against the training data, and the run's facts. With
// --no-comment nothing is posted: the comment is written to demo-output/comment.md, its images
// beside it in demo-output/comment-plots/, so it renders where it is written.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
  if (show)
    process.stdout.write(`$ ${[command === process.execPath ? 'node' : command, ...args].map((arg) => (/\s/.test(arg) ? `'${arg}'` : arg)).join(' ')}\n`);
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

git('checkout', '--quiet', '-b', 'faster-learning');
writeFileSync(
  join(project, 'params.yaml'),
  readFileSync(join(project, 'params.yaml'), 'utf8')
    .replace(/^learning_rate: .*$/m, 'learning_rate: 2.0')
    .replace(/^epochs: .*$/m, 'epochs: 60'),
);

const localComment = join(out, 'comment.md');
// New data (data/current.csv) drifted on purpose; the report shows it, and the job goes on.
node('Train again and report against main (the pull request)', [
  cml,
  'report',
  '--base',
  'main',
  '--fail-on',
  'accuracy:-0.05',
  '--drift-reference',
  'data/reference.csv',
  '--drift-current',
  'data/current.csv',
  '--no-comment',
  '--md',
  localComment,
  '--',
  process.execPath,
  'train.mjs',
]);

const comment = readFileSync(localComment, 'utf8');
const links = [...comment.matchAll(/<img src="([^"]+)"|!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? match[2]);
const broken = links.filter((link) => !existsSync(join(dirname(localComment), decodeURI(link))));
if (links.length === 0 || broken.length > 0) {
  console.error(
    `demo failed: ${links.length === 0 ? 'the comment shows no images' : `image links that do not resolve beside ${localComment}: ${broken.join(', ')}`}`,
  );
  process.exit(1);
}
console.log(`\nDone. ${localComment} is the comment as it would be posted; its ${links.length} images are in ${join(out, 'comment-plots')}.`);
