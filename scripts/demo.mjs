// `npm run demo`: the whole pull-request job, offline. Trains the example model in a scratch copy
// of examples/project, assembles the Markdown report with the `cml` bundle from dist/, and "posts"
// it: with no GitHub token or repository, `cml comment create` writes the rendered comment to a
// local folder instead. Output: demo-output/ (report.md, comment.md and whatever the steps made).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'demo-output');
const project = join(out, 'project');
const cml = join(root, 'dist', 'bin', 'cml.js');

// Offline on purpose: nothing from the surrounding shell may point the demo at a real GitHub.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GITHUB_|REPO_TOKEN|CML_|INPUT_|RUNNER_)/.test(name)));

function step(title, command, args, options = {}) {
  process.stdout.write(`\n== ${title}\n$ ${[command === process.execPath ? 'node' : command, ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: project, env, encoding: 'utf8', ...options });
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.status !== 0) {
    console.error(`demo step failed: ${title} (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'examples', 'project'), project, { recursive: true, filter: (source) => !/[\\/](logs|data|\.cml)$|metrics\.json$|predictions\.csv$|report\.md$/.test(source) });

step('Train the example model', process.execPath, ['train.mjs']);

const metrics = JSON.parse(readFileSync(join(project, 'metrics.json'), 'utf8'));
const lines = ['# Training report', '', '| Metric | Value |', '|---|---|', ...Object.entries(metrics).map(([name, value]) => `| ${name} | ${value} |`), ''];
writeFileSync(join(project, 'report.md'), lines.join('\n'));

const localComment = join(out, 'comment.md');
step('Post the report (no token: written locally)', process.execPath, [cml, 'comment', 'create', 'report.md', '--local-file', localComment]);
cpSync(join(project, 'report.md'), join(out, 'report.md'));

if (!existsSync(localComment)) {
  console.error('demo failed: the rendered comment was not written');
  process.exit(1);
}
console.log(`\nDone. The report is in ${join(out, 'report.md')}; the comment as it would be posted is in ${localComment}.`);
