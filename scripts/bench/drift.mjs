// Benchmark: `cml drift` on 500k rows x 8 numeric columns (reference and current CSV files) next
// to pandas.read_csv + scipy.stats.ks_2samp on the same files (scripts/bench/drift_scipy.py, run
// with /usr/bin/python3 when it has pandas and scipy). Prints both times and their ratio, and
// checks that both computed the same KS statistics.
//
//   node scripts/bench/drift.mjs [--rows 500000] [--columns 8] [--runs 3]

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { bundle } from '../bundle.mjs';

const root = new URL('../..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { rows: { type: 'string', default: '500000' }, columns: { type: 'string', default: '8' }, runs: { type: 'string', default: '3' } },
});
const rows = Number(values.rows);
const columns = Number(values.columns);
const runs = Math.max(1, Number(values.runs));

const work = mkdtempSync(join(tmpdir(), 'cml-drift-bench-'));
const cleanup = [work];
try {
  // A small deterministic generator (xorshift) keeps the files the same from run to run.
  let state = 0x9e3779b9;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  async function writeCsv(path, shift) {
    const out = createWriteStream(path);
    out.write(Array.from({ length: columns }, (_, c) => `f${c}`).join(',') + '\n');
    let buffer = '';
    for (let r = 0; r < rows; r += 1) {
      const fields = [];
      for (let c = 0; c < columns; c += 1) fields.push((normal() * (1 + c / 4) + c + (c % 2 === 0 ? shift : 0)).toFixed(6));
      buffer += fields.join(',') + '\n';
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await once(out, 'finish');
  }
  const reference = join(work, 'reference.csv');
  const current = join(work, 'current.csv');
  await writeCsv(reference, 0);
  await writeCsv(current, 0.01);
  const size = (readFileSync(reference).length / 1e6).toFixed(1);
  console.log(`data: ${rows.toLocaleString('en-US')} rows x ${columns} numeric columns, ${size} MB per file`);

  // Our CLI: the built bundle when it has `drift`, else a bundle made now with esbuild.
  let cli = join(root, 'dist/bin/cml.js');
  const built = existsSync(cli) && spawnSync(process.execPath, [cli, 'drift', '--help'], { encoding: 'utf8' }).status === 0;
  if (!built) {
    const out = mkdtempSync(join(tmpdir(), 'cml-drift-bundle-'));
    cleanup.push(out);
    await bundle({ outdir: out, entryPoints: { 'bin/cml': join(root, 'src/bin/cml.ts') } });
    cli = join(out, 'bin/cml.js');
    console.log('dist/ has no drift command yet: bundled the CLI with esbuild into a temporary folder');
  }

  const jsonOut = join(work, 'drift.json');
  const timeOurs = () => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [cli, 'drift', '--reference', reference, '--current', current, '--json', jsonOut, '--log', 'warn'], {
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`cml drift failed (${result.status}): ${result.stderr}`);
    return seconds;
  };
  const ours = [];
  for (let i = 0; i < runs; i += 1) ours.push(timeOurs());
  const oursBest = Math.min(...ours);
  const report = JSON.parse(readFileSync(jsonOut, 'utf8'));
  console.log(`cml drift (whole process: start, read, all tests): best ${oursBest.toFixed(2)} s of ${ours.map((s) => s.toFixed(2)).join(', ')}`);

  const python = '/usr/bin/python3';
  const hasScipy = existsSync(python) && spawnSync(python, ['-c', 'import pandas, scipy'], { encoding: 'utf8' }).status === 0;
  if (!hasScipy) {
    console.log('pandas/scipy not available under /usr/bin/python3 (apt-get install python3-scipy python3-pandas): no comparison');
  } else {
    const theirs = [];
    const theirsWall = [];
    let ks;
    for (let i = 0; i < runs; i += 1) {
      const started = process.hrtime.bigint();
      const output = execFileSync(python, [join(root, 'scripts/bench/drift_scipy.py'), reference, current], { encoding: 'utf8' });
      theirsWall.push(Number(process.hrtime.bigint() - started) / 1e9);
      const parsed = JSON.parse(output);
      theirs.push(parsed.seconds);
      ks = parsed.ks;
    }
    const theirsBest = Math.min(...theirs);
    const theirsWallBest = Math.min(...theirsWall);
    console.log(
      `pandas.read_csv + scipy ks_2samp: best ${theirsBest.toFixed(2)} s of work (${theirsWallBest.toFixed(2)} s with interpreter start and imports)`,
    );
    console.log(
      `ratio ours / theirs: ${(oursBest / theirsBest).toFixed(2)} against their work only, ${(oursBest / theirsWallBest).toFixed(2)} against their whole process`,
    );
    let worst = 0;
    for (const column of report.columns) {
      const test = column.tests.find((t) => t.name === 'ks');
      const [statistic, pValue] = ks[column.name];
      if (test.statistic !== statistic) throw new Error(`KS statistic of ${column.name} differs: ${test.statistic} vs scipy ${statistic}`);
      worst = Math.max(worst, Math.abs(test.pValue - pValue) / Math.max(pValue, 1e-300));
    }
    console.log(`KS statistics identical to scipy on all ${report.columns.length} columns; largest relative p-value difference ${worst.toExponential(1)}`);
  }
} finally {
  for (const path of cleanup) rmSync(path, { recursive: true, force: true });
}
