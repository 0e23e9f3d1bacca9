// Our overhead before EC2's own boot time: from starting `cml runner launch` (a fresh process) to
// the RunInstances request reaching EC2 — here the loopback EC2 fake, with the loopback GitHub fake
// registering the runner. Median of several runs. Goal: under 1.5 s.
//
// Uses dist/bin/cml.js when it is built with the runner command, else bundles src/bin/cml.ts on the
// fly (scripts/bundle.mjs, as the build does) into a temporary folder; BENCH_FRESH_BUNDLE=1
// bundles the sources even when dist/ exists.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundle } from '../bundle.mjs';
import { median, root, row } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const GOAL_MS = 1500;

function builtWithRunner() {
  const chunks = join(root, 'dist/chunks');
  if (!existsSync(join(root, 'dist/bin/cml.js')) || !existsSync(chunks)) return false;
  return readdirSync(chunks).some((file) => readFileSync(join(chunks, file), 'utf8').includes('generate-jitconfig'));
}

let cml = join(root, 'dist/bin/cml.js');
let scratch;
if (process.env.BENCH_FRESH_BUNDLE === '1' || !builtWithRunner()) {
  scratch = mkdtempSync(join(tmpdir(), 'cml-bench-runner-'));
  await bundle({ outdir: scratch, entryPoints: { cml: join(root, 'src/bin/cml.ts') }, logLevel: 'error' });
  cml = join(scratch, 'cml.js');
}

// One bundle for the fakes, so the runner routes extend the same GitHub fake class. Only the GitHub
// fake reads files relative to itself (its OpenAPI description), hence its URL for import.meta.url.
const fakesDir = mkdtempSync(join(root, 'node_modules', '.cache', 'cml-bench-runner-fakes-'));
await build({
  stdin: {
    contents: [
      `export { GitHubFake } from './test/fakes/github/server.ts';`,
      `export { installRunnerRoutes } from './test/fakes/github/routes/runners.ts';`,
      `export { FakeEc2 } from './test/fakes/ec2/server.ts';`,
      `export { FakeSsm } from './test/fakes/ec2/ssm.ts';`,
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  outfile: join(fakesDir, 'fakes.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  packages: 'external',
  logLevel: 'error',
  define: { 'import.meta.url': JSON.stringify(new URL(`file://${join(root, 'test/fakes/github/server.ts')}`).href) },
});
const { GitHubFake, installRunnerRoutes, FakeEc2, FakeSsm } = await import(join(fakesDir, 'fakes.mjs'));

const token = 'ghp_benchmarkRunnerAdmin0000000000000001';
const github = await GitHubFake.start();
github.addToken(token, { login: 'ml-admin', type: 'User' });
github.addRepo('octo', 'models');
const runners = installRunnerRoutes(github);
runners.onlineAfterMs = 0;
const ec2 = new FakeEc2();
const ssm = new FakeSsm();
await Promise.all([ec2.start(), ssm.start()]);

const env = {
  PATH: process.env.PATH,
  HOME: mkdtempSync(join(tmpdir(), 'cml-bench-home-')),
  GITHUB_API_URL: github.url,
  GITHUB_REPOSITORY: 'octo/models',
  REPO_TOKEN: token,
  AWS_ENDPOINT_URL_EC2: ec2.url,
  AWS_ENDPOINT_URL_SSM: ssm.url,
  AWS_ACCESS_KEY_ID: 'AKIABENCHMARKFAKE000',
  AWS_SECRET_ACCESS_KEY: 'benchmark/secret/key/not/real/0000000000',
  AWS_REGION: 'us-east-1',
};

function launchOnce(index) {
  return new Promise((resolve, reject) => {
    const before = ec2.requests.length;
    const started = Date.now();
    const child = spawn(process.execPath, [cml, 'runner', 'launch', '--name', `cml-bench-${index}`, '--cloud-type', 'm+t4', '--cloud-spot', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const total = Date.now() - started;
      const run = ec2.requests.slice(before).find((request) => request.action === 'RunInstances');
      if (code !== 0 || !run) reject(new Error(`launch ${index} exited ${code}: ${stderr.trim()}`));
      else resolve({ toRunInstances: run.at - started, total });
    });
  });
}

const results = [];
try {
  for (let index = 0; index < RUNS; index += 1) results.push(await launchOnce(index));
} finally {
  runners.dispose();
  await Promise.all([github.close(), ec2.stop(), ssm.stop()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  rmSync(fakesDir, { recursive: true, force: true });
  rmSync(env.HOME, { recursive: true, force: true });
}

const toRun = median(results.map((result) => result.toRunInstances));
console.log(`runner: \`cml runner launch\` against loopback EC2 + GitHub fakes, median of ${RUNS} runs (Node ${process.version}; ${scratch ? 'bundled on the fly' : 'dist/bin/cml.js'})`);
console.log(row('start -> RunInstances request', toRun, `goal < ${GOAL_MS} ms: ${toRun < GOAL_MS ? 'met' : 'NOT met'}`));
console.log(row('start -> runner online, process exited', median(results.map((result) => result.total))));
console.log(`runs (ms to RunInstances): ${results.map((result) => result.toRunInstances).join(', ')}`);
if (github.violations.length > 0) {
  console.error(`the GitHub fake saw requests GitHub would reject:\n${github.violations.join('\n')}`);
  process.exitCode = 1;
}
if (toRun >= GOAL_MS) process.exitCode = 1;
