// Helpers shared by the benchmark scripts: timing child processes, medians, bundling TypeScript
// test fakes on the fly (benchmarks run plain Node, and the fakes are TypeScript).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundle } from '../bundle.mjs';

export const root = new URL('../..', import.meta.url).pathname;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Wall time of one process run, in milliseconds; rejects on a non-zero exit or after 60 s. */
export function timeProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

export async function medianOf(runs, fn) {
  const times = [];
  for (let index = 0; index < runs; index += 1) times.push(await fn(index));
  return median(times);
}

/** Bundles a TypeScript module (e.g. a test fake) into a temporary ESM file and imports it. */
export async function importTypeScript(path) {
  // Inside the project, so the bundle's bare imports resolve to the project's node_modules.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'cml-bench-'));
  const outfile = join(outdir, 'module.mjs');
  await build({
    entryPoints: [path],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'error',
    // The fakes read JSON files relative to themselves.
    define: { 'import.meta.url': JSON.stringify(new URL(`file://${path}`).href) },
  });
  try {
    return await import(outfile);
  } finally {
    // Loaded: the file is not needed any more.
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function row(label, milliseconds, extra = '') {
  return `${label.padEnd(44)} ${milliseconds.toFixed(1).padStart(8)} ms${extra ? `  ${extra}` : ''}`;
}

/**
 * The `cml` to measure: dist/bin/cml.js when its chunks contain `marker` (it is built with what the
 * bench needs), else src/bin/cml.ts bundled on the fly into a temporary folder (`scratch`, for the
 * caller to remove); BENCH_FRESH_BUNDLE=1 bundles the sources even when dist/ exists.
 */
export async function cmlUnderTest(marker) {
  const chunks = join(root, 'dist/chunks');
  const built =
    existsSync(join(root, 'dist/bin/cml.js')) &&
    existsSync(chunks) &&
    readdirSync(chunks).some((file) => readFileSync(join(chunks, file), 'utf8').includes(marker));
  if (process.env.BENCH_FRESH_BUNDLE !== '1' && built) return { cml: join(root, 'dist/bin/cml.js'), scratch: undefined };
  const scratch = mkdtempSync(join(tmpdir(), 'cml-bench-'));
  await bundle({ outdir: scratch, entryPoints: { cml: join(root, 'src/bin/cml.ts') }, logLevel: 'error' });
  return { cml: join(scratch, 'cml.js'), scratch };
}

/**
 * Bundles the GitHub fake with its runner routes and other test fakes into one ESM module (so route
 * modules extend the same fake classes) and imports it; `exports` are more lines like
 * `export { KubeFake } from './test/fakes/kubernetes/server.ts';`.
 * Only the GitHub fake reads files relative to itself (its OpenAPI description), hence its URL for
 * import.meta.url. Returns the module and the folder to remove afterwards.
 */
export async function importFakes(exports) {
  exports = [
    `export { GitHubFake } from './test/fakes/github/server.ts';`,
    `export { installRunnerRoutes } from './test/fakes/github/routes/runners.ts';`,
    ...exports,
  ];
  const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'cml-bench-fakes-'));
  await build({
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' },
    outfile: join(dir, 'fakes.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'error',
    define: { 'import.meta.url': JSON.stringify(new URL(`file://${join(root, 'test/fakes/github/server.ts')}`).href) },
  });
  return { fakes: await import(join(dir, 'fakes.mjs')), dir };
}

/** Runs `node args...` to its end; resolves with when it started (ms since the epoch), its wall time and exit code, and its stderr. */
export function runNode(args, env, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ started, total: Date.now() - started, code, stderr: stderr.trim() });
    });
  });
}

/**
 * The GitHub side of a runner bench: the fake (from importFakes) with a repository, an admin token
 * and the runner routes, and the environment pointing `cml` at it (plus a throw-away HOME).
 */
export async function startGitHubForRunners(fakes) {
  const token = 'ghp_benchmarkRunnerAdmin0000000000000001';
  const github = await fakes.GitHubFake.start();
  github.addToken(token, { login: 'ml-admin', type: 'User' });
  github.addRepo('octo', 'models');
  const runners = fakes.installRunnerRoutes(github);
  const env = {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'cml-bench-home-')),
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'octo/models',
    REPO_TOKEN: token,
  };
  return { github, runners, env };
}

/**
 * The GitHub side of a posting bench: the fake with octo/models, pull request #1 and an Actions
 * token, an event file for `pullRequest` (the event's `pull_request` object) in `dir`, and the
 * environment of a pull_request run in GitHub Actions pointing `cml` at the fake.
 */
export async function startGitHubForPullRequest(dir, pullRequest) {
  const { GitHubFake } = await importTypeScript(join(root, 'test/fakes/github/server.ts'));
  const fake = await GitHubFake.start();
  const token = 'ghs_benchmarkToken000000000000000001';
  fake.addToken(token, { login: 'github-actions[bot]', type: 'Bot', integration: true });
  const repo = fake.addRepo('octo', 'models');
  fake.addPull(repo, { number: 1, headSha: 'a'.repeat(40) });
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 1, head: { sha: 'a'.repeat(40) }, ...pullRequest } }));
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
  return { fake, env };
}
