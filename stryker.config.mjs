// Mutation testing (npm run mutate, not part of npm test: hours on two cores for everything): StrykerJS
// changes one thing at a time in the modules where a bug is a security or correctness incident and
// reruns the tests that cover it; a mutant that no test notices is a gap in the tests (or a change
// that cannot be observed, to be explained in the source with a `// Stryker disable` comment that
// says why). Scope a run to one file, and (much faster for modules that many integration tests
// reach) to the tests that matter for it:
//   npm run mutate -- --mutate src/core/comment/post.ts
//   npm run mutate -- --mutate src/core/drift/stats/ks.ts --tests 'test/unit/drift/**/*.test.ts'
// The HTML and JSON reports go to reports/mutation/.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // --tests (scripts/mutate.mjs) narrows the suite through vitest.mutate.config.ts.
  vitest: { configFile: process.env.CML_MUTATE_TESTS ? 'vitest.mutate.config.ts' : 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    // Comment posting: whose comment is edited, the marker, fitting the size limit.
    'src/core/comment/post.ts',
    'src/core/comment/marker.ts',
    'src/core/comment/truncate.ts',
    // GitHub requests: which are sent again (a write never on its own), which limits are waited out.
    'src/forges/github/request-policy.ts',
    // Secrets: what is masked, and in which forms.
    'src/logger.ts',
    'src/secrets.ts',
    // What `--publish` may upload.
    'src/core/assets/publishable.ts',
    // Drift statistics and the numbers metrics tables print.
    'src/core/drift/stats/ks.ts',
    'src/core/drift/stats/chi-square.ts',
    'src/core/metrics/python.ts',
    // Runner hardening: the boot script and the locked-down instance request.
    'src/core/runner/user-data.ts',
    'src/clouds/aws/run-input.ts',
  ],
  // Two shared cores.
  concurrency: 2,
  // Added to each mutant's time limit (1.5 x its tests' normal time): mutants that loop forever are
  // common in the statistics, and each one costs this much.
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['reports', '.bench', 'coverage', 'demo-output', '.cml'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
