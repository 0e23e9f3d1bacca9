// The only writer of dist/. Bundles every executable and action entry with esbuild, code-split so a
// command loads only the chunks it uses. sharp (native) stays external: it is loaded lazily and
// shipped beside the bundle, in dist/node_modules, with its libvips binaries for linux-x64 and
// linux-arm64, together with the DejaVu fonts plots are drawn in. The action then runs with no
// `npm install`.
//
// Run: npm run build            (writes dist/)
//      node scripts/build.mjs --outdir /tmp/cml-dist   (a build somewhere else, e.g. to test it)
//
// The binaries for the other architecture are not installed by `npm ci` on this one (npm skips
// optional packages whose `cpu` does not match). They are fetched with `npm pack` at the exact
// version and checked against the sha512 integrity recorded in package-lock.json, so a clean
// checkout builds byte-identical output; fetched tarballs are kept in node_modules/.cache.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle, root } from './bundle.mjs';

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8'));

const { values: args } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = args.outdir ? (isAbsolute(args.outdir) ? args.outdir : resolve(process.cwd(), args.outdir)) : join(root, 'dist');

/** Targets the action runs on (GitHub-hosted and common self-hosted Linux runners). */
const SHARP_PLATFORMS = ['linux-x64', 'linux-arm64'];
/** Pure-JavaScript packages sharp requires at run time. */
const SHARP_DEPENDENCIES = ['@img/colour', 'detect-libc', 'semver'];
/** The faces plots use (regular and bold for text, oblique for italic titles, mono for code). */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf', 'DejaVuSansMono.ttf'];

await rm(outdir, { recursive: true, force: true });
const entryPoints = await bundle({ outdir });

for (const name of Object.keys(entryPoints)) {
  if (name.startsWith('bin/')) await chmod(join(outdir, `${name}.js`), 0o755);
}

await shipRuntimePackages(join(outdir, 'node_modules'));

async function shipRuntimePackages(target) {
  await copyPackage('sharp', target, (path) => !/^(src|install|lib\/index\.d\.ts|README\.md)(\/|$)/.test(path));
  for (const name of SHARP_DEPENDENCIES) await copyPackage(name, target, (path) => !/(^|\/)(README\.md|CHANGELOG\.md|index\.d\.ts)$/.test(path));
  for (const platform of SHARP_PLATFORMS) {
    for (const name of [`@img/sharp-${platform}`, `@img/sharp-libvips-${platform}`]) await shipLocked(name, target);
  }
  const fonts = join(target, 'dejavu-fonts-ttf');
  await mkdir(join(fonts, 'ttf'), { recursive: true });
  for (const file of ['package.json', 'LICENSE']) await cp(join(root, 'node_modules/dejavu-fonts-ttf', file), join(fonts, file));
  for (const file of FONT_FILES) await cp(join(root, 'node_modules/dejavu-fonts-ttf/ttf', file), join(fonts, 'ttf', file));
}

/** Copies an installed package (at its locked version) into `target`, keeping files `keep` accepts. */
async function copyPackage(name, target, keep) {
  const from = join(root, 'node_modules', name);
  const locked = lock.packages[`node_modules/${name}`]?.version;
  const installed = JSON.parse(await readFile(join(from, 'package.json'), 'utf8')).version;
  if (locked !== installed) throw new Error(`${name} ${installed} is installed but package-lock.json has ${locked}: run npm ci`);
  await cp(from, join(target, name), {
    recursive: true,
    filter: (source) => {
      const path = source.slice(from.length + 1);
      return path === '' || (!path.startsWith('node_modules') && keep(path));
    },
  });
}

/** A platform package: from node_modules when npm installed it, else from its verified tarball. */
async function shipLocked(name, target) {
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`${name} is not in package-lock.json; it comes with sharp ${pkg.dependencies.sharp}`);
  const installed = join(root, 'node_modules', name, 'package.json');
  const present = await readFile(installed, 'utf8').then(JSON.parse, () => undefined);
  if (present?.version === entry.version) {
    await copyPackage(name, target, () => true);
    return;
  }
  const tarball = await fetchTarball(name, entry.version, entry.integrity);
  const destination = join(target, name);
  await mkdir(destination, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', destination, '--strip-components=1', '--no-same-owner'], { stdio: 'inherit' });
}

async function fetchTarball(name, version, integrity) {
  const cache = join(root, 'node_modules/.cache/cml-build');
  const file = join(cache, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
  if (!(await stat(file).catch(() => undefined)) || !(await matches(file, integrity))) {
    await mkdir(cache, { recursive: true });
    const output = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', cache, '--json', '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const packed = JSON.parse(output)[0];
    if (join(cache, packed.filename) !== file) await cp(join(cache, packed.filename), file);
  }
  if (!(await matches(file, integrity))) throw new Error(`${name}@${version}: the downloaded tarball does not match package-lock.json's integrity`);
  return file;
}

async function matches(file, integrity) {
  const [algorithm, expected] = integrity.split('-', 2);
  const actual = createHash(algorithm)
    .update(await readFile(file))
    .digest('base64');
  return actual === expected;
}
