// The esbuild settings of the product bundle, in one place. scripts/build.mjs uses them to write
// dist/; benchmarks and tests that need a bundle of the current sources (or of a test child next
// to the plot worker) call bundle() with their own entry points and output folder, so every
// bundle is made the way dist/ is.
import { build } from 'esbuild';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

/** The entry points of dist/: executables, action entries and worker threads. */
export async function productEntryPoints() {
  const entryPoints = {};
  for (const file of (await readdir(join(root, 'src/bin'))).sort()) {
    if (file.endsWith('.ts') && file !== 'run.ts') entryPoints[`bin/${basename(file, '.ts')}`] = join(root, 'src/bin', file);
  }
  for (const file of (await readdir(join(root, 'src/action/entries'))).sort()) {
    if (file.endsWith('.ts')) entryPoints[`actions/${basename(file, '.ts')}`] = join(root, 'src/action/entries', file);
  }
  // Worker threads are started from a file of their own (src/core/plot/layout-pool.ts finds it).
  entryPoints['workers/plot-layout'] = join(root, 'src/core/plot/layout-worker.ts');
  return entryPoints;
}

/**
 * Bundles `entryPoints` (default: the product's) into `outdir`, code-split. Returns the entry
 * points used. Options: `minify` (default true), `logLevel` (default 'warning').
 */
export async function bundle({ outdir, entryPoints, minify = true, logLevel = 'warning' }) {
  const entries = entryPoints ?? (await productEntryPoints());
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    // Loaded from dist/node_modules at run time (scripts/build.mjs ships them there).
    external: ['sharp', 'dejavu-fonts-ttf'],
    // ESM builds first: the AWS SDK's tree-shakes to about two thirds of its CommonJS size.
    mainFields: ['module', 'main'],
    minify,
    legalComments: 'none',
    charset: 'utf8',
    define: { __CML_VERSION__: JSON.stringify(pkg.version) },
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);" },
    logLevel,
  });
  return entries;
}
