// npm run mutate: StrykerJS with the vitest runner (configured in stryker.config.mjs), on the
// Node 24 binary the tests already use, since Stryker's current release needs Node >= 22.
// Arguments go to `stryker run`, e.g. npm run mutate -- --mutate src/core/drift/stats/ks.ts
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SETUP_HINT, findNode24, root } from './test-prerequisites.mjs';

const stryker = join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js');
const node24 = findNode24();
if (!existsSync(stryker)) {
  console.error('error: StrykerJS is not installed (a devDependency): run npm ci');
  process.exitCode = 1;
} else if (node24.binary === undefined) {
  console.error(`error: npm run mutate needs ${node24.missing}: ${SETUP_HINT}`);
  process.exitCode = 1;
} else {
  const child = spawn(node24.binary, [stryker, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
