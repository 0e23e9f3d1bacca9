// `cml drift --pushgateway` against Debian's real Pushgateway on a loopback port: the pushed group
// (job, repo, branch) read back from /metrics carries every sample `--prometheus` writes; the
// exposition passes `promtool check metrics`; refusals and an absent gateway are one line each.
// CI installs prometheus-pushgateway and prometheus (promtool) in .ci/run.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type CliRun } from '../../helpers/run-cli.js';

const fixtures = new URL('../../fixtures/drift/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cml-pushgateway-'));
const INSTALL = 'apt-get install prometheus-pushgateway prometheus (CI does this in .ci/run)';
let gateway: ChildProcess | undefined;
let url = '';
let gatewayLog = '';

function cml(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCommand(argv, { cwd: fixtures, env });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(base: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (gateway?.exitCode !== null && gateway?.exitCode !== undefined) throw new Error(`prometheus-pushgateway exited with ${gateway.exitCode}: ${gatewayLog}`);
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus-pushgateway did not answer on ${base} within 100 attempts: ${gatewayLog}`);
}

// The real Pushgateway and promtool come from Debian; .ci/run installs them, so in CI their absence
// is a failure. On a developer's machine without them these tests are skipped, saying so once.
const probe = spawnSync('prometheus-pushgateway', ['--version'], { encoding: 'utf8', timeout: 10_000 });
const missing = probe.error ? `prometheus-pushgateway is not installed (${(probe.error as NodeJS.ErrnoException).code}): ${INSTALL}` : undefined;
const skip = missing !== undefined && process.env.CI !== 'true';
if (skip) console.warn(`skipping the Pushgateway tests: ${missing}`);

beforeAll(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  gateway = spawn('prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  gateway.stderr!.on('data', (chunk: Buffer) => (gatewayLog = (gatewayLog + chunk.toString()).slice(-2000)));
  await waitUntilReady(url);
}, 30_000);

afterAll(() => {
  gateway?.kill();
  rmSync(work, { recursive: true, force: true });
});

/** The samples of one exposition: name{labels} -> value, without comments. */
function samples(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), line.slice(at + 1));
  }
  return out;
}

/** Labels of a sample as a sorted map, so {a="1",b="2"} and {b="2",a="1"} compare equal. */
function key(sample: string, extra: Record<string, string> = {}): string {
  const open = sample.indexOf('{');
  const name = open === -1 ? sample : sample.slice(0, open);
  const labels = new Map<string, string>(Object.entries(extra));
  if (open !== -1) for (const match of sample.slice(open + 1, -1).matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) labels.set(match[1]!, match[2]!);
  return `${name}{${[...labels]
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([label, value]) => `${label}="${value}"`)
    .join(',')}}`;
}

describe.skipIf(skip)('cml drift --pushgateway', () => {
  it('pushes exactly the --prometheus metrics, grouped by job, repo and branch', async () => {
    const prom = join(work, 'drift.prom');
    const env = { GITHUB_REPOSITORY: 'octo/churn', GITHUB_REF_NAME: 'main' };
    const run = await cml(
      ['drift', '--reference', 'reference.csv', '--current', 'current.csv', '--target', 'label', '--prometheus', prom, '--pushgateway', url, '--no-plots'],
      env,
    );
    expect(run.stderr).toContain(`pushed drift metrics to ${url}/metrics/job/cml_drift/repo@base64/`);
    expect(run.code).toBe(0);
    const written = samples(readFileSync(prom, 'utf8'));
    const exposed = new Map([...samples(await (await fetch(`${url}/metrics`)).text())].map(([sample, value]) => [key(sample), value]));
    const group = { job: 'cml_drift', repo: 'octo/churn', branch: 'main' };
    expect(written.size).toBeGreaterThan(20);
    // Same numbers; the gateway prints exponents in Go's form (4.85e-08 for 4.85e-8).
    for (const [sample, value] of written)
      expect(Number(exposed.get(key(sample, group))), sample).toBe(Number(value.replace('+Inf', 'Infinity').replace('-Inf', '-Infinity')));
    expect(exposed.get(key('cml_drift_column_drift{column="age",role="feature",type="numeric"}', group))).toBeDefined();
  });

  it('passes `promtool check metrics`', () => {
    const text = readFileSync(join(work, 'drift.prom'), 'utf8');
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
    if (check.error) throw new Error(`promtool is not installed: ${INSTALL}`);
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('--pushgateway-job names the group; credentials in the URL are never printed', async () => {
    const secret = 'push-s3cret-password';
    const withAuth = url.replace('http://', `http://bot:${secret}@`);
    const run = await cml([
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--json',
      join(work, 'd.json'),
      '--pushgateway',
      withAuth,
      '--pushgateway-job',
      'nightly',
      '--log',
      'debug',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`pushed drift metrics to ${url}/metrics/job/nightly\n`);
    expect(run.stderr).not.toContain(secret);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^cml_drift_detected\{instance="",job="nightly"\} [01]$/m);
  });

  it("a refused push is one line with the Pushgateway's own message", async () => {
    // Another group has cml_drift_detected as a counter: the gateway then rejects a gauge of that name.
    for (const group of [`cml_drift/repo@base64/${Buffer.from('octo/churn').toString('base64url')}/branch/main`, 'nightly']) {
      expect((await fetch(`${url}/metrics/job/${group}`, { method: 'DELETE' })).ok).toBe(true);
    }
    const conflict = await fetch(`${url}/metrics/job/other`, { method: 'PUT', body: '# TYPE cml_drift_detected counter\ncml_drift_detected 1\n' });
    expect(conflict.ok).toBe(true);
    const run = await cml(['drift', '--reference', 'reference.csv', '--current', 'current.csv', '--json', join(work, 'e.json'), '--pushgateway', url]);
    await fetch(`${url}/metrics/job/other`, { method: 'DELETE' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^error: the Pushgateway ${url} refused the metrics with HTTP 400: pushed metrics are invalid or inconsistent with existing metrics: .* \\(see the Pushgateway log\\)$`,
      ),
    );
  });

  it('an unreachable Pushgateway is one line', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await cml(['drift', '--reference', 'reference.csv', '--current', 'current.csv', '--json', join(work, 'f.json'), '--pushgateway', closed]);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`^error: cannot reach the Pushgateway ${closed}: .*ECONNREFUSED.* \\(check --pushgateway`),
    );
  });
});
