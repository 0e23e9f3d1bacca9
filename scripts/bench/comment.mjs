// Cold start of `cml --version` and `cml comment create` (against the loopback GitHub fake),
// next to bare `node -e ''`: median of several runs of each, interleaved so machine noise hits
// all three alike. Goal: `cml comment create` under 500 ms.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTypeScript, median, root, row, timeProcess } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const { GitHubFake } = await importTypeScript(join(root, 'test/fakes/github/server.ts'));
const fake = await GitHubFake.start();
const token = 'ghs_benchmarkToken000000000000000001';
fake.addToken(token, { login: 'github-actions[bot]', type: 'Bot', integration: true });
const repo = fake.addRepo('octo', 'models');
fake.addPull(repo, { number: 1, headSha: 'a'.repeat(40) });

const dir = mkdtempSync(join(tmpdir(), 'cml-bench-comment-'));
writeFileSync(join(dir, 'report.md'), '# Report\n\n| metric | value |\n|---|---|\n| acc | 0.91 |\n');
const event = join(dir, 'event.json');
writeFileSync(event, JSON.stringify({ pull_request: { number: 1, head: { sha: 'a'.repeat(40) } } }));
const env = {
  PATH: process.env.PATH,
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'octo/models',
  GITHUB_API_URL: fake.url,
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: event,
  GITHUB_SHA: 'b'.repeat(40),
  GITHUB_TOKEN: token,
};
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
