// The only writer of dist/. Bundles every executable and action entry with esbuild, code-split so a
// command loads only the chunks it uses. sharp (native) stays external: it is loaded lazily and
// shipped beside the bundle. Run: npm run build
import { build } from 'esbuild';
import { chmod, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const entryPoints = {};
for (const file of await readdir(join(root, 'src/bin'))) {
  if (file.endsWith('.ts') && file !== 'run.ts') entryPoints[`bin/${basename(file, '.ts')}`] = join(root, 'src/bin', file);
}
for (const file of await readdir(join(root, 'src/action/entries'))) {
  if (file.endsWith('.ts')) entryPoints[`actions/${basename(file, '.ts')}`] = join(root, 'src/action/entries', file);
}

await rm(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints,
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['sharp'],
  // ESM builds first: the AWS SDK's tree-shakes to about two thirds of its CommonJS size.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  define: { __CML_VERSION__: JSON.stringify(pkg.version) },
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

for (const name of Object.keys(entryPoints)) {
  if (name.startsWith('bin/')) await chmod(join(root, 'dist', `${name}.js`), 0o755);
}
