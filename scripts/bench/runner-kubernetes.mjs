// `cml runner launch --cloud kubernetes` against the loopback Kubernetes API and GitHub fakes:
//  1. our overhead: from starting the process to the pod create request reaching the API
//     (median of several runs; goal under 1.5 s, as for EC2's RunInstances);
//  2. `--count 8` in one process against 8 launches one after another (each waits until its runner
//     is online), wall time and ratio (goal <= 0.3). A runner comes online BENCH_BOOT_MS (default
//     5000) after its pod runs: a pod whose image is already on the node starting its runner; real
//     clusters pulling the image take longer, which favours --count further. Both sides use the
//     same flags (and so the same polling). One process leaves a second between its GitHub writes
//     (GitHub's guidance), so 8 registrations take at least 7 s: the batch's floor.
//
// Uses dist/bin/cml.js when it is built with the Kubernetes provider, else bundles src/bin/cml.ts
// on the fly; BENCH_FRESH_BUNDLE=1 bundles the sources even when dist/ exists.
import { rmSync } from 'node:fs';
import { cmlUnderTest, importFakes, median, row, runNode, startGitHubForRunners } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const COUNT = 8;
const BOOT_MS = Number(process.env.BENCH_BOOT_MS ?? 5000);
const OVERHEAD_GOAL_MS = 1500;
const RATIO_GOAL = 0.3;

const { cml, scratch } = await cmlUnderTest('ExecCredential');
const { fakes, dir: fakesDir } = await importFakes([`export { KubeFake } from './test/fakes/kubernetes/server.ts';`]);
const { KubeFake } = fakes;

const kubeToken = 'benchmark-kube-token-not-real-000000';
const { github, runners, env: githubEnv } = await startGitHubForRunners(fakes);
const kube = await KubeFake.start({ tokens: [kubeToken] });
let bootMs = 0;
runners.onlineAfterMs = 'never';
kube.onPodRunning = (pod) => {
  const name = pod.metadata.annotations?.['continuous-ml.dev/runner-name'] ?? '';
  setTimeout(() => {
    const runner = runners.byName(name);
    if (runner) runner.status = 'online';
  }, bootMs);
};

const kubeconfig = `apiVersion: v1
kind: Config
current-context: bench
clusters: [{ name: fake, cluster: { server: "${kube.url}" } }]
users: [{ name: ci, user: { token: ${kubeToken} } }]
contexts: [{ name: bench, context: { cluster: fake, user: ci, namespace: runners } }]
`;
const env = { ...githubEnv, KUBECONFIG_DATA: kubeconfig };

/** One `cml runner launch` process; resolves with its wall time and when its first pod create reached the fake. */
async function launch(name, extra = []) {
  const before = kube.requests.length;
  const args = [
    cml,
    'runner',
    'launch',
    '--cloud',
    'kubernetes',
    '--name',
    name,
    '--cloud-type',
    '4-16000',
    '--cloud-gpu',
    't4',
    '--startup-timeout',
    '20s',
    '--json',
    ...extra,
  ];
  const { started, total, code, stderr } = await runNode(args, env);
  const create = kube.requests.slice(before).find((request) => request.method === 'POST' && request.path.endsWith('/pods'));
  if (code !== 0 || !create) throw new Error(`launch ${name} exited ${code}: ${stderr}`);
  return { toCreate: create.at - started, total };
}

let overhead;
let sequential = 0;
let batch;
try {
  const first = [];
  for (let index = 0; index < RUNS; index += 1) first.push(await launch(`cml-bench-k-${index}`));
  overhead = median(first.map((result) => result.toCreate));

  bootMs = BOOT_MS;
  for (let index = 0; index < COUNT; index += 1) sequential += (await launch(`cml-bench-seq-${index}`)).total;
  batch = (await launch('cml-bench-batch', ['--count', String(COUNT)])).total;
} finally {
  runners.dispose();
  await Promise.all([github.close(), kube.close()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  rmSync(fakesDir, { recursive: true, force: true });
  rmSync(env.HOME, { recursive: true, force: true });
}

const ratio = batch / sequential;
console.log(
  `runner-kubernetes: \`cml runner launch --cloud kubernetes\` against loopback Kubernetes + GitHub fakes (Node ${process.version}; ${scratch ? 'bundled on the fly' : 'dist/bin/cml.js'})`,
);
console.log(
  row(`start -> pod create request (median of ${RUNS})`, overhead, `goal < ${OVERHEAD_GOAL_MS} ms: ${overhead < OVERHEAD_GOAL_MS ? 'met' : 'NOT met'}`),
);
console.log(row(`${COUNT} launches one after another`, sequential, `runner online ${BOOT_MS} ms after its pod runs`));
console.log(row(`--count ${COUNT}`, batch, `ratio ${ratio.toFixed(2)}, goal <= ${RATIO_GOAL}: ${ratio <= RATIO_GOAL ? 'met' : 'NOT met'}`));
const problems = [...github.violations, ...kube.violations];
if (problems.length > 0) {
  console.error(`the fakes saw requests the real APIs would reject:\n${problems.join('\n')}`);
  process.exitCode = 1;
}
if (overhead >= OVERHEAD_GOAL_MS || ratio > RATIO_GOAL) process.exitCode = 1;
