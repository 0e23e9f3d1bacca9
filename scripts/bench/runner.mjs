// Our overhead before EC2's own boot time: from starting `cml runner launch` (a fresh process) to
// the RunInstances request reaching EC2 — here the loopback EC2 fake, with the loopback GitHub fake
// registering the runner. Median of several runs. Goal: under 1.5 s.
//
// Uses dist/bin/cml.js when it is built with the runner command, else bundles src/bin/cml.ts on the
// fly (scripts/bundle.mjs, as the build does) into a temporary folder; BENCH_FRESH_BUNDLE=1
// bundles the sources even when dist/ exists.
import { rmSync } from 'node:fs';
import { cmlUnderTest, importFakes, median, row, runNode, startGitHubForRunners } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const GOAL_MS = 1500;

const { cml, scratch } = await cmlUnderTest('generate-jitconfig');
const { fakes, dir: fakesDir } = await importFakes([
  `export { FakeEc2 } from './test/fakes/ec2/server.ts';`,
  `export { FakeSsm } from './test/fakes/ec2/ssm.ts';`,
]);
const { FakeEc2, FakeSsm } = fakes;

const { github, runners, env: githubEnv } = await startGitHubForRunners(fakes);
runners.onlineAfterMs = 0;
const ec2 = new FakeEc2();
const ssm = new FakeSsm();
await Promise.all([ec2.start(), ssm.start()]);

const env = {
  ...githubEnv,
  AWS_ENDPOINT_URL_EC2: ec2.url,
  AWS_ENDPOINT_URL_SSM: ssm.url,
  AWS_ACCESS_KEY_ID: 'AKIABENCHMARKFAKE000',
  AWS_SECRET_ACCESS_KEY: 'benchmark/secret/key/not/real/0000000000',
  AWS_REGION: 'us-east-1',
};

async function launchOnce(index) {
  const before = ec2.requests.length;
  const args = [cml, 'runner', 'launch', '--name', `cml-bench-${index}`, '--cloud-type', 'm+t4', '--cloud-spot', '--json'];
  const { started, total, code, stderr } = await runNode(args, env, 60_000);
  const run = ec2.requests.slice(before).find((request) => request.action === 'RunInstances');
  if (code !== 0 || !run) throw new Error(`launch ${index} exited ${code}: ${stderr}`);
  return { toRunInstances: run.at - started, total };
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
console.log(
  `runner: \`cml runner launch\` against loopback EC2 + GitHub fakes, median of ${RUNS} runs (Node ${process.version}; ${scratch ? 'bundled on the fly' : 'dist/bin/cml.js'})`,
);
console.log(row('start -> RunInstances request', toRun, `goal < ${GOAL_MS} ms: ${toRun < GOAL_MS ? 'met' : 'NOT met'}`));
console.log(row('start -> runner online, process exited', median(results.map((result) => result.total))));
console.log(`runs (ms to RunInstances): ${results.map((result) => result.toRunInstances).join(', ')}`);
if (github.violations.length > 0) {
  console.error(`the GitHub fake saw requests GitHub would reject:\n${github.violations.join('\n')}`);
  process.exitCode = 1;
}
if (toRun >= GOAL_MS) process.exitCode = 1;
