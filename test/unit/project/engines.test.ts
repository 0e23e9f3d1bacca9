// package.json's `engines` is a promise to users: every runtime dependency must support the oldest
// Node it names, or `npm ci` warns EBADENGINE and the CLI may break there. The action itself runs
// on node24 (action.yml); test/integration/dist.test.ts runs the bundle on that.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error semver ships no types; only satisfies/minVersion are used.
import semver from 'semver';

const root = join(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } }>;
};

describe('engines', () => {
  const floor = (semver.minVersion(pkg.engines.node) as { version: string }).version;

  it('is met by every runtime dependency, so npm ci does not warn EBADENGINE', () => {
    const unmet = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.dev && entry.engines?.node !== undefined)
      .filter(([, entry]) => !semver.satisfies(floor, entry.engines?.node as string, { includePrerelease: true }))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${entry.engines?.node}`);
    expect(unmet).toEqual([]);
  });

  it('is the Node these tests run on, or older', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});
