// Helpers shared by the benchmark scripts: timing child processes, medians, bundling TypeScript
// test fakes on the fly (benchmarks run plain Node, and the fakes are TypeScript).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

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
  return import(outfile);
}

export function row(label, milliseconds, extra = '') {
  return `${label.padEnd(44)} ${milliseconds.toFixed(1).padStart(8)} ms${extra ? `  ${extra}` : ''}`;
}
