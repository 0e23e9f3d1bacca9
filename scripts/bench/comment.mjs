// Cold start of `cml --version` and `cml comment create` (against the loopback GitHub fake),
// next to bare `node -e ''`: median of several runs of each, interleaved so machine noise hits
// all three alike. Goal: `cml comment create` under 500 ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, root, row, startGitHubForPullRequest, timeProcess } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const dir = mkdtempSync(join(tmpdir(), 'cml-bench-comment-'));
writeFileSync(join(dir, 'report.md'), '# Report\n\n| metric | value |\n|---|---|\n| acc | 0.91 |\n');
const { fake, env } = await startGitHubForPullRequest(dir, {});
const cml = join(root, 'dist/bin/cml.js');

const bare = [];
const version = [];
const create = [];
const update = [];
for (let index = 0; index < RUNS; index += 1) {
  bare.push(await timeProcess(process.execPath, ['-e', '']));
  version.push(await timeProcess(process.execPath, [cml, '--version']));
  create.push(await timeProcess(process.execPath, [cml, 'comment', 'create', 'report.md'], { cwd: dir, env }));
  update.push(await timeProcess(process.execPath, [cml, 'comment', 'update', 'report.md'], { cwd: dir, env }));
}
await fake.close();
rmSync(dir, { recursive: true, force: true });

const floor = median(bare);
console.log(`comment: cold starts, median of ${RUNS} runs (Node ${process.version})`);
console.log(row("node -e ''", floor));
console.log(row('cml --version', median(version), `${(median(version) / floor).toFixed(2)}x node`));
console.log(
  row(
    'cml comment create (loopback GitHub)',
    median(create),
    `${(median(create) / floor).toFixed(2)}x node; goal < 500 ms: ${median(create) < 500 ? 'met' : 'NOT met'}`,
  ),
);
console.log(row('cml comment update (searches, then edits)', median(update), `${(median(update) / floor).toFixed(2)}x node`));
if (fake.violations.length > 0) {
  console.error(`the fake saw requests GitHub would reject:\n${fake.violations.join('\n')}`);
  process.exitCode = 1;
}
