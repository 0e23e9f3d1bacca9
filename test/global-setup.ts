// Finds what some tests need beyond `npm ci`, without the network: a Node 24 binary (the runtime
// of the actions, runs.using: node24), found by tests through CML_TEST_NODE24, and the linux-arm64
// sharp packages the bundle build ships (CML_TEST_ARM64_SHARP=1 when build.mjs has them). They are
// downloaded by `npm run test:setup` (scripts/test-setup.mjs). When one is missing, the tests that
// need it are skipped and this prints one line saying which and how to get them.

import { SETUP_HINT, findNode24, missingArm64Sharp } from '../scripts/test-prerequisites.mjs';

export default function setup(): void {
  const missing: string[] = [];
  const node24 = findNode24(process.env);
  if (node24.binary !== undefined) process.env.CML_TEST_NODE24 = node24.binary;
  else missing.push(node24.missing);
  const arm64 = missingArm64Sharp();
  process.env.CML_TEST_ARM64_SHARP = arm64.length === 0 ? '1' : '';
  if (arm64.length > 0) missing.push(`the linux-arm64 sharp packages (${arm64.join(', ')})`);
  if (missing.length > 0) {
    const skipped = [
      node24.binary ? '' : 'the Node 24 action tests (test/integration/dist.test.ts)',
      'the bundle build test (test/integration/plot/bundle.test.ts)',
    ].filter(Boolean);
    console.warn(`\nSKIPPING ${skipped.join(' and ')}: missing ${missing.join('; ')}. To run those tests, ${SETUP_HINT}.\n`);
  }
}
