// Benchmark: `cml drift` on two folders of 1,000 images each (64x64 grayscale PNGs made from the
// handwritten digits in test/fixtures/drift/images, shifted and brightened so no two are alike;
// the current folder mixes in digits the reference never had) next to the same pipeline written
// with Pillow + scikit-learn's PCA (scripts/bench/drift_images_sklearn.py, run with /usr/bin/python3
// when it has PIL, sklearn and scipy). Each run is one cold process; best of BENCH_RUNS (3) runs
// of each. Prints both times, their ratio, and what each found.
//
//   node scripts/bench/drift-images.mjs [--images 1000]

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { root } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// On a shared machine, a raised priority (when allowed) keeps other processes' load out of the figures.
try {
  setPriority(-15);
} catch {
  // not permitted: measure as is
}

const { values } = parseArgs({ options: { images: { type: 'string', default: '1000' } } });
const count = Number(values.images);
const fixtures = join(root, 'test/fixtures/drift/images');
const work = process.env.BENCH_KEEP ?? mkdtempSync(join(tmpdir(), 'cml-bench-drift-images-'));
try {
  const files = (folder) =>
    readdirSync(join(fixtures, folder), { recursive: true })
      .filter((name) => name.endsWith('.png'))
      .sort()
      .map((name) => join(fixtures, folder, name));
  const sources = { reference: files('reference'), current: [...files('same'), ...files('new-classes')] };
  for (const [folder, list] of Object.entries(sources)) {
    mkdirSync(join(work, folder));
    const jobs = [];
    for (let i = 0; i < count; i += 1) {
      // A different shift and brightness for each copy of a source image.
      const dx = i % 5;
      const dy = Math.floor(i / 5) % 5;
      const gain = 0.85 + 0.05 * (Math.floor(i / 25) % 4);
      jobs.push(
        sharp(list[i % list.length])
          .resize(56, 56, { kernel: 'cubic' })
          .extend({ left: dx, right: 8 - dx, top: dy, bottom: 8 - dy, background: '#000000' })
          .linear(gain, 0)
          .toColourspace('b-w')
          .png()
          .toFile(join(work, folder, `${String(i).padStart(5, '0')}.png`)),
      );
      if (jobs.length >= 64) await Promise.all(jobs.splice(0));
    }
    await Promise.all(jobs);
  }
  console.log(`data: ${count} reference and ${count} current 64x64 grayscale PNGs, compared at 32x32`);

  // Our CLI from a fresh build (sharp shipped beside it), so dist/ is not touched.
  const dist = join(work, 'dist');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', dist], { stdio: 'ignore' });
  const jsonOut = join(work, 'drift.json');
  const runOurs = () => {
    const started = process.hrtime.bigint();
    const args = [
      join(dist, 'bin/cml.js'),
      'drift',
      '--reference',
      join(work, 'reference'),
      '--current',
      join(work, 'current'),
      '--json',
      jsonOut,
      '--log',
      'debug',
    ];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`cml drift failed (${result.status}): ${result.stderr}`);
    // The work alone, as the Python side measures it: from the first file read to the last error computed.
    const workSeconds = Number(/scored \d+ current images in (\d+) ms/.exec(result.stderr)?.[1] ?? Number.NaN) / 1000;
    return { seconds, work: workSeconds };
  };
  const oursRuns = Array.from({ length: RUNS }, runOurs);
  const ours = Math.min(...oursRuns.map((run) => run.seconds));
  const oursWork = Math.min(...oursRuns.map((run) => run.work));
  const images = JSON.parse(readFileSync(jsonOut, 'utf8')).images;
  console.log(
    `cml drift: best ${ours.toFixed(2)} s whole process of ${oursRuns.map((run) => run.seconds.toFixed(2)).join(', ')}; ${oursWork.toFixed(2)} s of work (decode, PCA, errors)`,
  );
  console.log(
    `  ${images.model}; threshold ${images.threshold.toPrecision(4)}, ${images.outliers.length} outliers, KS ${images.test.statistic.toFixed(3)}, drift ${images.drift}`,
  );

  const python = '/usr/bin/python3';
  const ready = existsSync(python) && spawnSync(python, ['-c', 'import PIL, sklearn, scipy'], { encoding: 'utf8' }).status === 0;
  if (!ready) {
    console.log('Pillow/scikit-learn/scipy not available under /usr/bin/python3 (apt-get install python3-pil python3-sklearn): no comparison');
  } else {
    const theirsRuns = Array.from({ length: RUNS }, () => {
      const started = process.hrtime.bigint();
      const output = execFileSync(python, [join(root, 'scripts/bench/drift_images_sklearn.py'), join(work, 'reference'), join(work, 'current')], {
        encoding: 'utf8',
      });
      return { wall: Number(process.hrtime.bigint() - started) / 1e9, ...JSON.parse(output) };
    });
    const theirs = theirsRuns[0];
    const theirsWork = Math.min(...theirsRuns.map((run) => run.seconds));
    const theirsWall = Math.min(...theirsRuns.map((run) => run.wall));
    console.log(`Pillow + scikit-learn PCA: best ${theirsWork.toFixed(2)} s of work (${theirsWall.toFixed(2)} s with interpreter start and imports)`);
    console.log(`  ${theirs.components} components; threshold ${theirs.threshold.toPrecision(4)}, ${theirs.outliers} outliers, KS ${theirs.ks[0].toFixed(3)}`);
    console.log(
      `ratio ours / theirs: ${(ours / theirsWall).toFixed(2)} whole process against whole process (goal <= 1: ${ours <= theirsWall ? 'met' : 'NOT met'}), ${(oursWork / theirsWork).toFixed(2)} work against work`,
    );
  }
} finally {
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
}
