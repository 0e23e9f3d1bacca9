// npm run mutate: StrykerJS with the vitest runner (configured in stryker.config.mjs), on the
// Node 24 binary the tests already use. Stryker's current release needs Node >= 22, so it is not a
// devDependency (npm ci would warn EBADENGINE on the Node 20 the project supports): it is installed
// on first use, at pinned versions, into node_modules/.cache/cml-stryker, from where it still finds
// the project's own vitest (resolution walks up into node_modules).
// Arguments go to `stryker run`, e.g. npm run mutate -- --mutate src/core/drift/stats/ks.ts, except
// --tests GLOBS (comma-separated), which runs only those test files (vitest.mutate.config.ts).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SETUP_HINT, findNode24, root } from './test-prerequisites.mjs';

const STRYKER_PACKAGES = ['@stryker-mutator/core@10.1.1', '@stryker-mutator/vitest-runner@10.1.1'];
const prefix = join(root, 'node_modules/.cache/cml-stryker');
const stryker = join(prefix, 'node_modules/@stryker-mutator/core/bin/stryker.js');

const node24 = findNode24();
if (node24.binary === undefined) {
  console.error(`error: npm run mutate needs ${node24.missing}: ${SETUP_HINT}`);
  process.exitCode = 1;
} else {
  if (!existsSync(stryker)) {
    console.log(`installing ${STRYKER_PACKAGES.join(' ')} into ${prefix} (once)`);
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--engine-strict=false', '--prefix', prefix, ...STRYKER_PACKAGES], {
      stdio: 'inherit',
      timeout: 300_000,
    });
  }
  const args = process.argv.slice(2);
  const env = { ...process.env };
  const tests = args.indexOf('--tests');
  if (tests !== -1) {
    const globs = args[tests + 1];
    if (globs === undefined || globs.startsWith('-')) {
      console.error("error: --tests needs the test files to run, e.g. --tests 'test/unit/drift/**/*.test.ts'");
      process.exit(2);
    }
    env.CML_MUTATE_TESTS = globs;
    args.splice(tests, 2);
  }
  const child = spawn(node24.binary, [stryker, 'run', ...args], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
